import { BlockList, isIP } from 'node:net';

import { sourceFailure, SourceFailureError } from '../errors/source-failure.js';

/** One entry of SOURCEGATE_ALLOWED_TARGETS or SOURCEGATE_DENIED_TARGETS. */
export interface TargetRule {
  /** The entry as the operator wrote it, for log lines and docs. */
  readonly text: string;
  /** Addresses the rule covers, when it names a CIDR or an IP literal. */
  readonly addresses?: BlockList;
  /** Host name pattern (`db.example.com`, `*.corp.example`, `*`), lower case. */
  readonly hostPattern?: string;
  /** Inclusive port range; absent means every port. */
  readonly ports?: readonly [number, number];
}

/**
 * Link-local addresses (RFC 3927, RFC 4291), where clouds serve instance metadata and
 * credentials, plus the metadata addresses outside that range (AWS IPv6, Alibaba) and
 * the unspecified addresses, which the kernel treats as this machine. Always denied.
 */
export const BUILT_IN_DENIED_TARGETS = [
  '169.254.0.0/16', 'fe80::/10', '[fd00:ec2::254]', '100.100.100.200', '0.0.0.0/8', '[::]',
  'metadata.google.internal', 'metadata.goog',
] as const;

/**
 * Parses a comma- or space-separated list of rules. Each rule is a CIDR, an IP literal
 * or a host pattern, optionally followed by `:port` or `:low-high`; IPv6 goes in
 * brackets when a port follows (`[fd00::/8]:5432`). Returns every problem at once.
 */
export function parseTargetRules(text: string, name: string) {
  const rules: TargetRule[] = [];
  const problems: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const rule = parseRule(entry);
    if (rule) rules.push(rule);
    else problems.push(`${name}: "${entry}" is not a CIDR, IP address or host pattern ` +
      '(optionally with :port or :low-high)');
  }
  return { rules, problems };
}

function parseRule(entry: string): TargetRule | undefined {
  const match = entry.startsWith('[')
    ? /^\[([^\]/]+)(?:\/(\d{1,3}))?\](?::(\d+(?:-\d+)?))?$/.exec(entry)
    : (entry.match(/:/g) ?? []).length > 1
      ? /^([0-9a-fA-F:.]+)(?:\/(\d{1,3}))?()$/.exec(entry)
      : /^([^:/\s]+)(?:\/(\d{1,3}))?(?::(\d+(?:-\d+)?))?$/.exec(entry);
  if (!match) return undefined;

  const [, target = '', prefix, portText] = match;
  const ports = portText ? parsePorts(portText) : undefined;
  if (portText && !ports) return undefined;

  const family = isIP(target);
  if (family !== 0) {
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
    if (bits > (family === 4 ? 32 : 128)) return undefined;
    const addresses = new BlockList();
    addresses.addSubnet(target, bits, family === 4 ? 'ipv4' : 'ipv6');
    return { text: entry, addresses, ...(ports ? { ports } : {}) };
  }

  const pattern = target.toLowerCase().replace(/\.$/, '');
  if (prefix !== undefined || !/^(\*|(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*)$/.test(pattern)) {
    return undefined;
  }
  return { text: entry, hostPattern: pattern, ...(ports ? { ports } : {}) };
}

function parsePorts(text: string): [number, number] | undefined {
  const [low, high = low] = text.split('-').map(Number);
  if (low === undefined || high === undefined) return undefined;
  const valid = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65535;
  return valid(low) && valid(high) && low <= high ? [low, high] : undefined;
}

/** Where a connection would go: the name as given and one address it resolved to. */
interface Destination {
  host: string;
  address: string;
  port: number;
}

function matches(rule: TargetRule, destination: Destination): boolean {
  const { host, address, port } = destination;
  if (rule.ports && (port < rule.ports[0] || port > rule.ports[1])) return false;
  if (rule.addresses) {
    return rule.addresses.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }

  const name = host.toLowerCase().replace(/\.$/, '');
  const pattern = rule.hostPattern ?? '';
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1));
  return name === pattern;
}

/**
 * Decides whether the service may connect to a host. Applied after DNS to every
 * address a name resolves to, so a friendly name cannot smuggle a denied address in.
 */
export class TargetPolicy {
  readonly #allowed: readonly TargetRule[];
  readonly #denied: readonly TargetRule[];

  /** `allowed` empty means anything not denied; `denied` adds to the built-in list. */
  constructor(allowed: readonly TargetRule[] = [], denied: readonly TargetRule[] = []) {
    this.#allowed = allowed;
    this.#denied = [...parseTargetRules(BUILT_IN_DENIED_TARGETS.join(','), 'built-in').rules,
      ...denied];
  }

  /** The rule that refuses this destination, or undefined when it is allowed. */
  refusal(host: string, address: string, port: number): string | undefined {
    const destination = { host, address, port };
    const denied = this.#denied.find((rule) => matches(rule, destination));
    if (denied) return `denied by ${denied.text}`;
    if (this.#allowed.length > 0 && !this.#allowed.some((rule) => matches(rule, destination))) {
      return 'not in SOURCEGATE_ALLOWED_TARGETS';
    }
    return undefined;
  }

  /** Throws TARGET_NOT_ALLOWED when any of the addresses is refused. */
  check(host: string, port: number, addresses: readonly string[]): void {
    for (const address of addresses) {
      const reason = this.refusal(host, address, port);
      if (!reason) continue;
      const resolved = address === host ? '' : ` (resolved to ${address})`;
      throw new SourceFailureError(sourceFailure('TARGET_NOT_ALLOWED', {
        message: `This service may not connect to ${host}:${port}${resolved}: ` +
          `the operator's network policy forbids it.`,
        fields: ['host'],
        hint: 'Use a host the operator allows, or ask them to extend ' +
          'SOURCEGATE_ALLOWED_TARGETS.',
      }));
    }
  }
}
