import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Socket } from 'node:net';

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort } from '../demo/embedded-postgres.js';
import type { HostResolver } from '../src/net/resolver.js';
import { createCertificateAuthority } from './support/certificates.js';
import { adminClient, CapturedLogs, credentialsFor, testService,
  uniqueName } from './support/service.js';

const CONNECT_TIMEOUT_MS = 1_500;
// Time allowed past the connect timeout for the answer to be built and sent.
const TIMEOUT_MARGIN_MS = 1_000;

const IAM_TOKEN = `iam-${randomBytes(18).toString('base64url')}`;
const ISSUED_TOKEN = `at-${randomBytes(24).toString('base64url')}`;
const CLIENT_ID = 'sourcegate-test-client';
const CLIENT_SECRET = `cs-${randomBytes(16).toString('base64url')}`;
const WRONG_SECRET = `wrong-${randomBytes(16).toString('base64url')}`;
const SCOPE = 'db:connect';

// The identity provider's name resolves only through the injected resolver, to loopback.
const IDP_HOST = 'idp.test';
const resolver: HostResolver = async (host) => {
  if (host === 'localhost' || host === IDP_HOST) return ['127.0.0.1'];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

describe('authType token and oauth against real PostgreSQL', () => {
  const tokenRole = uniqueName('iam_user');
  const oauthRole = uniqueName('oauth_user');
  const database = 'postgres';
  const grants: { authorization?: string; form: URLSearchParams }[] = [];
  const bodies: string[] = [];
  let admin: pg.Client;
  let app: FastifyInstance;
  let logs: CapturedLogs;
  let idp: Server;
  let idpPort: number;
  let untrustedIdp: Server;
  let silent: ReturnType<typeof silentListener>;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${tokenRole} LOGIN PASSWORD '${IAM_TOKEN}'`);
    await admin.query(`CREATE ROLE ${oauthRole} LOGIN PASSWORD '${ISSUED_TOKEN}'`);

    idp = createHttpServer((request, response) => {
      void answerTokenRequest(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    idpPort = (idp.address() as { port: number }).port;

    // The same endpoint over HTTPS, with a certificate from a CA the service does not know.
    const pair = createCertificateAuthority('Private IdP CA').issue({ commonName: 'localhost',
      usage: 'server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    untrustedIdp = createHttpsServer({ cert: pair.certPem, key: pair.keyPem },
      (_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => untrustedIdp.listen(0, '127.0.0.1', resolve));
    silent = silentListener();
    await silent.listening;

    ({ app, logs } = await testService({ resolver,
      config: { connectTimeoutMs: CONNECT_TIMEOUT_MS } }));
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => idp?.close(resolve));
    await new Promise((resolve) => untrustedIdp?.close(resolve));
    await silent?.close();
    await admin.query(`DROP ROLE IF EXISTS ${tokenRole}`);
    await admin.query(`DROP ROLE IF EXISTS ${oauthRole}`);
    await admin.end();
  });

  /** A small client-credentials token endpoint (RFC 6749, 4.4) that checks what it gets. */
  async function answerTokenRequest(request: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    grants.push({ authorization: request.headers.authorization, form });

    if (request.url === '/broken') return { status: 502, body: { upstream: 'down' } };
    if (request.method !== 'POST' || request.url !== '/oauth/token' ||
      request.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return { status: 400, body: { error: 'invalid_request' } };
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const [id, secret] = Buffer.from((request.headers.authorization ?? '')
      .replace(/^Basic /, ''), 'base64').toString('utf8').split(':').map(decodeURIComponent);
    if (id !== CLIENT_ID || secret !== CLIENT_SECRET) {
      // Real providers sometimes quote the input; the service must not pass it on.
      return { status: 401, body: { error: 'invalid_client',
        error_description: `client ${id} with secret ${secret} is unknown` } };
    }
    if (form.has('scope') && form.get('scope') !== SCOPE) {
      return { status: 400, body: { error: 'invalid_scope' } };
    }
    return { status: 200, body: { access_token: ISSUED_TOKEN, token_type: 'Bearer',
      expires_in: 300 } };
  }

  const post = async (payload: object) => {
    const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth', payload });
    bodies.push(response.body);
    return { status: response.statusCode, body: response.json() };
  };
  const login = (authType: string, user: string, password: string,
    extra?: Record<string, unknown>) =>
    ({ ...credentialsFor(user, password, database, extra), authType });
  const grant = (settings: Record<string, unknown> = {}) => login('oauth', oauthRole, '', {
    client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
    token_url: `http://127.0.0.1:${idpPort}/oauth/token`, ...settings });

  describe('token', () => {
    it('presents a token given as password', async () => {
      const { status, body } = await post(login('token', tokenRole, IAM_TOKEN));
      expect(body).toEqual({ success: true, message: 'Authentication successful' });
      expect(status).toBe(200);
    });

    it('presents extra.token when password is empty', async () => {
      const { status } = await post(login('token', tokenRole, '', { token: IAM_TOKEN }));
      expect(status).toBe(200);
    });

    it('answers INVALID_CREDENTIALS naming extra.token for a stale token', async () => {
      const { status, body } = await post(login('token', tokenRole, '',
        { token: `${IAM_TOKEN}-stale` }));
      expect(status).toBe(500);
      expect(body.error.code).toBe('INVALID_CREDENTIALS');
      expect(body.error.fields).toEqual(['username', 'extra.token']);
      expect(body.error.hint).toContain(tokenRole);
    });

    it('answers 400 naming password when no token is given anywhere', async () => {
      const { status, body } = await post(login('token', tokenRole, ''));
      expect(status).toBe(400);
      expect(body.errors.map((error: { field: string }) => error.field)).toEqual(['password']);
    });
  });

  describe('oauth with an access token', () => {
    it('presents extra.oauth_token', async () => {
      const { status } = await post(login('oauth', oauthRole, '',
        { oauth_token: ISSUED_TOKEN }));
      expect(status).toBe(200);
    });

    it('answers INVALID_CREDENTIALS naming extra.oauth_token for a token the server refuses',
      async () => {
        const { body } = await post(login('oauth', oauthRole, '', { oauth_token: IAM_TOKEN }));
        expect(body.error.code).toBe('INVALID_CREDENTIALS');
        expect(body.error.fields).toEqual(['username', 'extra.oauth_token']);
      });
  });

  describe('oauth with the client-credentials grant', () => {
    it('fetches a token with HTTP Basic client auth and the scope, then logs in with it',
      async () => {
        const before = grants.length;
        const { status, body } = await post(grant({ scope: SCOPE }));
        expect(body).toEqual({ success: true, message: 'Authentication successful' });
        expect(status).toBe(200);

        const sent = grants.slice(before);
        expect(sent).toHaveLength(1);
        expect(sent[0]?.form.get('grant_type')).toBe('client_credentials');
        expect(sent[0]?.form.get('scope')).toBe(SCOPE);
        expect(sent[0]?.authorization).toBe(
          `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
      });

    it('works without a scope, and reaches the endpoint by a name the resolver gives',
      async () => {
        const before = grants.length;
        const { status } = await post(grant({
          token_url: `http://${IDP_HOST}:${idpPort}/oauth/token` }));
        expect(status).toBe(200);
        expect(grants[before]?.form.has('scope')).toBe(false);
      });

    it('answers INVALID_CREDENTIALS naming the client fields for a wrong client secret',
      async () => {
        const { status, body } = await post(grant({ client_secret: WRONG_SECRET }));
        expect(status).toBe(500);
        expect(body.error.code).toBe('INVALID_CREDENTIALS');
        expect(body.error.fields).toEqual(['extra.client_id', 'extra.client_secret']);
        expect(body.message).toContain(CLIENT_ID);
        expect(body.message).toContain('invalid_client');
      });

    it('answers INVALID_CREDENTIALS naming extra.scope for a refused scope', async () => {
      const { body } = await post(grant({ scope: 'admin:all' }));
      expect(body.error.code).toBe('INVALID_CREDENTIALS');
      expect(body.error.fields).toEqual(['extra.scope']);
    });

    it('answers CONNECTION_TIMEOUT within the connect timeout for a silent endpoint',
      async () => {
        const started = Date.now();
        const { status, body } = await post(grant({
          token_url: `http://127.0.0.1:${silent.port()}/oauth/token` }));
        const elapsedMs = Date.now() - started;

        expect(status).toBe(500);
        expect(body.error.code).toBe('CONNECTION_TIMEOUT');
        expect(body.error.fields).toEqual(['extra.token_url']);
        expect(elapsedMs).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
        expect(elapsedMs).toBeLessThan(CONNECT_TIMEOUT_MS + TIMEOUT_MARGIN_MS);
      });

    it('answers CONNECTION_REFUSED naming extra.token_url for a closed port', async () => {
      const closedPort = await freePort();
      const { body } = await post(grant({
        token_url: `http://127.0.0.1:${closedPort}/oauth/token` }));
      expect(body.error.code).toBe('CONNECTION_REFUSED');
      expect(body.error.fields).toEqual(['extra.token_url']);
      expect(body.message).toContain(`127.0.0.1:${closedPort}`);
    });

    it('answers HOST_NOT_FOUND naming extra.token_url for an unknown host', async () => {
      const { body } = await post(grant({ token_url: 'https://nowhere.test/oauth/token' }));
      expect(body.error.code).toBe('HOST_NOT_FOUND');
      expect(body.error.fields).toEqual(['extra.token_url']);
    });

    it('answers TLS_ERROR naming extra.token_url for an untrusted HTTPS endpoint', async () => {
      const port = (untrustedIdp.address() as { port: number }).port;
      const { body } = await post(grant({ token_url: `https://localhost:${port}/oauth/token` }));
      expect(body.error.code).toBe('TLS_ERROR');
      expect(body.error.fields).toEqual(['extra.token_url']);
      expect(body.error.hint).toContain('extra.token_url');
    });

    it('answers SOURCE_ERROR naming extra.token_url when no token comes back', async () => {
      const { body } = await post(grant({ token_url: `http://127.0.0.1:${idpPort}/broken` }));
      expect(body.error.code).toBe('SOURCE_ERROR');
      expect(body.error.fields).toEqual(['extra.token_url']);
      expect(body.message).toContain('HTTP 502');
    });
  });

  it('never shows a token, client secret or password in logs or bodies', () => {
    const seen = [...bodies, logs.text()].join('\n');
    expect(bodies.length).toBeGreaterThan(10);
    for (const secret of [IAM_TOKEN, ISSUED_TOKEN, CLIENT_SECRET, WRONG_SECRET]) {
      expect(seen).not.toContain(secret);
    }
  });

  it('leaves no connection to the token endpoints open', async () => {
    const open = async () => silent.openSockets() + await new Promise<number>((resolve) =>
      idp.getConnections((_error, count) => resolve(count)));
    const until = Date.now() + 2_000;
    while (await open() !== 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await open()).toBe(0);
  });

  it('leaves no backend of the test roles in pg_stat_activity', async () => {
    const until = Date.now() + 2_000;
    let count = -1;
    while (count !== 0 && Date.now() < until) {
      const { rows } = await admin.query<{ count: number }>('SELECT count(*)::int AS count ' +
        'FROM pg_stat_activity WHERE usename = ANY($1)', [[tokenRole, oauthRole]]);
      count = rows[0]?.count ?? -1;
      if (count !== 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(count).toBe(0);
  });
});

/** Accepts TCP connections and never says a word, like a token endpoint that hangs. */
function silentListener() {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Read and drop what arrives: a paused socket would never notice the client leave.
    socket.resume();
  });
  return {
    listening: new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    port: () => (server.address() as { port: number }).port,
    openSockets: () => sockets.size,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
