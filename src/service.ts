import type { FastifyInstance } from 'fastify';

import { isLoopbackHost, loadConfig, type ServiceConfig } from './config.js';
import type { AnyConnector } from './connector/connector.js';
import { buildService, type ServiceOptions } from './server/app.js';

export interface StartOptions extends Partial<Omit<ServiceOptions, 'config'>> {
  connector: AnyConnector;
  /** Overrides of the configuration read from the environment. */
  config?: Partial<ServiceConfig>;
}

export interface RunningService {
  readonly app: FastifyInstance;
  /** Base URL, such as http://127.0.0.1:8000. */
  readonly url: string;
  close(): Promise<void>;
}

export class UnsafeStartError extends Error {
  constructor(host: string) {
    super(`refusing to listen on ${host} without SOURCEGATE_API_TOKEN; set one, or set ` +
      'SOURCEGATE_ALLOW_UNAUTHENTICATED=true to accept unauthenticated callers');
    this.name = 'UnsafeStartError';
  }
}

/**
 * Starts a connector app as a service: reads the configuration, refuses an open
 * non-loopback listener, builds the app and listens.
 *
 * @example
 * const service = await startService({ connector: myConnector });
 * console.log(`listening on ${service.url}`);
 */
export async function startService(options: StartOptions): Promise<RunningService> {
  const config: ServiceConfig = Object.freeze({ ...loadConfig(), ...options.config });
  if (!config.apiToken && !config.allowUnauthenticated && !isLoopbackHost(config.host)) {
    throw new UnsafeStartError(config.host);
  }

  const app = await buildService({ ...options, config });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}
