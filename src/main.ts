#!/usr/bin/env node
import { ConfigError, loadConfig, PROTECTION_DEFAULTS } from './config.js';
import { BUILT_IN_CONNECTORS, findConnector } from './connector/registry.js';
import { installGracefulShutdown } from './server/graceful-shutdown.js';
import { startService, UnsafeStartError } from './service.js';

/** `npm start`: serves the built-in connector named by SOURCEGATE_CONNECTOR. */
async function main() {
  const config = loadConfig();
  const connector = findConnector(config.connector);
  if (!connector) {
    const known = Object.keys(BUILT_IN_CONNECTORS).join(', ');
    throw new ConfigError([`SOURCEGATE_CONNECTOR must be one of ${known}`]);
  }

  const service = await startService({ connector });
  installGracefulShutdown(service.app, {
    graceMs: config.shutdownGraceMs ?? PROTECTION_DEFAULTS.shutdownGraceMs });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UnsafeStartError) {
    console.error(`sourcegate: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
