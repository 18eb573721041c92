import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Turns a host name into the addresses to try, in order. Injected so that tests can
 * answer for names without asking the machine's resolver, and so that a network policy
 * can look at every address before any connection is made.
 */
export type HostResolver = (host: string) => Promise<readonly string[]>;

/** Resolves through the operating system, the way `psql` and the drivers do. */
export const systemResolver: HostResolver = async (host) => {
  const answers = await lookup(host, { all: true });
  return answers.map((answer) => answer.address);
};

/**
 * Resolves `host` unless it is already an IP literal. IPv6 literals may arrive in
 * brackets (`[::1]`), as people copy them from URLs.
 */
export async function resolveHost(host: string, resolver: HostResolver): Promise<string[]> {
  const literal = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(literal) !== 0) return [literal];

  const addresses = await resolver(host);
  if (addresses.length === 0) {
    throw Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' });
  }
  return [...addresses];
}
