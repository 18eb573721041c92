import http from 'node:http';

// One kept-alive connection per sequential caller, as a UI's browser would hold, so the
// figure measures the service and not the TCP handshake of the benchmark's own client.
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Status and body of one response. */
export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** POSTs a JSON body to a loopback URL and reads the whole answer. */
export function postJson(url: string, payload: unknown, timeoutMs = 30_000): Promise<HttpAnswer> {
  const body = JSON.stringify(payload);
  return send(url, { method: 'POST', agent: keepAlive, timeout: timeoutMs,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  }, body);
}

/** GETs a loopback URL on a fresh connection (the server may only just have started). */
export function getStatus(url: string, timeoutMs = 2_000): Promise<number> {
  return send(url, { method: 'GET', agent: false, timeout: timeoutMs }).then((a) => a.status);
}

function send(url: string, options: http.RequestOptions, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0,
        body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url}`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** Lets the process exit: kept-alive sockets would otherwise hold it open. */
export function closeHttpClients(): void {
  keepAlive.destroy();
}
