import type { AddressInfo } from 'node:net';

import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { adminClient, sharedPostgres, testService, uniqueName } from '../support/service.js';
import { describeInBrowser, launchChromium, openFilledPage, screenshot } from './browser.js';

const title = 'setup page in headless Chromium against the real service and PostgreSQL';

describeInBrowser(title, () => {
  const role = uniqueName('ui_user');
  const database = uniqueName('ui_db');
  const password = 'Ui-Correct-7b1e';
  let admin: pg.Client;
  let app: FastifyInstance;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let baseUrl: string;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
    const inDatabase = await adminClient(database);
    for (const schema of ['sales_eu', 'sales_us', 'hr']) {
      await inDatabase.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${role}`);
      await inDatabase.query(`CREATE TABLE ${schema}.orders (id int)`);
      await inDatabase.query(`ALTER TABLE ${schema}.orders OWNER TO ${role}`);
    }
    await inDatabase.end();

    ({ app } = await testService());
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

  /** A fresh page with the connection form filled in. */
  function pageWithCredentials(secret: string): Promise<Page> {
    const server = sharedPostgres();
    return openFilledPage(context, baseUrl, { host: server.host, port: String(server.port),
      username: role, password: secret, database });
  }

  function credentials(secret: string) {
    const server = sharedPostgres();
    return { authType: 'basic', host: server.host, port: server.port, username: role,
      password: secret, database };
  }

  it('a wrong password highlights username and password with the hint', async () => {
    const expected = (await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: credentials('wrong-password') })).json();
    const page = await pageWithCredentials('wrong-password');

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('#auth-result.fail').waitFor();

    // Run in the page, written as text: this file is type-checked without the DOM.
    await expect.poll(() => page.evaluate('document.activeElement?.id'))
      .toBe('field-username');
    for (const field of ['username', 'password']) {
      expect(await page.locator(`#field-${field}`).getAttribute('aria-invalid')).toBe('true');
      const beside = await page.locator(`#field-${field}-error`).innerText();
      expect(beside).toContain(expected.message);
      expect(beside).toContain(`Hint: ${expected.error.hint}`);
    }
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(2);
    expect(await page.locator('#auth-result').innerText()).toContain('INVALID_CREDENTIALS');
    await screenshot(page, 'auth-wrong-password');
    await page.close();
  });

  it('the right password passes and shows the time taken', async () => {
    const page = await pageWithCredentials(password);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('#auth-result.pass').waitFor();

    expect(await page.locator('#auth-result').innerText())
      .toMatch(/Connected in \d+ ms[\s\S]*Authentication successful/);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    await screenshot(page, 'auth-success');
    await page.close();
  });

  it('selecting two schemas produces the expected filter', async () => {
    const page = await pageWithCredentials(password);

    await page.getByRole('button', { name: 'Load databases' }).click();
    const node = page.locator(`li[data-database="${database}"]`);
    await node.getByRole('button', { name: new RegExp(database) }).click();
    await node.locator('li[data-schema="hr"]').waitFor();
    await page.getByLabel(`Include schema ${database}.sales_us`).check();
    await page.getByLabel(`Include schema ${database}.sales_eu`).check();
    await page.getByLabel('Temporary-table regex').fill('^tmp_');

    const filter = JSON.parse(await page.locator('#filter-json').innerText());
    expect(filter).toEqual({
      'include-filter': { [`^${database}$`]: ['^sales_eu$', '^sales_us$'] },
      'exclude-filter': {},
      'temp-table-regex': '^tmp_',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await page.getByRole('button', { name: 'Copy filter JSON' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(JSON.parse(await page.evaluate('navigator.clipboard.readText()'))).toEqual(filter);
    await screenshot(page, 'selection-two-schemas');
    await page.close();
  });

  it('the preflight shows every check with status, duration and message', async () => {
    const metadata = { 'include-filter': { [`^${database}$`]: ['^sales_eu$', '^sales_us$'] },
      'exclude-filter': {} };
    const expected = (await app.inject({ method: 'POST', url: '/workflows/v1/check',
      payload: { credentials: credentials(password), metadata } })).json();
    expect(Object.keys(expected.data ?? {}).length).toBeGreaterThan(0);
    const page = await pageWithCredentials(password);

    await page.getByRole('button', { name: 'Load databases' }).click();
    const node = page.locator(`li[data-database="${database}"]`);
    await node.getByRole('button', { name: new RegExp(database) }).click();
    await page.getByLabel(`Include schema ${database}.sales_eu`).check();
    await page.getByLabel(`Include schema ${database}.sales_us`).check();
    await page.getByRole('button', { name: 'Run preflight' }).click();
    await page.locator('#preflight-checks li').first().waitFor();

    const shown = await Promise.all((await page.locator('#preflight-checks li').all())
      .map(async (item) => ({ name: await item.getAttribute('data-check'),
        text: await item.innerText() })));
    expect(shown.map((check) => check.name)).toEqual(Object.keys(expected.data));
    for (const { name, text } of shown) {
      const check = expected.data[name as string];
      expect(text).toMatch(check.skipped ? /Skipped/ : check.success ? /Passed/ : /Failed/);
      expect(text).toMatch(/\d+ ms/);
      expect(text).toContain(check.success ? check.successMessage : check.failureMessage);
    }
    expect(await page.locator('#preflight-verdict').innerText())
      .toMatch(expected.success ? /^Ready/ : /^Not ready/);
    await screenshot(page, 'preflight');
    await page.close();
  });

  it('copy as curl carries placeholders, never the password', async () => {
    const page = await pageWithCredentials(password);

    await page.locator('button[data-curl="auth"]').click();
    const command = await page.locator('#curl-auth pre').innerText();

    expect(command).toContain('/workflows/v1/auth');
    expect(command).toContain('"password": "<password>"');
    expect(command).not.toContain(password);
    await page.close();
  });

  it('stays readable in a narrow window, with TLS fields in the advanced section', async () => {
    const page = await pageWithCredentials('wrong-password');
    await page.setViewportSize({ width: 340, height: 800 });

    await page.getByText('Advanced: TLS, certificates, tokens').click();
    await expect.poll(() => page.evaluate(
      'document.documentElement.scrollWidth <= document.documentElement.clientWidth'))
      .toBe(true);
    await expect.poll(() => page.getByRole('combobox', { name: /^TLS mode/ }).isVisible())
      .toBe(true);
    await page.getByRole('textbox', { name: /^Client private key/ }).fill('not a key');
    await page.getByRole('button', { name: /^Show Client private key/ }).click();
    expect(await page.getByRole('button', { name: /^Hide Client private key/ })
      .getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'narrow-window');
    await page.close();
  });
});
