import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';

// In an app of your own this import reads: from 'sourcegate'.
import {
  classifyNetworkError, Deadline, type OperationContext, sourceFailure, SourceFailureError,
  withinDeadline,
} from '../../../src/index.js';

/** A JSON answer of the API. */
export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
}

// The API's answers are small lists; a bigger one is not what we asked for.
const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * GETs one URL of the API as the service wants every source reached: the host goes
 * through `context.resolveTarget` (DNS plus the network policy), the socket goes to
 * the address that was approved, a connection slot is held meanwhile, and one deadline
 * covers it all. Network failures come back as classified SourceFailureErrors.
 */
export async function getJson(
  url: URL,
  authorization: string,
  context: OperationContext,
  deadline = new Deadline(context.connectTimeoutMs + context.queryTimeoutMs),
): Promise<JsonReply> {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const target = { host: url.hostname, port, connectTimeoutMs: context.connectTimeoutMs };

  try {
    const addresses = await withinDeadline(context.resolveTarget(url.hostname, port), deadline,
      url.host);
    const release = await context.acquireConnection({ host: url.hostname, port,
      username: 'rest-api' });
    try {
      return await getFromFirstAnswering(addresses, port, url, authorization, deadline);
    } finally {
      release();
    }
  } catch (error) {
    if (error instanceof SourceFailureError) throw error;
    // The classifier names the SQL fields host and port; here both live in baseUrl.
    const network = classifyNetworkError(error, target, deadline.expired());
    if (network) throw new SourceFailureError({ ...network, fields: ['baseUrl'] });
    throw new SourceFailureError(sourceFailure('SOURCE_ERROR', {
      message: `The API at ${url.host} could not be read (${(error as Error).message}).`,
      fields: ['baseUrl'], cause: error,
    }));
  }
}

/** Tries each address while nothing listens there (`localhost` may be ::1 and 127.0.0.1). */
async function getFromFirstAnswering(addresses: readonly string[], port: number, url: URL,
  authorization: string, deadline: Deadline): Promise<JsonReply> {
  let lastError: unknown;
  for (const address of addresses) {
    try {
      return await getFrom(address, port, url, authorization, deadline);
    } catch (error) {
      lastError = error;
      if ((error as { code?: string }).code !== 'ECONNREFUSED' || deadline.expired()) break;
    }
  }
  throw lastError;
}

function getFrom(address: string, port: number, url: URL, authorization: string,
  deadline: Deadline): Promise<JsonReply> {
  const secure = url.protocol === 'https:';
  const outgoing = (secure ? https : http).request({
    method: 'GET', host: address, port, path: `${url.pathname}${url.search}`, agent: false,
    headers: { host: url.host, authorization, accept: 'application/json' },
    // TLS checks the certificate against the name the person typed.
    ...(secure && isIP(url.hostname) === 0 ? { servername: url.hostname } : {}),
  });

  const exchange = new Promise<JsonReply>((resolve, reject) => {
    outgoing.once('error', reject);
    outgoing.once('response', (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) outgoing.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      incoming.once('error', reject);
      incoming.once('end', () => resolve({ status: incoming.statusCode ?? 0,
        body: parseJson(Buffer.concat(chunks).toString('utf8')) }));
    });
    outgoing.end();
  });
  return withinDeadline(exchange, deadline, url.host, () => outgoing.destroy());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
