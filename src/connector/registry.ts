import { mysqlConnector } from '../connectors/mysql/index.js';
import { postgresConnector } from '../connectors/postgres/index.js';
import type { AnyConnector } from './connector.js';

/**
 * The connectors this package ships, by the name SOURCEGATE_CONNECTOR takes. A connector
 * app of one's own does not go here: it passes its connector to `startService`.
 */
export const BUILT_IN_CONNECTORS: Readonly<Record<string, AnyConnector>> = Object.freeze({
  postgres: postgresConnector,
  mysql: mysqlConnector,
});

export function findConnector(name: string): AnyConnector | undefined {
  return Object.hasOwn(BUILT_IN_CONNECTORS, name) ? BUILT_IN_CONNECTORS[name] : undefined;
}
