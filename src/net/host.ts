import { isIP } from 'node:net';

// RFC 1123 labels: letters, digits and inner hyphens, 63 characters at most. Underscores
// are allowed too, as some internal DNS zones and Docker service names use them.
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** True for a DNS host name, an IPv4 or IPv6 literal, or a bracketed IPv6 literal. */
export function isValidHost(host: string): boolean {
  if (host.startsWith('[') && host.endsWith(']')) return isIP(host.slice(1, -1)) === 6;
  if (isIP(host) !== 0) return true;
  if (host.length === 0 || host.length > 253) return false;

  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const labels = name.split('.');
  if (labels.every((label) => /^\d+$/.test(label))) return false;
  return labels.every((label) => LABEL.test(label));
}
