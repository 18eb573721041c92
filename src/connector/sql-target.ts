import type { NetworkTarget } from './network-failure.js';

/**
 * What a SQL connector's failure message may name: the values that were tried, and the
 * secrets to scrub from a server's text, never to show.
 */
export interface SqlTarget extends NetworkTarget {
  username: string;
  database: string;
  secrets: string[];
}
