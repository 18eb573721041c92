import type { AddressInfo } from 'node:net';

import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { adminClient, sharedPostgres, testService, uniqueName } from '../support/service.js';
import { describeInBrowser, launchChromium, openFilledPage, screenshot } from './browser.js';

describeInBrowser('setup page: keyboard only', () => {
    const role = uniqueName('ui_key_user');
    const database = uniqueName('ui_key_db');
    const password = 'Ui-Keys-81d3';
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
      await inDatabase.query(`CREATE SCHEMA billing AUTHORIZATION ${role}`);
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

    const focused = 'document.activeElement?.getAttribute("aria-label") ?? ' +
      'document.activeElement?.textContent';

    it('tests, loads, expands and ticks with Enter, Tab and Space alone', async () => {
      const server = sharedPostgres();
      const page = await openFilledPage(context, baseUrl, { host: server.host,
        port: String(server.port), username: role, password, database });
      const filters = async () => JSON.parse(await page.locator('#filter-json').innerText());

      await page.getByLabel(/^Password\b/).press('Enter');
      await page.locator('#auth-result.pass').waitFor();

      await page.getByRole('button', { name: 'Load databases' }).press('Enter');
      const expand = page.locator(`li[data-database="${database}"] .expand`);
      await expand.press('Enter');
      await page.locator(`li[data-database="${database}"] li[data-schema="billing"]`).waitFor();
      expect(await expand.getAttribute('aria-expanded')).toBe('true');

      await page.keyboard.press('Tab');
      expect(await page.evaluate(focused)).toBe(`Include database ${database}`);
      await page.keyboard.press('Space');
      expect((await filters())['include-filter']).toEqual({ [`^${database}$`]: '*' });
      const billing = page.getByLabel(`Include schema ${database}.billing`);
      expect(await billing.isChecked()).toBe(true);
      expect(await billing.isDisabled()).toBe(true);

      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      expect(await filters()).toEqual({ 'include-filter': {},
        'exclude-filter': { [`^${database}$`]: '*' } });
      expect(await billing.isDisabled()).toBe(false);
      await screenshot(page, 'keyboard-only');
      await page.close();
    });

    it('offers a skip link as the first stop', async () => {
      const page = await context.newPage();
      await page.goto(baseUrl);
      await page.locator('#basic-fields input').first().waitFor();

      await page.keyboard.press('Tab');
      expect(await page.evaluate(focused)).toBe('Skip to the connection form');
      await page.close();
    });
  });
