import type { AnyConnector } from './connector.js';

// Loaded on demand: a PostgreSQL service has no reason to load the MySQL driver, which
// was about a tenth of its start-up time (bench figure 4 profile).
const LOADERS: Readonly<Record<string, () => Promise<AnyConnector>>> = Object.freeze({
  postgres: async () => (await import('../connectors/postgres/index.js')).postgresConnector,
  mysql: async () => (await import('../connectors/mysql/index.js')).mysqlConnector,
});

/**
 * The names SOURCEGATE_CONNECTOR takes. A connector app of one's own does not go here:
 * it passes its connector to `startService`.
 */
export const BUILT_IN_CONNECTOR_NAMES: readonly string[] = Object.freeze(Object.keys(LOADERS));

/** The built-in connector of that name, or undefined for a name this package lacks. */
export async function findConnector(name: string): Promise<AnyConnector | undefined> {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]!() : undefined;
}
