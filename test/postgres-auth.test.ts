import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';

import { adminClient, credentialsFor, testService, uniqueName } from './support/service.js';

describe('POST /workflows/v1/auth against real PostgreSQL', () => {
  const role = uniqueName('auth_user');
  const database = uniqueName('auth_db');
  const password = 'Correct-Horse-9f2c';
  let admin: pg.Client;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('answers 200 for good credentials', async () => {
    const { app } = await testService();
    const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: credentialsFor(role, password, database) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true, message: 'Authentication successful' });
    await app.close();
  });

  it('answers INVALID_CREDENTIALS naming username and password for a wrong password', async () => {
    const { app } = await testService();
    const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: credentialsFor(role, 'wrong-password', database) });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body.error.code).toBe('INVALID_CREDENTIALS');
    expect(body.error.fields).toEqual(['username', 'password']);
    expect(body.message).toContain(role);
    await app.close();
  });
});
