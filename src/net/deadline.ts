/**
 * A point in time by which an operation must be done, shared by every step of it
 * (DNS, token fetch, connect, queries) so that the steps cannot each take the full time.
 */
export class Deadline {
  readonly #expiresAt: number;

  constructor(timeoutMs: number, now: number = Date.now()) {
    this.#expiresAt = now + timeoutMs;
  }

  /** Milliseconds left, never below 1 so that drivers treat it as a real limit. */
  remainingMs(): number {
    return Math.max(1, this.#expiresAt - Date.now());
  }

  expired(): boolean {
    return Date.now() >= this.#expiresAt;
  }
}

/** Marks an error as ours: the deadline passed while waiting for `what`. */
export class DeadlineExceededError extends Error {
  readonly code = 'SOURCEGATE_DEADLINE';

  constructor(what: string) {
    super(`no answer from ${what} before the deadline`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Races `work` against the deadline. When time runs out, `onTimeout` releases whatever
 * the work holds (a socket, a client) and the promise rejects with DeadlineExceededError.
 */
export async function withinDeadline<T>(
  work: Promise<T>,
  deadline: Deadline,
  what: string,
  onTimeout: () => void = () => {},
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DeadlineExceededError(what));
    }, deadline.remainingMs());
  });

  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
