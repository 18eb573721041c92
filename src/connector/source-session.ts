import type { ConnectionTarget, OperationContext } from './connector.js';

/**
 * Runs `work` on a freshly opened source session, inside one of the service's connection
 * slots for the target, and closes the session and frees the slot on every path.
 */
export async function withSourceSession<S, T>(
  context: OperationContext,
  target: ConnectionTarget,
  session: { open: () => Promise<S>; close: (opened: S) => Promise<void> },
  work: (opened: S) => Promise<T>,
): Promise<T> {
  const { host, port, username } = target;
  const release = await context.acquireConnection({ host, port, username });
  try {
    const opened = await session.open();
    try {
      return await work(opened);
    } finally {
      await session.close(opened);
    }
  } finally {
    release();
  }
}

/**
 * Says goodbye the driver's way, and destroys the socket when that takes longer than
 * `graceMs`, so that a stalled server cannot hold a connection open after the answer.
 */
export async function closeWithin(
  graceMs: number,
  goodbye: () => Promise<unknown>,
  destroy: () => void,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });

  const ended = goodbye().then(() => 'ended' as const, () => 'ended' as const);
  const outcome = await Promise.race([ended, late]);
  clearTimeout(timer);
  if (outcome === 'late') destroy();
}
