import { describe, expect, it } from 'vitest';

import { sqlCredentials } from '../src/connector/sql-credentials.js';
import { testService } from './support/service.js';

describe('GET /openapi.json', () => {
  it('documents /auth with the same schema that validates its body', async () => {
    const { app } = await testService();
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    await app.close();

    expect(document.openapi).toMatch(/^3\./);
    const auth = document.paths['/workflows/v1/auth'].post;
    const body = auth.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(Object.keys(sqlCredentials.schema.properties));
    expect(body.required).toEqual(expect.arrayContaining(['authType', 'host', 'port',
      'username', 'password', 'database']));
    expect(body.properties.password.writeOnly).toBe(true);
    expect(body.properties.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
    expect(Object.keys(auth.responses)).toEqual(expect.arrayContaining(['200', '400', '401',
      '500']));
  });

  it('serves a readable reference page', async () => {
    const { app } = await testService();
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    await app.close();
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});
