import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PostgresCatalogFixture } from './support/postgres-catalog.js';

// The real binary, built by tsc into a folder of its own, so that a build by someone
// else in the shared tree cannot change the code under test half-way through.
const BUILD_DIR = 'test-artifacts/cli-build';
const BIN = JSON.parse(readFileSync('package.json', 'utf8')).bin.sourcegate as string;
const MAIN = join(BUILD_DIR, BIN.replace(/^(\.\/)?dist\//, ''));

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the binary with a clean environment; `stdin` is written and closed. */
function sourcegate(args: string[], stdin = '', env: Record<string, string> = {}) {
  return new Promise<Run>((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the sourcegate binary', () => {
  const catalog = new PostgresCatalogFixture();
  let folder: string;
  let credentialsFile: string;
  const exactly = (name: string) => `^${name}$`;

  beforeAll(async () => {
    // tsc exits non-zero for type errors anywhere in the tree but still emits; what
    // matters is that the binary and what it imports were written.
    await new Promise<void>((resolve) => {
      execFile('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR],
        { timeout: 240_000 }, () => resolve());
    });
    if (!existsSync(MAIN)) throw new Error(`the build did not write ${MAIN}`);

    await catalog.create();
    folder = await mkdtemp(join(tmpdir(), 'sourcegate-cli-'));
    credentialsFile = join(folder, 'credentials.json');
    await writeFile(credentialsFile, JSON.stringify({ ...catalog.credentials(),
      host: '127.0.0.1' }));
  }, 300_000);

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
    await catalog.drop();
  });

  const credentialsText = (password = catalog.password) =>
    JSON.stringify({ ...catalog.credentials(catalog.main, password), host: '127.0.0.1' });

  it('is the file package.json names as bin, with a shebang', () => {
    expect(BIN).toBe('./dist/src/cli/main.js');
    expect(readFileSync(MAIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('auth: exit 0 for good credentials read from a file', async () => {
    const run = await sourcegate(['auth', '--credentials', credentialsFile]);
    expect(run).toMatchObject({ code: 0, stdout: 'PASS  Authentication successful\n' });
  });

  it('auth: exit 1 and the classified failure for a wrong password on stdin', async () => {
    const run = await sourcegate(['auth'], credentialsText('Cli-Wrong-Secret-88'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}INVALID_CREDENTIALS: /);
    expect(run.stdout).toMatch(/hint: /);
    expect(run.stdout + run.stderr).not.toContain('Cli-Wrong-Secret-88');
  });

  it('exit 2 naming every bad field, and never echoing unparseable input', async () => {
    const bad = await sourcegate(['auth'], JSON.stringify({ ...catalog.credentials(),
      port: 'x', authType: 'magic' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('port: ');
    expect(bad.stderr).toContain('authType: ');

    const garbled = await sourcegate(['auth'], '{"password": "Cli-Garbled-Secret-1"');
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toContain('not valid JSON');
    expect(garbled.stderr).not.toContain('Cli-Garbled-Secret-1');
  });

  it('refuses options it does not know, such as a password on argv, with exit 2', async () => {
    const run = await sourcegate(['auth', '--password', 'Argv-Secret-5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('never argv');
    expect(run.stderr).not.toContain('Argv-Secret-5');
  });

  it('metadata --json prints the service answer', async () => {
    const run = await sourcegate(['metadata', '--type', 'schema', '--json'], credentialsText());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ success: true, data: [
      { TABLE_CATALOG: catalog.main, TABLE_SCHEMA: 'public' },
      { TABLE_CATALOG: catalog.main, TABLE_SCHEMA: 'sales' },
    ] });
  });

  it('metadata prints a tree for people', async () => {
    const run = await sourcegate(['metadata', '--type', 'schema'], credentialsText());
    expect(run.stdout).toBe(`${catalog.main}\n  public\n  sales\n`);
  });

  it('check: exit 0 with every check passed, filters from flags', async () => {
    const run = await sourcegate(['check', '--credentials', credentialsFile,
      '--include-filter', JSON.stringify({ [exactly(catalog.second)]: '*' })]);
    expect(run.code).toBe(0);
    for (const name of ['authenticationCheck', 'databaseSchemaCheck', 'tablesCheck',
      'versionCheck', 'permissionsCheck']) {
      expect(run.stdout).toMatch(new RegExp(`^PASS {2}${name} +\\d+ ms {2}\\S`, 'm'));
    }
    expect(run.stdout).toContain('2 tables and views match the filters');
    expect(run.stdout).toContain('All checks passed.');
  });

  it('check: exit 1 with the failing check and its hint, filters from a file', async () => {
    const filtersFile = join(folder, 'filters.json');
    await writeFile(filtersFile, JSON.stringify({
      'include-filter': { [exactly(catalog.main)]: ['^sales$'] }, 'temp-table-regex': '^tmp_' }));
    const run = await sourcegate(['check', '--filters', filtersFile, '--json'],
      credentialsText());
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout);
    expect(body.data.tablesCheck.tableCount).toBe(PostgresCatalogFixture.SALES_RELATIONS - 1);
    expect(body.data.permissionsCheck.tablesWithoutSelect).toEqual([
      `${catalog.main}.sales.secret`]);

    const human = await sourcegate(['check', '--filters', filtersFile], credentialsText());
    expect(human.stdout).toMatch(/^FAIL {2}permissionsCheck +\d+ ms {2}User /m);
    expect(human.stdout).toMatch(/^ {6}hint: Grant what is missing/m);
  });

  it('check: exit 2 naming the bad filter', async () => {
    const run = await sourcegate(['check', '--temp-table-regex', '(unclosed'], credentialsText());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('metadata.temp-table-regex: ');
  });

  it('serve: starts the service and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port),
        LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect(await healthWithin(port, 20_000)).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Polls GET /server/health until it answers or the time is up. */
async function healthWithin(port: number, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/server/health', agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', () => resolve(0)).end();
    });
    if (status !== 0) return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return 0;
}
