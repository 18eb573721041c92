import pg from 'pg';

import type { OperationContext } from '../../connector/connector.js';
import { secretValuesOf } from '../../connector/credential-spec.js';
import { sqlCredentials, type SqlCredentials } from '../../connector/sql-credentials.js';
import { blamePresentedSecret, presentedSecret } from '../../connector/sql-secret.js';
import type { SqlTarget } from '../../connector/sql-target.js';
import { firstAnsweringAddress } from '../../connector/first-answering-address.js';
import { closeWithin, withSourceSession } from '../../connector/source-session.js';
import { isSourceFailureError, SourceFailureError } from '../../errors/source-failure.js';
import { Deadline, withinDeadline } from '../../net/deadline.js';
import { classifyPostgresError, isPlainTextRequiredByServer, isServerWithoutTls,
  isTlsRequiredByServer } from './classify.js';
import { type PostgresTlsAttempt, tlsAttempts } from './tls.js';

/** The values a failure message may name; the same for every SQL connector. */
export type PostgresTarget = SqlTarget;

export interface OpenOptions {
  /** Connect to this database instead of `credentials.database` (catalog walks). */
  database?: string;
}

// The longest a goodbye to the server may take before the socket is simply destroyed,
// so that a stalled server cannot hold a connection open after the request is answered.
const CLOSE_GRACE_MS = 1_000;

/**
 * Opens one connection with the given credentials, honouring the connect timeout over
 * every step (DNS, token fetch, TCP, TLS, login). Throws a SourceFailureError carrying
 * the classified failure; a connection that fails half-way is closed before it throws.
 */
export async function openPostgres(
  credentials: SqlCredentials,
  context: OperationContext,
  options: OpenOptions = {},
): Promise<pg.Client> {
  const deadline = new Deadline(context.connectTimeoutMs);
  const target: PostgresTarget = {
    host: credentials.host,
    port: credentials.port,
    username: credentials.username,
    database: options.database ?? credentials.database,
    connectTimeoutMs: context.connectTimeoutMs,
    secrets: [],
  };
  let secret: string | undefined;

  try {
    const addresses = await withinDeadline(
      context.resolveTarget(credentials.host, credentials.port), deadline, credentials.host);
    const presented = await presentedSecret(credentials, deadline, context);
    secret = presented;
    return await firstAnsweringAddress(addresses, deadline, (address) =>
      connectWithTlsAttempts(address, credentials, target, presented, deadline, context));
  } catch (error) {
    if (isSourceFailureError(error)) throw error;
    // Gathered only on failure, the one path whose text needs scrubbing: done for every
    // connection it took about 2% of the CPU of a refused /auth (bench profile).
    target.secrets.push(...secretValuesOf(sqlCredentials.secretFields, credentials));
    if (secret !== undefined) target.secrets.push(secret);
    const failure = classifyPostgresError(error, target, deadline.expired());
    throw new SourceFailureError(blamePresentedSecret(failure, credentials));
  }
}

/** Runs `work` on a fresh connection, inside a connection slot, and closes it on every path. */
export function withPostgres<T>(
  credentials: SqlCredentials,
  context: OperationContext,
  work: (client: pg.Client) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  return withSourceSession(context, credentials, {
    open: () => openPostgres(credentials, context, options),
    close: closePostgres,
  }, work);
}

/** Ends the session politely, or destroys the socket when the server does not answer. */
export function closePostgres(client: pg.Client): Promise<void> {
  return closeWithin(CLOSE_GRACE_MS, () => client.end(), () => socketOf(client)?.destroy());
}

async function connectWithTlsAttempts(
  address: string,
  credentials: SqlCredentials,
  target: PostgresTarget,
  secret: string,
  deadline: Deadline,
  context: OperationContext,
): Promise<pg.Client> {
  const [first, fallback] = tlsAttempts(credentials.host, credentials.extra);
  try {
    return await connectOnce(address, first ?? false, target, secret, deadline, context);
  } catch (error) {
    const fallBack = fallback !== undefined && !deadline.expired() && (first === false
      ? isTlsRequiredByServer(error)
      : isServerWithoutTls(error) || isPlainTextRequiredByServer(error));
    if (!fallBack) throw error;
    return connectOnce(address, fallback, target, secret, deadline, context).catch((second) => {
      // pg_hba.conf refused both ways: the plain-text refusal would ask for TLS, which was
      // just refused too, so the first refusal is the one that says what to fix.
      throw isPlainTextRequiredByServer(error) && isTlsRequiredByServer(second) ? error : second;
    });
  }
}

async function connectOnce(
  address: string,
  tls: PostgresTlsAttempt,
  target: PostgresTarget,
  secret: string,
  deadline: Deadline,
  context: OperationContext,
): Promise<pg.Client> {
  const client = new pg.Client({
    host: address,
    port: target.port,
    user: target.username,
    database: target.database,
    // A function, because pg falls back to PGPASSWORD for an empty string, and this
    // service must never present its own environment's secret to a caller's host.
    password: () => secret,
    ssl: tls,
    connectionTimeoutMillis: deadline.remainingMs(),
    statement_timeout: context.queryTimeoutMs,
    query_timeout: context.queryTimeoutMs + 1_000,
    application_name: 'sourcegate',
  });
  // After connect, a server that goes away emits 'error' on the client; without a
  // listener that would crash the process. The query in flight still rejects.
  client.on('error', () => {});

  try {
    await client.connect();
    return client;
  } catch (error) {
    socketOf(client)?.destroy();
    throw error;
  }
}

function socketOf(client: pg.Client): { destroy(): void } | undefined {
  return (client as unknown as { connection?: { stream?: { destroy(): void } } })
    .connection?.stream;
}
