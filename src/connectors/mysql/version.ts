/** A server version as VERSION() reports it, read into its parts. */
export interface MysqlVersion {
  readonly product: 'MySQL' | 'MariaDB';
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** VERSION() as the server said it, such as `10.11.6-MariaDB-0+deb12u1`. */
  readonly text: string;
}

/**
 * The oldest releases whose information_schema, SHOW GRANTS and TLS handshake this
 * connector relies on: MySQL 5.7 (5.6 is out of support since 2021) and MariaDB 10.3.
 */
export const MINIMUM_VERSIONS = {
  MySQL: [5, 7],
  MariaDB: [10, 3],
} as const satisfies Record<MysqlVersion['product'], readonly [number, number]>;

/** Reads VERSION(); undefined when the text does not start with a version number. */
export function parseMysqlVersion(text: string): MysqlVersion | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  // MariaDB 10.x said `5.5.5-10.x.y-MariaDB` to old clients; VERSION() gives the real one.
  const product = /mariadb/i.test(text) ? 'MariaDB' : 'MySQL';
  return { product, major: Number(match[1]), minor: Number(match[2]),
    patch: Number(match[3]), text };
}

/** Whether the version is at least the product's minimum. */
export function isSupportedVersion(version: MysqlVersion): boolean {
  const [major, minor] = MINIMUM_VERSIONS[version.product];
  return version.major > major || (version.major === major && version.minor >= minor);
}
