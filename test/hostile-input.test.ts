import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testService } from './support/service.js';

const GOOD = Object.freeze({ authType: 'basic', host: '127.0.0.1', port: 5432,
  username: 'hostile_user', password: 'Hostile-Canary-4e1d', database: 'hostile_db' });
const FIELDS = Object.keys(GOOD) as (keyof typeof GOOD)[];
const RUNS = 150;

/** The three workflow endpoints and how each wraps the credential fields. */
const ENDPOINTS = [
  { url: '/workflows/v1/auth', wrap: (credentials: unknown) => credentials, prefix: '' },
  { url: '/workflows/v1/metadata', wrap: (credentials: unknown) => credentials, prefix: '' },
  { url: '/workflows/v1/check', prefix: 'credentials.', wrap: (credentials: unknown) => ({
    credentials, metadata: { 'include-filter': {}, 'exclude-filter': {} } }) },
];

let app: FastifyInstance;
let logText: () => string;

beforeAll(async () => {
  const service = await testService({ config: { rateLimitMax: 0, connectTimeoutMs: 500 } });
  app = service.app;
  logText = () => service.logs.text();
});

afterAll(async () => {
  await app.close();
  expect(logText()).not.toContain(GOOD.password);
});

const send = (url: string, payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });

/** A client error with the contract's body: never a 500, never the secret. */
function expectClientError(response: Awaited<ReturnType<typeof send>>) {
  expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, response.body).toBeLessThan(500);
  expect(response.json().success).toBe(false);
  expect(response.body).not.toContain(GOOD.password);
}

function fieldsOf(response: Awaited<ReturnType<typeof send>>): string[] {
  return (response.json().errors ?? []).map((error: { field: string }) => error.field);
}

// Values of the wrong JSON type for each field.
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string()));
const notAPort = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.double(),
  fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.constant(1e308), fc.constant(5432.5));
// Strings that hold a character no host name or IP literal has.
const badHost = fc.tuple(fc.string({ maxLength: 20 }),
  fc.constantFrom(' ', '\0', '/', '@', '#', '?', '\\', '%', '\u00e9', '\n', '..'),
  fc.string({ maxLength: 20 })).map(([left, bad, right]) => `${left}${bad}${right}`);

for (const endpoint of ENDPOINTS) {
  describe(`hostile bodies on POST ${endpoint.url}`, () => {
    const post = (credentials: unknown) =>
      send(endpoint.url, JSON.stringify(endpoint.wrap(credentials)));
    const field = (name: string) => endpoint.prefix + name;

    it('answers any JSON value with a 4xx', async ({ skip }) => {
      if (!app.hasRoute({ method: 'POST', url: endpoint.url })) skip('route not registered yet');
      await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        expectClientError(await send(endpoint.url, JSON.stringify(value)));
      }), { numRuns: RUNS });
    });

    it('names a field of the wrong type, a missing one and an unknown one', async ({ skip }) => {
      if (!app.hasRoute({ method: 'POST', url: endpoint.url })) skip('route not registered yet');
      await fc.assert(fc.asyncProperty(
        fc.constantFrom(...FIELDS), notAString, notAPort, fc.constantFrom(...FIELDS),
        fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !(key in GOOD) &&
          !['extra', 'type', 'database', '__proto__', 'constructor'].includes(key)),
        async (wrongField, stringValue, portValue, missing, unknownKey) => {
          const body: Record<string, unknown> = { ...GOOD,
            [wrongField]: wrongField === 'port' ? portValue : stringValue };
          delete body[missing];
          body[unknownKey] = 'surprise';

          const response = await post(body);
          expectClientError(response);
          const named = fieldsOf(response);
          if (missing !== wrongField) expect(named).toContain(field(wrongField));
          expect(named).toContain(field(missing));
        }), { numRuns: RUNS });
    });

    it('refuses hosts that are neither a name nor an IP literal', async ({ skip }) => {
      if (!app.hasRoute({ method: 'POST', url: endpoint.url })) skip('route not registered yet');
      await fc.assert(fc.asyncProperty(badHost, async (host) => {
        const response = await post({ ...GOOD, host });
        expectClientError(response);
        expect(fieldsOf(response)).toContain(field('host'));
      }), { numRuns: RUNS });
    });

    it('refuses NUL bytes, huge strings and deeply nested values', async ({ skip }) => {
      if (!app.hasRoute({ method: 'POST', url: endpoint.url })) skip('route not registered yet');
      // Built as text: JSON.stringify itself would run out of stack on these.
      const deepObject = `${'{"a":'.repeat(10_000)}"bottom"${'}'.repeat(10_000)}`;
      const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const cases: [Record<string, unknown>, string][] = [
        [{ ...GOOD, username: 'app\0reader' }, 'username'],
        [{ ...GOOD, database: 'sales\0' }, 'database'],
        [{ ...GOOD, host: 'db\0.example' }, 'host'],
        [{ ...GOOD, password: 'x'.repeat(70_000) }, 'password'],
        [{ ...GOOD, username: 'u'.repeat(100_000) }, 'username'],
        [{ ...GOOD, extra: '$deepObject' }, 'extra'],
        [{ ...GOOD, extra: { ssl_mode: '$deepArray' } }, 'extra.ssl_mode'],
        [{ ...GOOD, port: '$deepArray' }, 'port'],
      ];
      const deep = (text: string) => text.replace('"$deepObject"', deepObject)
        .replace('"$deepArray"', deepArray);
      for (const [body, offending] of cases) {
        const response = await send(endpoint.url, deep(JSON.stringify(endpoint.wrap(body))));
        expectClientError(response);
        expect(fieldsOf(response).some((name) => name.startsWith(field(offending))),
          `${offending}: ${response.body.slice(0, 300)}`).toBe(true);
      }
    });

    it('refuses __proto__ and constructor keys and pollutes nothing', async ({ skip }) => {
      if (!app.hasRoute({ method: 'POST', url: endpoint.url })) skip('route not registered yet');
      const good = JSON.stringify(GOOD).slice(1, -1);
      const bodies = [
        `{${good},"__proto__":{"polluted":"yes"}}`,
        `{${good},"constructor":{"prototype":{"polluted":"yes"}}}`,
        `{${good},"extra":{"__proto__":{"polluted":"yes"}}}`,
        `{${good},"extra":"{\\"__proto__\\":{\\"polluted\\":\\"yes\\"}}"}`,
        `{${good},"extra":{"constructor":{"prototype":{"polluted":"yes"}}}}`,
      ].map((body) => endpoint.prefix ? `{"credentials":${body},"metadata":{}}` : body);
      for (const body of bodies) {
        expectClientError(await send(endpoint.url, body));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty('polluted');
      }
    });

    it('answers 413 past the body limit, 415 for other types, 400 for broken JSON',
      async ({ skip }) => {
        if (!app.hasRoute({ method: 'POST', url: endpoint.url })) skip('route not registered yet');
        const huge = JSON.stringify({ ...GOOD, password: 'p'.repeat(300 * 1024) });
        expect((await send(endpoint.url, huge)).statusCode).toBe(413);
        for (const type of ['text/plain', 'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x', 'application/xml']) {
          const response = await send(endpoint.url, JSON.stringify(GOOD), type);
          expect(response.statusCode, type).toBe(415);
          expect(response.body).not.toContain(GOOD.password);
        }
        for (const broken of ['{', '{"host":', 'nul\0l', '{"a":1}}', '\u0000']) {
          expectClientError(await send(endpoint.url, broken));
        }
      });
  });
}
