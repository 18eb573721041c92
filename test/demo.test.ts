import { execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

/**
 * `npm run demo` as a newcomer meets it: the built demo starts, the curl it prints is
 * run as printed and answers success, and Ctrl-C stops the service and PostgreSQL.
 */
describe('the demo', () => {
  it('prints a curl that works as printed, and stops cleanly on Ctrl-C', async () => {
    const demo = spawn(process.execPath, ['dist/demo/run.js'], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout.on('data', (chunk) => (output += String(chunk)));
    demo.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => demo.on('exit', resolve));

    await expect.poll(() => output, { timeout: 60_000, interval: 200 })
      .toContain('Press Ctrl-C');

    const curl = output.slice(output.indexOf('curl -X POST'), output.indexOf("}'") + 2);
    const { stdout } = await promisify(execFile)('bash', ['-c', `${curl} --silent`]);
    expect(JSON.parse(stdout)).toEqual({ success: true, message: 'Authentication successful' });

    const postgresPort = Number(/"port": (\d+)/.exec(curl)?.[1]);
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await acceptsConnections(postgresPort)).toBe(false);
  });
});

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
