import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { curlCommand, redactBody } from '../../src/ui/static/js/curl.js';

const SECRETS = ['password', 'extra.ssl_key', 'extra.client_secret'];

describe('setup page "Copy as curl"', () => {
  const body = {
    authType: 'basic', host: '127.0.0.1', port: 5432, username: 'app', password: "pa'ss$1",
    database: 'sales', extra: { ssl_mode: 'require', ssl_key: '-----BEGIN PRIVATE KEY-----x' },
  };

  it('replaces every secret that is set by a placeholder naming it', () => {
    const redacted = redactBody(body, SECRETS) as typeof body;
    expect(redacted.password).toBe('<password>');
    expect(redacted.extra.ssl_key).toBe('<extra.ssl_key>');
    expect(redacted.extra).not.toHaveProperty('client_secret');
    expect(body.password).toBe("pa'ss$1");
  });

  it('carries no secret and no token, only placeholders', () => {
    const command = curlCommand({ url: 'http://127.0.0.1:8000/workflows/v1/auth', body,
      secretPaths: SECRETS, withToken: true });
    expect(command).not.toContain("pa'ss$1");
    // The shell-quoted form of the password would still end in ss$1.
    expect(command).not.toContain('ss$1');
    expect(command).not.toContain('BEGIN PRIVATE KEY');
    expect(command).toContain("-H 'Authorization: Bearer <api-token>'");
  });

  it('quotes the body so that a shell passes it through unchanged', () => {
    const withQuote = { ...body, database: "it's $HOME" };
    const command = curlCommand({ url: 'http://127.0.0.1:1/x', body: withQuote,
      secretPaths: SECRETS, withToken: false });
    // Let a real shell parse the command, with `printf` standing in for curl.
    const script = command.replace(/^curl /, "printf '%s\\n' ");
    const words = execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\n');
    const json = words[words.indexOf('--data-raw') + 1] ?? '';
    expect(JSON.parse(words.slice(words.indexOf('--data-raw') + 1).join('\n').trim()))
      .toMatchObject({ database: "it's $HOME", password: '<password>' });
    expect(json.startsWith('{')).toBe(true);
  });
});
