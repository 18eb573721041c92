import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';

import { adminClient, credentialsFor, testService, uniqueName } from './support/service.js';

/**
 * Handlers keep nothing of a request on a shared object: interleaved requests with
 * different users, passwords and databases each get the answer of their own credentials.
 */
describe('concurrent requests are isolated from each other', () => {
  const alice = uniqueName('iso_alice');
  const bob = uniqueName('iso_bob');
  const database = uniqueName('iso_db');
  let admin: pg.Client;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${alice} LOGIN PASSWORD 'alice-pass-1'`);
    await admin.query(`CREATE ROLE ${bob} LOGIN PASSWORD 'bob-pass-2'`);
    await admin.query(`CREATE DATABASE ${database}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${alice}`);
    await admin.query(`DROP ROLE IF EXISTS ${bob}`);
    await admin.end();
  });

  it('answers each of 60 interleaved requests from its own credentials', async () => {
    const kinds = [
      { body: credentialsFor(alice, 'alice-pass-1', database), code: 'OK' },
      { body: credentialsFor(bob, 'alice-pass-1', database), code: 'INVALID_CREDENTIALS' },
      { body: credentialsFor(bob, 'bob-pass-2', database), code: 'OK' },
      { body: credentialsFor(alice, 'bob-pass-2', database), code: 'INVALID_CREDENTIALS' },
      { body: credentialsFor(alice, 'alice-pass-1', 'iso_missing'), code: 'DATABASE_NOT_FOUND' },
    ];
    const requests = Array.from({ length: 60 }, (_, index) => kinds[index % kinds.length]!);
    const { app } = await testService({ config: { maxConnectionsPerTarget: 20 } });

    const answers = await Promise.all(requests.map((request) => app.inject({
      method: 'POST', url: '/workflows/v1/auth', payload: request.body })));
    await app.close();

    answers.forEach((answer, index) => {
      const expected = requests[index]!;
      const code = answer.statusCode === 200 ? 'OK' : answer.json().error?.code;
      expect(code, `request ${index}`).toBe(expected.code);
      const named = code === 'DATABASE_NOT_FOUND' ? expected.body.database : expected.body.username;
      if (code !== 'OK') expect(answer.json().message).toContain(named);
    });
  });
});
