import { createServer } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AnyConnector } from '../../src/connector/connector.js';
import { testService } from '../support/service.js';

const FIVE_CHECKS = ['authenticationCheck', 'databaseSchemaCheck', 'tablesCheck',
  'versionCheck', 'permissionsCheck'];

/** What one connector's source gives the shared contract suite. */
export interface ContractFixture {
  /** Credentials the source accepts. */
  readonly good: Record<string, unknown>;
  /** The same with a wrong secret, and the fields that failure must name. */
  readonly wrongSecret: { body: Record<string, unknown>; secret: string; fields: string[] };
  /** The good credentials aimed at another host and port. */
  pointedAt(host: string, port: number): Record<string, unknown>;
  /** The request fields that carry the address, as host-not-found and refused name them. */
  readonly addressFields: { hostNotFound: string[]; refused: string[] };
  /** A malformed body and every field the 400 must list. */
  readonly badBody: { body: Record<string, unknown>; fields: string[] };
  /** One row `type: "all"` metadata must contain. */
  readonly expectedEntry: { TABLE_CATALOG: string; TABLE_SCHEMA: string };
  tearDown(): Promise<void>;
}

export interface ContractSubject {
  readonly title: string;
  readonly connector: AnyConnector;
  /** Why the source is not available here; the suite is then skipped with this reason. */
  readonly unavailable?: string;
  setUp(): Promise<ContractFixture>;
}

/** A port where nothing listens: bound once by us, then released. */
export async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

/**
 * The behaviour every connector owes the service, run over HTTP against the real
 * source: the same requests, the same answers, whatever the connector.
 */
export function connectorContract(subject: ContractSubject) {
  const title = subject.unavailable
    ? `${subject.title} contract (skipped: ${subject.unavailable})`
    : `${subject.title} contract`;

  describe.skipIf(subject.unavailable !== undefined)(title, () => {
    let fixture: ContractFixture;
    beforeAll(async () => {
      fixture = await subject.setUp();
    });
    afterAll(async () => fixture?.tearDown());

    const post = async (url: string, payload: Record<string, unknown>) => {
      const { app, logs } = await testService({ connector: subject.connector });
      const response = await app.inject({ method: 'POST', url, payload });
      await app.close();
      return { status: response.statusCode, body: response.json(), logs: logs.text() };
    };

    it('answers 200 for good credentials', async () => {
      const { status, body } = await post('/workflows/v1/auth', fixture.good);
      expect(status).toBe(200);
      expect(body).toEqual({ success: true, message: 'Authentication successful' });
    });

    it('answers INVALID_CREDENTIALS for a wrong secret, which appears nowhere', async () => {
      const { status, body, logs } = await post('/workflows/v1/auth', fixture.wrongSecret.body);
      expect(status).toBe(500);
      expect(body.error.code).toBe('INVALID_CREDENTIALS');
      expect(body.error.fields).toEqual(fixture.wrongSecret.fields);
      expect(body.error.hint).not.toBe('');
      expect(JSON.stringify(body) + logs).not.toContain(fixture.wrongSecret.secret);
    });

    it('answers CONNECTION_REFUSED for a port where nothing listens', async () => {
      const { status, body } = await post('/workflows/v1/auth',
        fixture.pointedAt('127.0.0.1', await closedPort()));
      expect(status).toBe(500);
      expect(body.error.code).toBe('CONNECTION_REFUSED');
      expect(body.error.fields).toEqual(fixture.addressFields.refused);
    });

    it('answers HOST_NOT_FOUND for a name the injected resolver does not know', async () => {
      const { status, body } = await post('/workflows/v1/auth',
        fixture.pointedAt('no-such-host.invalid', 4000));
      expect(status).toBe(500);
      expect(body.error.code).toBe('HOST_NOT_FOUND');
      expect(body.error.fields).toEqual(fixture.addressFields.hostNotFound);
      expect(body.message).toContain('no-such-host.invalid');
    });

    it('answers 400 listing every bad field', async () => {
      const { status, body } = await post('/workflows/v1/auth', fixture.badBody.body);
      expect(status).toBe(400);
      expect(body.success).toBe(false);
      const fields = body.errors.map((error: { field: string }) => error.field);
      expect([...fields].sort()).toEqual([...fixture.badBody.fields].sort());
    });

    it('answers metadata rows with TABLE_CATALOG and TABLE_SCHEMA', async () => {
      const all = await post('/workflows/v1/metadata', { ...fixture.good, type: 'all' });
      expect(all.status).toBe(200);
      expect(all.body.success).toBe(true);
      for (const entry of all.body.data) {
        expect(Object.keys(entry).sort()).toEqual(['TABLE_CATALOG', 'TABLE_SCHEMA']);
        expect(typeof entry.TABLE_CATALOG).toBe('string');
        expect(typeof entry.TABLE_SCHEMA).toBe('string');
      }
      expect(all.body.data).toContainEqual(fixture.expectedEntry);

      const databases = await post('/workflows/v1/metadata',
        { ...fixture.good, type: 'database' });
      expect(databases.status).toBe(200);
      for (const entry of databases.body.data) {
        expect(Object.keys(entry)).toEqual(['TABLE_CATALOG']);
      }
      expect(databases.body.data).toContainEqual(
        { TABLE_CATALOG: fixture.expectedEntry.TABLE_CATALOG });
    });

    it('answers /check with the five checks, each timed', async () => {
      const { status, body } = await post('/workflows/v1/check',
        { credentials: fixture.good, metadata: {} });
      expect(status).toBe(200);
      expect(Object.keys(body.data)).toEqual(FIVE_CHECKS);
      expect(body.data.authenticationCheck.success).toBe(true);
      for (const check of Object.values<{ durationMs: number }>(body.data)) {
        expect(check.durationMs).toBeGreaterThanOrEqual(0);
      }
    });

    it('answers /check after a failed login with the error once and the rest skipped',
      async () => {
        const { status, body } = await post('/workflows/v1/check',
          { credentials: fixture.wrongSecret.body, metadata: {} });
        expect(status).toBe(200);
        expect(body.success).toBe(false);
        expect(body.data.authenticationCheck.error.code).toBe('INVALID_CREDENTIALS');
        for (const name of FIVE_CHECKS.slice(1)) {
          expect(body.data[name]).toMatchObject({ skipped: true, success: false });
        }
      });

    it('answers metadata failures with the same codes as /auth', async () => {
      const { status, body } = await post('/workflows/v1/metadata',
        { ...fixture.wrongSecret.body, type: 'all' });
      expect(status).toBe(500);
      expect(body.error.code).toBe('INVALID_CREDENTIALS');
    });
  });
}
