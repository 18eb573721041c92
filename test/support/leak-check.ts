/** Node's count of live handles (sockets, servers, timers with refs): the leak detector. */
export const activeHandles = () =>
  (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;

/** Polls `check` until it holds or `timeoutMs` passes; returns its last answer. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 4_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
