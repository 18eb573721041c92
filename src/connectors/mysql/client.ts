import { connect as connectTcp, type Socket } from 'node:net';
import { checkServerIdentity, type TLSSocket } from 'node:tls';

import mysql from 'mysql2';
import type { Connection } from 'mysql2';

import type { ConnectorLogger, OperationContext } from '../../connector/connector.js';
import { secretValuesOf } from '../../connector/credential-spec.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { blamePresentedSecret, presentedSecret } from '../../connector/sql-secret.js';
import type { SqlTarget } from '../../connector/sql-target.js';
import { firstAnsweringAddress } from '../../connector/first-answering-address.js';
import { closeWithin, withSourceSession } from '../../connector/source-session.js';
import { isSourceFailureError, SourceFailureError } from '../../errors/source-failure.js';
import { Deadline, withinDeadline } from '../../net/deadline.js';
import { classifyMysqlError, isServerWithoutTls, isTlsRequiredByServer } from './classify.js';
import { mysqlCredentials } from './credentials.js';
import { type MysqlTlsAttempt, mysqlTlsAttempts } from './tls.js';

/** The values a failure message may name; the same for every SQL connector. */
export type MysqlTarget = SqlTarget;

// The longest a goodbye (COM_QUIT) may take before the socket is simply destroyed.
const CLOSE_GRACE_MS = 1_000;

/**
 * Opens one connection with the given credentials, honouring the connect timeout over
 * every step (DNS, token fetch, TCP, TLS, login). Throws a SourceFailureError carrying
 * the classified failure; a connection that fails half-way is destroyed before it throws.
 */
export async function openMysql(
  credentials: SqlCredentials,
  context: OperationContext,
): Promise<Connection> {
  const deadline = new Deadline(context.connectTimeoutMs);
  const target: MysqlTarget = {
    host: credentials.host,
    port: credentials.port,
    username: credentials.username,
    database: credentials.database,
    connectTimeoutMs: context.connectTimeoutMs,
    secrets: secretValuesOf(mysqlCredentials.secretFields, credentials),
  };

  try {
    const addresses = await withinDeadline(
      context.resolveTarget(credentials.host, credentials.port), deadline, credentials.host);
    const secret = await presentedSecret(credentials, deadline, context);
    target.secrets.push(secret);
    return await firstAnsweringAddress(addresses, deadline, (address) =>
      connectWithTlsAttempts(address, credentials, target, secret, deadline, context.logger));
  } catch (error) {
    if (isSourceFailureError(error)) throw error;
    const failure = classifyMysqlError(error, target, deadline.expired());
    throw new SourceFailureError(blamePresentedSecret(failure, credentials));
  }
}

/** Runs `work` on a fresh connection, inside a connection slot, and closes it on every path. */
export function withMysql<T>(
  credentials: SqlCredentials,
  context: OperationContext,
  work: (connection: Connection) => Promise<T>,
): Promise<T> {
  return withSourceSession(context, credentials, {
    open: () => openMysql(credentials, context),
    close: closeMysql,
  }, work);
}

/** Sends COM_QUIT, or destroys the socket when the server does not answer in time. */
export function closeMysql(connection: Connection): Promise<void> {
  return closeWithin(CLOSE_GRACE_MS,
    () => new Promise<void>((resolve) => connection.end(() => resolve())),
    () => connection.destroy());
}

async function connectWithTlsAttempts(
  address: string,
  credentials: SqlCredentials,
  target: MysqlTarget,
  secret: string,
  deadline: Deadline,
  logger?: ConnectorLogger,
): Promise<Connection> {
  const [first, fallback] = mysqlTlsAttempts(credentials.extra);
  try {
    return await connectOnce(address, first ?? false, target, secret, deadline);
  } catch (error) {
    const fallBack = fallback !== undefined && !deadline.expired() &&
      (first === false ? isTlsRequiredByServer(error) : isServerWithoutTls(error));
    if (!fallBack) throw error;
    logger?.debug({ sslMode: credentials.extra?.ssl_mode ?? 'prefer',
      retry: fallback === false ? 'plain text' : 'tls' }, 'mysql retries with the other transport');
    return connectOnce(address, fallback, target, secret, deadline);
  }
}

function connectOnce(
  address: string,
  tls: MysqlTlsAttempt,
  target: MysqlTarget,
  secret: string,
  deadline: Deadline,
): Promise<Connection> {
  const host = target.host.replace(/^\[|\]$/g, '');
  const connection = mysql.createConnection({
    // The name the person typed, so that TLS checks the certificate against it; the
    // socket itself goes to the address the network policy approved.
    host,
    port: target.port,
    stream: () => namedSocket(address, target.port, host),
    user: target.username,
    password: secret,
    database: target.database,
    ssl: tls === false ? undefined : tls,
    // The cleartext plugin carries token and OAuth secrets; the credential check makes
    // sure those only travel over TLS, and a basic password is never sent in clear text.
    enableCleartextPlugin: tls !== false,
    connectTimeout: deadline.remainingMs(),
    multipleStatements: false,
    supportBigNumbers: true,
    dateStrings: true,
  });
  // A server that goes away later emits 'error'; without a listener the process would
  // crash. The query in flight still rejects with the same error.
  connection.on('error', () => {});

  const opened = new Promise<Connection>((resolve, reject) => {
    connection.connect((error) => {
      const identityError = error ?? (tls && tls.verifyIdentity
        ? checkPeerIdentity(connection, host) : undefined);
      if (identityError) reject(identityError);
      else resolve(connection);
    });
  });
  return withinDeadline(opened, deadline, target.host, () => connection.destroy())
    .catch((error: unknown) => {
      connection.destroy();
      throw error;
    });
}

/**
 * A TCP socket to the approved address that carries the typed host name. For an IP
 * literal mysql2 gives TLS no servername, and Node then checks the certificate against
 * the socket's `_host`, which net leaves empty for literals, and so against "localhost":
 * verify-full would accept any certificate for localhost. Naming the host here makes
 * the check use the address the person typed (test/mysql-tls.test.ts guards this).
 */
function namedSocket(address: string, port: number, host: string): Socket {
  const socket = connectTcp({ host: address, port, noDelay: true });
  (socket as unknown as { _host: string })._host = host;
  return socket;
}

/** verify-full checked once more on the live session, should a Node change undo the above. */
function checkPeerIdentity(connection: Connection, host: string): Error | undefined {
  const stream = (connection as unknown as { stream?: TLSSocket }).stream;
  const certificate = stream?.getPeerCertificate?.();
  if (!certificate || Object.keys(certificate).length === 0) {
    return Object.assign(new Error('no peer certificate'), { code: 'HANDSHAKE_SSL_ERROR' });
  }
  return checkServerIdentity(host, certificate);
}
