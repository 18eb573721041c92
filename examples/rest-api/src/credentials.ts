// In an app of your own this import reads: from 'sourcegate'.
import { defineCredentials, type FieldError, type Static, Type } from '../../../src/index.js';

const secret = (description: string) =>
  Type.String({ description, writeOnly: true, minLength: 1, maxLength: 8192 });

/**
 * What the setup page asks for to reach the inventory REST API. Secret fields carry
 * `writeOnly`, which is what keeps them out of logs and answers.
 */
export const RestCredentialsSchema = Type.Object({
  authType: Type.Enum(['basic', 'token', 'oauth'], {
    description: 'basic: user and password; token: a bearer token; oauth: the ' +
      'client-credentials grant at tokenUrl.' }),
  baseUrl: Type.String({ minLength: 1, maxLength: 2048, examples: ['https://api.example.com/v1'],
    description: 'Root URL of the API; /me and /resources are read below it.' }),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  password: Type.Optional(secret('Password, for authType basic.')),
  token: Type.Optional(secret('Bearer token, for authType token.')),
  clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  clientSecret: Type.Optional(secret('OAuth client secret, for authType oauth.')),
  tokenUrl: Type.Optional(Type.String({ maxLength: 2048,
    description: 'OAuth token endpoint, for authType oauth.' })),
  scope: Type.Optional(Type.String({ maxLength: 1024 })),
}, { additionalProperties: false });

export type RestCredentials = Static<typeof RestCredentialsSchema>;

const NEEDED: Record<RestCredentials['authType'], readonly (keyof RestCredentials)[]> = {
  basic: ['username', 'password'],
  token: ['token'],
  oauth: ['clientId', 'clientSecret', 'tokenUrl'],
};

/** The rules a schema cannot state: which fields each authType needs, and real URLs. */
export function checkRestCredentials(value: Partial<RestCredentials>): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['baseUrl', 'tokenUrl'] as const) {
    const text = value[field];
    if (typeof text === 'string' && !isPlainHttpUrl(text)) {
      errors.push({ field, message: 'must be an http or https URL without user or password' });
    }
  }

  const needed = value.authType ? NEEDED[value.authType] ?? [] : [];
  for (const field of needed.filter((name) => value[name] === undefined)) {
    errors.push({ field, message: `is required for authType ${value.authType}` });
  }
  return errors;
}

function isPlainHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export const restCredentials = defineCredentials(RestCredentialsSchema, checkRestCredentials);
