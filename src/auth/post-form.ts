import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';

import { type Deadline, withinDeadline } from '../net/deadline.js';

/** What an HTTP endpoint answered: status and body text. */
export interface FormReply {
  readonly status: number;
  readonly body: string;
}

export interface FormRequest {
  readonly url: URL;
  /** The addresses the host name resolved to, already allowed by the network policy. */
  readonly addresses: readonly string[];
  readonly headers: Record<string, string>;
  readonly form: URLSearchParams;
}

// An OAuth token answer is a few hundred bytes; anything past this is not one.
const MAX_REPLY_BYTES = 64 * 1024;

/**
 * POSTs a form to one of the resolved addresses, in order while nothing listens there.
 * The socket goes to the address that was resolved and checked, not to whatever the
 * name resolves to a moment later, so a name cannot be re-pointed past the network
 * policy. TLS still checks the certificate against the host name. No redirect is
 * followed, no connection is kept alive, and the whole exchange ends by the deadline.
 */
export async function postForm(request: FormRequest, deadline: Deadline): Promise<FormReply> {
  let lastError: unknown;
  for (const address of request.addresses) {
    try {
      return await postFormTo(address, request, deadline);
    } catch (error) {
      lastError = error;
      if ((error as { code?: string }).code !== 'ECONNREFUSED' || deadline.expired()) break;
    }
  }
  throw lastError;
}

function postFormTo(address: string, request: FormRequest, deadline: Deadline) {
  const { url } = request;
  const secure = url.protocol === 'https:';
  const body = request.form.toString();
  const options: https.RequestOptions = {
    method: 'POST',
    host: address,
    port: Number(url.port) || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers: { ...request.headers, host: url.host,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)) },
    agent: false,
    // SNI and the certificate check use the name; an IP literal is checked as itself.
    ...(secure && isIP(url.hostname) === 0 ? { servername: url.hostname } : {}),
  };

  const outgoing = (secure ? https : http).request(options);
  const exchange = new Promise<FormReply>((resolve, reject) => {
    outgoing.once('error', reject);
    outgoing.once('response', (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) {
          outgoing.destroy(Object.assign(new Error('token endpoint answer too large'),
            { code: 'SOURCEGATE_REPLY_TOO_LARGE' }));
          return;
        }
        chunks.push(chunk);
      });
      incoming.once('error', reject);
      incoming.once('end', () => resolve({ status: incoming.statusCode ?? 0,
        body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.end(body);
  });

  return withinDeadline(exchange, deadline, url.host, () => outgoing.destroy())
    .finally(() => outgoing.destroy());
}
