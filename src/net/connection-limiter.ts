import type { ConnectionTarget } from '../connector/connector.js';

/**
 * The service is too busy to take this request now. The server answers 503 with a
 * `Retry-After` header; nothing was sent to the source.
 */
export class OverloadedError extends Error {
  readonly code = 'SOURCEGATE_OVERLOADED';
  readonly statusCode = 503;
  /** Whole seconds after which a retry has a fair chance. */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.name = 'OverloadedError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

export interface ConnectionLimiterOptions {
  /** Connections open at once to one (host, port, user). @default 5 */
  maxPerTarget: number;
  /** Requests waiting for a slot of one target; more are refused at once. @default 500 */
  maxQueuedPerTarget: number;
  /** Longest wait for a slot; a wait expected to pass it is refused at once. @default 5000 */
  maxWaitMs: number;
  /** Called whenever the numbers in flight or queued change, for gauges. */
  onChange?: (inFlight: number, queued: number) => void;
}

interface Waiter {
  /** Hands the freed slot over at once, so no newcomer can take it in between. */
  grant: (release: () => void) => void;
}

interface TargetSlots {
  inFlight: number;
  queue: Waiter[];
  /** Moving average of how long a slot is held, to predict a newcomer's wait. */
  averageHoldMs: number;
}

// Weight of the newest hold time in the moving average: recent enough to follow a
// source slowing down, smooth enough that one slow login does not refuse everyone.
const HOLD_WEIGHT = 0.2;

/**
 * Bounds the source connections in flight per target, so that a burst of requests
 * cannot exhaust a source's connection slots (PostgreSQL's max_connections) or
 * this process's sockets. Waiters are served first come, first served.
 */
export class ConnectionLimiter {
  readonly #options: ConnectionLimiterOptions;
  readonly #targets = new Map<string, TargetSlots>();
  #inFlight = 0;
  #queued = 0;

  constructor(options: ConnectionLimiterOptions) {
    this.#options = { ...options };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get queued(): number {
    return this.#queued;
  }

  /**
   * Waits for a slot and returns the function that frees it (safe to call twice).
   * Throws OverloadedError when the queue is full, when the expected wait is longer
   * than allowed, or when no slot freed in time.
   */
  async acquire(target: ConnectionTarget): Promise<() => void> {
    const key = `${target.host.toLowerCase()}|${target.port}|${target.username}`;
    const slots = this.#targets.get(key) ?? { inFlight: 0, queue: [], averageHoldMs: 0 };
    this.#targets.set(key, slots);

    if (slots.inFlight < this.#options.maxPerTarget && slots.queue.length === 0) {
      return this.#take(key, slots);
    }

    const rounds = Math.ceil((slots.queue.length + 1) / this.#options.maxPerTarget);
    const expectedWaitMs = rounds * slots.averageHoldMs;
    if (slots.queue.length >= this.#options.maxQueuedPerTarget ||
      expectedWaitMs > this.#options.maxWaitMs) {
      throw new OverloadedError(`Too many connections in progress to ${target.host}:` +
        `${target.port}; try again shortly.`, Math.max(expectedWaitMs, 1000));
    }
    return this.#wait(slots, target, expectedWaitMs);
  }

  #wait(slots: TargetSlots, target: ConnectionTarget, expectedWaitMs: number) {
    return new Promise<() => void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          clearTimeout(timer);
          this.#changeQueued(-1);
          resolve(release);
        },
      };
      const timer = setTimeout(() => {
        slots.queue.splice(slots.queue.indexOf(waiter), 1);
        this.#changeQueued(-1);
        reject(new OverloadedError(`No connection to ${target.host}:${target.port} freed ` +
          `within ${this.#options.maxWaitMs} ms; try again shortly.`,
        Math.max(expectedWaitMs, this.#options.maxWaitMs)));
      }, this.#options.maxWaitMs);
      slots.queue.push(waiter);
      this.#changeQueued(1);
    });
  }

  #take(key: string, slots: TargetSlots): () => void {
    slots.inFlight += 1;
    this.#inFlight += 1;
    this.#notify();
    const startedAt = Date.now();
    let released = false;

    return () => {
      if (released) return;
      released = true;
      const heldMs = Date.now() - startedAt;
      slots.averageHoldMs = slots.averageHoldMs === 0
        ? heldMs : slots.averageHoldMs * (1 - HOLD_WEIGHT) + heldMs * HOLD_WEIGHT;
      slots.inFlight -= 1;
      this.#inFlight -= 1;
      this.#notify();

      const next = slots.queue.shift();
      if (next) next.grant(this.#take(key, slots));
      // Forget idle targets, so the map holds only targets in use.
      else if (slots.inFlight === 0) this.#targets.delete(key);
    };
  }

  #changeQueued(delta: number) {
    this.#queued += delta;
    this.#notify();
  }

  #notify() {
    this.#options.onChange?.(this.#inFlight, this.#queued);
  }
}
