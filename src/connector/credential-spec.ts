import Type, { type Static, type TObject, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

import type { FieldError, Parsed } from '../errors/field-error.js';

/**
 * A connector's credential shape, written once as a TypeBox schema. From it come the
 * request validation, the TypeScript type, the OpenAPI document and the list of secret
 * fields (those marked `writeOnly`) that logs and answers must never carry.
 */
export interface CredentialSpec<C> {
  /** The schema requests are checked against, with `extra` already an object. */
  readonly schema: TObject;
  /** The schema as it is published: `extra` may also arrive as a string of JSON. */
  readonly wireSchema: TObject;
  /** Dotted paths of the fields marked `writeOnly`, such as `password`, `extra.ssl_key`. */
  readonly secretFields: readonly string[];
  /** Checks a request body; `path` prefixes every field name (`credentials.`). */
  parse(body: unknown, path?: string): Parsed<C>;
}

/** Checks that the schema cannot express, such as PEM material or a token's presence. */
export type CredentialCheck<C> = (value: Partial<C>) => FieldError[];

export function defineCredentials<S extends TObject>(
  schema: S,
  check: CredentialCheck<Static<S>> = () => [],
): CredentialSpec<Static<S>> {
  const validator = Compile(schema);
  const wireSchema = withStringExtra(schema);
  const secretFields = Object.freeze(collectSecretFields(schema, ''));

  return Object.freeze({
    schema,
    wireSchema,
    secretFields,
    parse(body: unknown, path = ''): Parsed<Static<S>> {
      if (!isPlainObject(body)) {
        return { ok: false, errors: [{ field: path.replace(/\.$/, '') || 'body',
          message: 'must be a JSON object' }] };
      }

      const { value, errors } = normaliseExtra(body, path);
      for (const error of validator.Errors(value)) errors.push(...describe(error, path, schema));
      for (const error of check(value as Partial<Static<S>>)) {
        errors.push({ field: path + error.field, message: error.message });
      }

      if (errors.length > 0) return { ok: false, errors: firstPerField(errors) };
      return { ok: true, value: value as Static<S> };
    },
  });
}

/**
 * Copies the body, parsing a string `extra` into an object. A string that is not a
 * JSON object is reported and dropped so the other fields are still checked. The
 * parser's own message is not used: it quotes the input, which may hold a secret.
 */
function normaliseExtra(body: Record<string, unknown>, path: string) {
  const value: Record<string, unknown> = { ...body };
  const errors: FieldError[] = [];

  if (typeof value.extra === 'string') {
    const text = value.extra.trim();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isPlainObject(parsed)) {
      value.extra = parsed;
    } else {
      delete value.extra;
      errors.push({ field: `${path}extra`,
        message: 'must be a JSON object, or a string holding one' });
    }
  }

  return { value, errors };
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** Turns one schema error into field errors a person can read. */
function describe(error: SchemaError, path: string, schema: TObject): FieldError[] {
  const segments = error.instancePath.slice(1).split('/').filter(Boolean).join('.');
  const base = (path + segments).replace(/\.$/, '');
  const child = (name: string) => (base === '' ? name : `${base}.${name}`);

  switch (error.keyword) {
    case 'required':
      return (error.params.requiredProperties as string[]).map((name) => ({
        field: child(name),
        message: 'is required',
      }));
    case 'additionalProperties':
      return unknownFields(error.params.additionalProperties as string[],
        knownNames(schema, error.instancePath), base, child);
    case 'boolean':
      // The twin of an additionalProperties error, reported once above.
      return [];
    case 'enum':
      return [{ field: base, message:
        `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}` }];
    case 'type':
      return [{ field: base, message: `must be ${article(String(error.params.type))}` }];
    case 'minLength':
      return [{ field: base, message: error.params.limit === 1
        ? 'must not be empty' : `must have at least ${error.params.limit} characters` }];
    case 'maxLength':
      return [{ field: base, message: `must have at most ${error.params.limit} characters` }];
    case 'minimum':
    case 'maximum':
      return [{ field: base, message: `must be ${error.message.replace(/^must be /, '')}` }];
    default:
      return [{ field: base || 'body', message: error.message }];
  }
}

/**
 * An unknown key is named only when it looks like a typo of a known one. Any other key
 * is reported on its parent without quoting it: people paste secrets into odd places,
 * and a key is as likely a place as a value.
 */
function unknownFields(
  names: string[],
  known: string[],
  base: string,
  child: (name: string) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  let strangers = 0;
  for (const name of names) {
    const meant = closestKnown(name, known);
    if (meant) {
      errors.push({ field: child(name), message: `is not a known field; did you mean ${meant}?` });
    } else {
      strangers += 1;
    }
  }
  if (strangers > 0) {
    errors.push({ field: base || 'body', message: `has ${strangers} unknown field(s); ` +
      `known fields are ${known.join(', ')}` });
  }
  return errors;
}

function knownNames(schema: TSchema, instancePath: string): string[] {
  let node: TSchema | undefined = schema;
  for (const key of instancePath.split('/').filter(Boolean)) {
    node = (node as { properties?: Record<string, TSchema> } | undefined)?.properties?.[key];
  }
  return Object.keys((node as { properties?: object } | undefined)?.properties ?? {});
}

/** The known name at most two edits away (Levenshtein, ignoring case), nearest first. */
function closestKnown(name: string, known: string[]): string | undefined {
  if (name.length > 64) return undefined;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

function editDistance(from: string, to: string): number {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let row = 1; row <= from.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= to.length; column += 1) {
      const substitution = from[row - 1] === to[column - 1] ? 0 : 1;
      current.push(Math.min(previous[column]! + 1, current[column - 1]! + 1,
        previous[column - 1]! + substitution));
    }
    previous = current;
  }
  return previous[to.length]!;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** One message per field: the first is the most specific, later ones repeat it. */
function firstPerField(errors: FieldError[]): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const error of errors) if (!seen.has(error.field)) seen.set(error.field, error);
  return [...seen.values()];
}

function collectSecretFields(schema: TSchema, prefix: string): string[] {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  return Object.entries(properties).flatMap(([name, property]) => {
    const path = prefix + name;
    const nested = collectSecretFields(property, `${path}.`);
    return (property as { writeOnly?: boolean }).writeOnly ? [path, ...nested] : nested;
  });
}

function withStringExtra<S extends TObject>(schema: S): TObject {
  const extra = schema.properties.extra;
  if (extra === undefined) return schema;

  const properties = { ...schema.properties };
  properties.extra = Type.Optional(Type.Union([extra, Type.String({
    description: 'The same object as a string of JSON, as some front ends send it.',
  })], { description: (extra as { description?: string }).description }));
  return Type.Object(properties, { additionalProperties: false });
}

/**
 * The values held in the secret fields of a parsed body, for scrubbing text that came
 * from elsewhere (a server's error message) before it is shown or logged.
 */
export function secretValuesOf(secretFields: readonly string[], value: unknown): string[] {
  return secretFields.flatMap((path) => {
    let node: unknown = value;
    for (const key of path.split('.')) node = isPlainObject(node) ? node[key] : undefined;
    return typeof node === 'string' && node !== '' ? [node] : [];
  });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
