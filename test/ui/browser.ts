import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

/** Debian's chromium package; playwright-core drives it, no browser is downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests put their screenshots (gitignored). */
export const ARTIFACTS_DIR = 'test-artifacts/ui';

// Quiet, offline, no GPU: nothing the browser does on its own may leave loopback.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Whether the browser can run here, and if not, why (for the skip or the CI failure). */
export function browserAvailability(): { available: true } | { available: false;
  reason: string } {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return { available: true };
  } catch {
    return { available: false, reason: `no executable browser at ${CHROMIUM_PATH} ` +
      '(apt-get install chromium, or set CHROMIUM_PATH)' };
  }
}

/**
 * A browser test suite. Without a browser it fails the run when CI=true, and elsewhere
 * is skipped with the reason in its title.
 */
export function describeInBrowser(title: string, suite: () => void) {
  const browser = browserAvailability();
  if (browser.available) {
    describe(title, suite);
  } else if (process.env.CI === 'true') {
    it(`${title}: the browser must be installed in CI`, () => {
      throw new Error(browser.reason);
    });
  } else {
    console.warn(`skipping ${title}: ${browser.reason}`);
    describe.skip(`${title} (skipped: ${browser.reason})`, suite);
  }
}

/**
 * A headless Chromium with a fresh profile folder of its own, removed by `close`.
 * playwright takes the profile as `launchPersistentContext`'s first argument rather
 * than as `--user-data-dir`.
 */
export async function launchChromium() {
  const profile = await mkdtemp(join(tmpdir(), 'sourcegate-chromium-'));
  const browser: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000,
    viewport: { width: 1100, height: 900 } });
  await mkdir(ARTIFACTS_DIR, { recursive: true });

  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as a test artifact. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** The connection form's values, as a person types them. */
export interface TypedCredentials {
  host: string;
  port: string;
  username: string;
  password: string;
  database: string;
  token?: string;
}

/** Opens the page and fills the connection form by its labels, as a person would. */
export async function openFilledPage(context: BrowserContext, url: string,
  values: TypedCredentials): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  await page.getByLabel(/^Host\b/).fill(values.host);
  await page.getByLabel(/^Port\b/).fill(values.port);
  await page.getByLabel(/^Username\b/).fill(values.username);
  await page.getByLabel(/^Password\b/).fill(values.password);
  await page.getByLabel(/^Database\b/).fill(values.database);
  if (values.token !== undefined) await page.getByLabel(/^API token\b/).fill(values.token);
  return page;
}
