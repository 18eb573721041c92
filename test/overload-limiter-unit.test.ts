import { describe, expect, it } from 'vitest';

import { ConnectionLimiter, OverloadedError } from '../src/net/connection-limiter.js';

const target = { host: 'DB.example', port: 5432, username: 'app' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConnectionLimiter', () => {
  it('hands slots over first come, first served, never above the limit', async () => {
    let peak = 0;
    const limiter = new ConnectionLimiter({ maxPerTarget: 2, maxQueuedPerTarget: 10,
      maxWaitMs: 1_000, onChange: (inFlight) => { peak = Math.max(peak, inFlight); } });
    const first = await limiter.acquire(target);
    const second = await limiter.acquire({ ...target, host: 'db.example' });
    const order: string[] = [];
    const queue = (name: string) => limiter.acquire(target).then((release) => {
      order.push(name);
      return release;
    });
    const third = queue('third');
    const fourth = queue('fourth');
    await sleep(10);
    expect(limiter.queued).toBe(2);

    first();
    first();
    const releaseThird = await third;
    expect(order).toEqual(['third']);
    expect(limiter.inFlight).toBe(2);
    second();
    (await fourth)();
    releaseThird();

    expect(order).toEqual(['third', 'fourth']);
    expect(peak).toBe(2);
    expect(limiter.inFlight).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('refuses at once when the expected wait is longer than allowed', async () => {
    const limiter = new ConnectionLimiter({ maxPerTarget: 1, maxQueuedPerTarget: 10,
      maxWaitMs: 100 });
    // A slot held 150 ms and handed straight to a waiter: the target never goes idle,
    // so its average hold time is known when the next request arrives.
    const warm = await limiter.acquire(target);
    await sleep(100);
    const next = limiter.acquire(target);
    await sleep(50);
    warm();
    const holder = await next;

    const started = Date.now();
    const refusal = await limiter.acquire(target).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OverloadedError);
    expect((refusal as OverloadedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(50);
    holder();
  });

  it('gives up a wait at maxWaitMs and leaves the queue as it was', async () => {
    const limiter = new ConnectionLimiter({ maxPerTarget: 1, maxQueuedPerTarget: 10,
      maxWaitMs: 50 });
    const holder = await limiter.acquire(target);
    await expect(limiter.acquire(target)).rejects.toBeInstanceOf(OverloadedError);
    expect(limiter.queued).toBe(0);
    holder();
    (await limiter.acquire(target))();
    expect(limiter.inFlight).toBe(0);
  });
});
