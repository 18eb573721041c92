import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';

import { credentialsFor, testService } from './support/service.js';

/** Bad bodies get a 400 that names every offending field, before any connection. */
describe('POST /workflows/v1/auth input validation', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ app } = await testService());
  });
  afterAll(async () => app.close());

  const post = (payload: unknown, headers: Record<string, string> = {}) => app.inject({
    method: 'POST', url: '/workflows/v1/auth', headers: { 'content-type': 'application/json',
      ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  it('lists every offending field in one answer', async () => {
    const response = await post({ authType: 'kerberos', host: '', port: 70000, username: 7,
      database: 'd', extra: { ssl_mode: 'sometimes' }, surprise: true });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.success).toBe(false);
    const fields = body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['authType', 'body', 'extra.ssl_mode', 'host', 'password', 'port',
      'username'].sort());
    expect(body.message).toContain('authType');
  });

  it('says what is wrong with each field', async () => {
    const response = await post({ ...credentialsFor('u', 'p', 'd'), port: 0,
      authType: 'ldap' });
    const messages = Object.fromEntries(response.json().errors.map(
      (error: { field: string; message: string }) => [error.field, error.message]));
    expect(messages.port).toBe('must be >= 1');
    expect(messages.authType).toBe('must be one of: basic, oauth, token');
  });

  it('names an unknown key that looks like a typo, and only counts any other', async () => {
    const response = await post({ ...credentialsFor('u', 'p', 'd'), Port: 5432,
      extra: { ssl_mod: 'require', 'x-mystery': 1 } });
    expect(response.json().errors).toEqual([
      { field: 'Port', message: 'is not a known field; did you mean port?' },
      { field: 'extra.ssl_mod', message: 'is not a known field; did you mean ssl_mode?' },
      { field: 'extra', message: expect.stringMatching(/^has 1 unknown field\(s\); known/) },
    ]);
  });

  it('accepts extra as a string holding a JSON object', async () => {
    const response = await post({ ...credentialsFor('u', 'p', 'd'), port: 1,
      extra: JSON.stringify({ ssl_mode: 'bogus' }) });
    expect(response.json().errors).toEqual([{ field: 'extra.ssl_mode',
      message: 'must be one of: disable, allow, prefer, require, verify-ca, verify-full' }]);
  });

  it('refuses a string extra that is not a JSON object, naming extra', async () => {
    for (const extra of ['{not json', '[1,2]', '42', 'null']) {
      const response = await post({ ...credentialsFor('u', 'p', 'd'), extra });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'extra',
        message: 'must be a JSON object, or a string holding one' }]);
    }
  });

  it('refuses malformed PEM before trying to connect', async () => {
    const response = await post({ ...credentialsFor('u', 'p', 'd'), port: 1, extra: {
      ssl_mode: 'verify-full', ssl_root_cert: '-----BEGIN CERTIFICATE-----\nnope\n' +
        '-----END CERTIFICATE-----' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'extra.ssl_root_cert',
      message: 'is not a valid PEM certificate' }]);
  });

  it('refuses host values that are neither a host name nor an IP literal', async () => {
    for (const host of ['db host', 'http://db', '-db', 'db..example', '999.1.1.1', 'a/b']) {
      const response = await post({ ...credentialsFor('u', 'p', 'd'), host });
      expect(response.json().errors, host).toEqual([{ field: 'host',
        message: 'must be a host name or an IP address' }]);
    }
  });

  it('asks for a token with authType token and for the grant settings with oauth', async () => {
    const token = await post({ ...credentialsFor('u', '', 'd'), authType: 'token' });
    expect(token.json().errors).toEqual([{ field: 'password',
      message: 'must hold the token, or give it in extra.token' }]);

    const oauth = await post({ ...credentialsFor('u', '', 'd'), authType: 'oauth',
      extra: { client_id: 'app' } });
    expect(oauth.json().errors.map((error: { field: string }) => error.field))
      .toEqual(['extra.client_secret', 'extra.token_url']);
  });

  it('answers malformed JSON with a 400 that does not quote the body', async () => {
    const response = await post('{"password": "Quoted-Secret-55", ');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'body',
      message: 'must be a valid JSON object' }]);
    expect(response.body).not.toContain('Quoted-Secret-55');
  });

  it('answers a body that is not an object with a 400', async () => {
    for (const payload of ['[]', '"text"', '12', 'null']) {
      const response = await post(payload);
      expect(response.statusCode, payload).toBe(400);
    }
  });

  it('answers __proto__ keys with a 400 and pollutes nothing', async () => {
    const response = await post('{"__proto__": {"polluted": true}, "authType": "basic"}');
    expect(response.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers another content type with 415 and an oversized body with 413', async () => {
    const text = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);

    const huge = await post({ ...credentialsFor('u', 'p', 'd'), database: 'x'.repeat(300_000) });
    expect(huge.statusCode).toBe(413);
  });
});
