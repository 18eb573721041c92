import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** The accounts the test API knows. */
export const INVENTORY_ACCOUNTS = {
  basic: { username: 'reader', password: 'reader-Pass-81' },
  token: 'static-token-4f2a9c',
  client: { clientId: 'inventory-client', clientSecret: 'client-Secret-77' },
} as const;

export const RESOURCES = ['items', 'suppliers', 'warehouses'];

export interface InventoryApi {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A small REST API on 127.0.0.1, as the example connector's source: `/v1/me`,
 * `/v1/resources` and `/v1/resources/<name>` behind basic or bearer authentication
 * (the static token may not read `suppliers`), and an OAuth token endpoint
 * for the client-credentials grant. It is a real HTTP server on a real socket.
 */
export async function startInventoryApi(): Promise<InventoryApi> {
  const issued = new Set<string>();
  const server: Server = createServer((request, response) => {
    handle(request, response, issued).catch(() => send(response, 500, { error: 'internal' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
    port,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, issued: Set<string>) {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const authorization = request.headers.authorization ?? '';

  if (request.method === 'POST' && path === '/oauth/token') {
    const form = new URLSearchParams(await readBody(request));
    const { clientId, clientSecret } = INVENTORY_ACCOUNTS.client;
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    if (authorization !== expected || form.get('grant_type') !== 'client_credentials') {
      return send(response, 401, { error: 'invalid_client' });
    }
    const token = `access-${issued.size + 1}-${Date.now()}`;
    issued.add(token);
    return send(response, 200, { access_token: token, token_type: 'Bearer', expires_in: 300 });
  }

  if (request.method !== 'GET') return send(response, 405, { error: 'method not allowed' });
  if (!authorised(authorization, issued)) return send(response, 401, { error: 'unauthorised' });
  if (path === '/v1/me') return send(response, 200, { user: 'reader' });
  if (path === '/v1/resources') {
    return send(response, 200, { api: 'inventory', version: '2.4.1',
      resources: RESOURCES.map((name) => ({ name })) });
  }
  const resource = /^\/v1\/resources\/([\w-]+)$/.exec(path)?.[1];
  if (resource && RESOURCES.includes(resource)) {
    // The static token may read everything but the supplier list.
    const forbidden = resource === 'suppliers' &&
      authorization === `Bearer ${INVENTORY_ACCOUNTS.token}`;
    return forbidden ? send(response, 403, { error: 'forbidden' })
      : send(response, 200, { name: resource, count: 3 });
  }
  return send(response, 404, { error: 'not found' });
}

function authorised(authorization: string, issued: Set<string>): boolean {
  const { username, password } = INVENTORY_ACCOUNTS.basic;
  if (authorization === `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`) {
    return true;
  }
  const bearer = /^Bearer (.+)$/.exec(authorization)?.[1];
  return bearer === INVENTORY_ACCOUNTS.token || (bearer !== undefined && issued.has(bearer));
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
