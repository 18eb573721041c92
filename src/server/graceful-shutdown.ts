import type { FastifyInstance } from 'fastify';

export interface GracefulShutdownOptions {
  /** Time in-flight requests get to finish before their sockets are closed. */
  graceMs: number;
  /** @default ['SIGTERM', 'SIGINT'] */
  signals?: readonly NodeJS.Signals[];
  /** Ends the process; replaced in tests. @default process.exit */
  exit?: (code: number) => void;
}

/** How a close ended: every request finished, or the grace time ran out first. */
export type CloseResult = 'drained' | 'forced';

/**
 * Closes the app the way a rolling deploy needs: stop accepting connections at once,
 * answer new requests on kept-alive connections with 503 (Fastify's
 * return503OnClosing), let requests in flight finish, and after `graceMs` close
 * whatever sockets remain so that a stuck request cannot hold the process up.
 * Resolves once the server and the app's onClose hooks are done.
 */
export async function closeGracefully(app: FastifyInstance, graceMs: number):
  Promise<CloseResult> {
  let result: CloseResult = 'drained';
  const timer = setTimeout(() => {
    result = 'forced';
    app.log.warn({ graceMs }, 'grace time over; closing the remaining connections');
    app.server.closeAllConnections();
  }, graceMs);

  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
  return result;
}

/**
 * On SIGTERM or SIGINT, closes the app gracefully and exits 0, also when the grace
 * time had to cut requests off: the shutdown was orderly, the cut is logged. A second
 * signal closes every connection at once. Returns a function that removes the handlers.
 */
export function installGracefulShutdown(
  app: FastifyInstance,
  options: GracefulShutdownOptions,
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let closing = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      app.log.warn({ signal }, 'second signal; closing every connection now');
      app.server.closeAllConnections();
      return;
    }
    closing = true;
    app.log.info({ signal, graceMs: options.graceMs }, 'shutting down');

    closeGracefully(app, options.graceMs).then((result) => {
      app.log.info({ result }, 'shut down');
      exit(0);
    }, (error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed');
      exit(1);
    });
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
