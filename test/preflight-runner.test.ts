import { describe, expect, it } from 'vitest';

import { type PreflightCheckSpec, runPreflight } from '../src/connector/preflight-runner.js';
import { sourceFailure, SourceFailureError } from '../src/errors/source-failure.js';

const pass = (name: string, delayMs = 0, mandatory = true): PreflightCheckSpec => ({
  name, mandatory,
  run: () => new Promise((resolve) => setTimeout(() =>
    resolve({ success: true, message: `${name} ok`, details: { seen: name } }), delayMs)),
});
const refused = sourceFailure('INVALID_CREDENTIALS', { message: 'user x was refused' });

describe('runPreflight', () => {
  it('runs the session checks concurrently and times each', async () => {
    const started = Date.now();
    const report = await runPreflight({ authentication: pass('authenticationCheck'),
      session: [pass('a', 300), pass('b', 300), pass('c', 300)], timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(850);
    expect(report.success).toBe(true);
    expect(report.data.a).toMatchObject({ success: true, mandatory: true, successMessage: 'a ok',
      failureMessage: '', seen: 'a' });
    expect(report.data.a!.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('maps a thrown SourceFailureError to the check error', async () => {
    const report = await runPreflight({ authentication: pass('authenticationCheck'),
      session: [{ name: 'a', run: async () => { throw new SourceFailureError(refused); } }],
      timeoutMs: 1_000 });
    expect(report.success).toBe(false);
    expect(report.data.a).toMatchObject({ success: false, failureMessage: 'user x was refused',
      error: { code: 'INVALID_CREDENTIALS', fields: ['username', 'password'] } });
  });

  it('skips the session checks when authentication fails, pointing at it', async () => {
    const report = await runPreflight({
      authentication: { name: 'authenticationCheck',
        run: async () => ({ success: false, failure: refused }) },
      session: [pass('a'), pass('b')], timeoutMs: 1_000 });
    expect(report.data.authenticationCheck?.error?.code).toBe('INVALID_CREDENTIALS');
    for (const name of ['a', 'b']) {
      expect(report.data[name]).toMatchObject({ success: false, skipped: true, durationMs: 0 });
      expect(report.data[name]?.failureMessage).toMatch(/authenticationCheck/);
      expect(report.data[name]?.error).toBeUndefined();
    }
  });

  it('fails a check that runs out of its own time limit, and only that one', async () => {
    const report = await runPreflight({ authentication: pass('authenticationCheck'),
      session: [pass('slow', 2_000), { ...pass('fast', 10), timeoutMs: 3_000 }],
      timeoutMs: 200 });
    expect(report.data.slow).toMatchObject({ success: false,
      failureMessage: 'slow did not finish within 200 ms.' });
    expect(report.data.slow!.durationMs).toBeLessThan(1_000);
    expect(report.data.fast?.success).toBe(true);
  });

  it('succeeds when only an optional check failed', async () => {
    const failing: PreflightCheckSpec = { name: 'optional', mandatory: false,
      run: async () => ({ success: false, failure: refused }) };
    const report = await runPreflight({ authentication: pass('authenticationCheck'),
      session: [failing, pass('a')], timeoutMs: 1_000 });
    expect(report.success).toBe(true);
    expect(report.data.optional?.success).toBe(false);
  });

  it('reports a bug in a check without its text', async () => {
    const report = await runPreflight({ authentication: pass('authenticationCheck'),
      session: [{ name: 'a', run: async () => { throw new Error('secret detail'); } }],
      timeoutMs: 1_000 });
    expect(report.data.a?.failureMessage).not.toContain('secret detail');
    expect(report.data.a?.error?.code).toBe('SOURCE_ERROR');
  });
});
