import { describe, expect, it } from 'vitest';

import { ConfigError, isLoopbackHost, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8000, host: '127.0.0.1', apiToken: undefined, allowUnauthenticated: false,
      connectTimeoutMs: 10_000, queryTimeoutMs: 30_000, connector: 'postgres', logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({ PORT: '9000', HOST: '0.0.0.0', SOURCEGATE_API_TOKEN: 't',
      SOURCEGATE_ALLOW_UNAUTHENTICATED: 'true', SOURCEGATE_CONNECT_TIMEOUT_MS: '2500',
      SOURCEGATE_QUERY_TIMEOUT_MS: '4000', SOURCEGATE_CONNECTOR: 'mysql', LOG_LEVEL: 'warn' });
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', apiToken: 't',
      allowUnauthenticated: true, connectTimeoutMs: 2500, queryTimeoutMs: 4000,
      connector: 'mysql', logLevel: 'warn' });
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', SOURCEGATE_CONNECT_TIMEOUT_MS: '-5', LOG_LEVEL: 'loud',
        SOURCEGATE_ALLOW_UNAUTHENTICATED: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(4);
    expect((error as ConfigError).message).toContain('PORT');
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
