import { ConfigError, loadConfig, PROTECTION_DEFAULTS } from '../config.js';
import { BUILT_IN_CONNECTOR_NAMES, findConnector } from '../connector/registry.js';
import { installGracefulShutdown } from '../server/graceful-shutdown.js';
import { type RunningService, startService, UnsafeStartError } from '../service.js';

/**
 * Serves the built-in connector named by SOURCEGATE_CONNECTOR, configured from the
 * environment, and closes it gracefully on SIGTERM or SIGINT. Used by `npm start`
 * (src/main.ts) and `sourcegate serve`.
 */
export async function serve(): Promise<RunningService> {
  const config = loadConfig();
  const connector = await findConnector(config.connector);
  if (!connector) {
    const known = BUILT_IN_CONNECTOR_NAMES.join(', ');
    throw new ConfigError([`SOURCEGATE_CONNECTOR must be one of ${known}`]);
  }

  const service = await startService({ connector });
  installGracefulShutdown(service.app, {
    graceMs: config.shutdownGraceMs ?? PROTECTION_DEFAULTS.shutdownGraceMs });
  return service;
}

/** Ends the process after a failed start: 2 for bad configuration, 1 for anything else. */
export function exitAfterFailedStart(error: unknown): never {
  if (error instanceof ConfigError || error instanceof UnsafeStartError) {
    console.error(`sourcegate: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}
