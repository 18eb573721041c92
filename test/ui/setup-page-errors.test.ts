import type { AddressInfo } from 'node:net';

import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { adminClient, sharedPostgres, testService, uniqueName } from '../support/service.js';
import { describeInBrowser, launchChromium, openFilledPage, screenshot } from './browser.js';

const TOKEN = 'ui-page-token-2c9d41';

describeInBrowser('setup page: token and failures', () => {
  const role = uniqueName('ui_err_user');
  const database = uniqueName('ui_err_db');
  const password = 'Ui-Errors-4e0a';
  let admin: pg.Client;
  let app: FastifyInstance;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let baseUrl: string;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);

    ({ app } = await testService({ config: { apiToken: TOKEN } }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    chromium = await launchChromium();
    context = chromium.browser;
  });

  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  function filledPage(fields: { host?: string; port?: string; token?: string }) {
    const server = sharedPostgres();
    return openFilledPage(context, baseUrl, { host: fields.host ?? server.host,
      port: fields.port ?? String(server.port), username: role, password, database,
      token: fields.token ?? TOKEN });
  }

  it('asks for the API token, marks a wrong one, and stores it nowhere', async () => {
    const page = await filledPage({ token: 'not-the-token' });

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('#auth-result.fail').waitFor();
    expect(await page.locator('#field-api-token').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('field-api-token');
    await screenshot(page, 'token-refused');

    await page.getByLabel(/^API token\b/).fill(TOKEN);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('#auth-result.pass').waitFor();

    expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
    expect(await page.evaluate('document.cookie')).toBe('');
    await page.locator('button[data-curl="auth"]').click();
    const command = await page.locator('#curl-auth pre').innerText();
    expect(command).toContain("'Authorization: Bearer <api-token>'");
    expect(command).not.toContain(TOKEN);
    await page.close();
  });

  it('names every malformed field beside it and focuses the first', async () => {
    const expected = (await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { authType: 'basic', host: '', username: role, password, database } })).json();
    const page = await filledPage({ host: '', port: '' });

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('#auth-result.fail').waitFor();

    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('field-host');
    for (const { field, message } of expected.errors as { field: string; message: string }[]) {
      const control = page.locator(`[data-field="${field}"]`);
      expect(await control.locator('[aria-invalid="true"]').count(), field).toBe(1);
      expect(await control.locator('.field-error').innerText()).toContain(message);
    }
    expect(expected.errors.map((error: { field: string }) => error.field).sort())
      .toEqual(['host', 'port']);
    await page.close();
  });

  it('shows a preflight whose authentication fails: that failure, then the skipped checks',
    async () => {
      const server = sharedPostgres();
      const expected = (await app.inject({ method: 'POST', url: '/workflows/v1/check',
        headers: { authorization: `Bearer ${TOKEN}` },
        payload: { credentials: { authType: 'basic', host: server.host, port: server.port,
          username: role, password: 'wrong-password', database },
        metadata: { 'include-filter': {}, 'exclude-filter': {} } } })).json();
      expect(expected.data.authenticationCheck.success).toBe(false);
      const page = await filledPage({});
      await page.getByLabel(/^Password\b/).fill('wrong-password');

      await page.getByRole('button', { name: 'Run preflight' }).click();
      await page.locator('#preflight-checks li').first().waitFor();

      expect(await page.locator('#preflight-verdict').innerText()).toMatch(/^Not ready/);
      const items = page.locator('#preflight-checks li');
      expect(await items.count()).toBe(Object.keys(expected.data).length);
      const authentication = await items.first().innerText();
      expect(authentication).toMatch(/Failed/);
      expect(authentication).toContain(`Hint: ${expected.data.authenticationCheck.error.hint}`);
      const skipped = Object.values(expected.data as Record<string, { skipped?: boolean }>)
        .filter((check) => check.skipped).length;
      expect(skipped).toBeGreaterThan(0);
      expect(await page.locator('#preflight-checks li.skipped').count()).toBe(skipped);
      expect(await page.locator('#field-password').getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'preflight-wrong-password');
      await page.close();
    });

  it('opens the advanced section at TLS mode when the server refuses TLS', async () => {
    const server = sharedPostgres();
    const expected = (await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { authType: 'basic', host: server.host, port: server.port, username: role,
        password, database, extra: { ssl_mode: 'require' } } })).json();
    expect(expected.error.code).toBe('TLS_ERROR');
    expect(expected.error.fields).toContain('extra.ssl_mode');
    const page = await filledPage({});

    await page.getByText('Advanced: TLS, certificates, tokens').click();
    await page.getByRole('combobox', { name: /^TLS mode/ }).selectOption('require');
    await page.getByText('Advanced: TLS, certificates, tokens').click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('#auth-result.fail').waitFor();

    expect(await page.locator('details#advanced').getAttribute('open')).not.toBeNull();
    const tlsMode = page.locator('[data-field="extra.ssl_mode"]');
    expect(await tlsMode.locator('select').getAttribute('aria-invalid')).toBe('true');
    expect(await tlsMode.locator('.field-error').innerText())
      .toContain(`Hint: ${expected.error.hint}`);
    await screenshot(page, 'tls-refused');
    await page.close();
  });
});
