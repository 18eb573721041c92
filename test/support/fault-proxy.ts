import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * What the proxy does to the next connections:
 * - `pass`: forwards both ways, a healthy network.
 * - `refuse`: nothing listens on the port any more (ECONNREFUSED).
 * - `stall`: accepts and never forwards or answers, a black hole.
 * - `stall-after-first-answer`: forwards until the server's first answer (PostgreSQL's
 *   reply to the TLS request, MySQL's greeting), then forwards nothing more.
 * - `drip`: forwards the server's bytes one every `dripIntervalMs`.
 * - `reset-during-handshake`: after the server's first answer, resets the client's
 *   connection (TCP RST).
 * - `close-after-auth`: forwards until `isAuthenticated` says the login is through,
 *   then closes both sides.
 */
export type Fault = 'pass' | 'refuse' | 'stall' | 'stall-after-first-answer' | 'drip' |
  'reset-during-handshake' | 'close-after-auth';

export interface FaultProxyOptions {
  upstreamHost: string;
  upstreamPort: number;
  /** @default 50 */
  dripIntervalMs?: number;
  /** Sees everything the server has sent so far; true once the login has succeeded. */
  isAuthenticated?: (serverBytes: Buffer) => boolean;
}

/**
 * A fault-injecting TCP proxy on loopback, between the service and a real server. It
 * counts the sockets it holds on both sides, so a test can assert that a fault left
 * nothing open behind it.
 */
export class FaultProxy {
  fault: Fault = 'pass';
  port = 0;
  readonly #options: FaultProxyOptions;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #server: Server | undefined;

  constructor(options: FaultProxyOptions) {
    this.#options = options;
  }

  /** Sockets open on either side of the proxy. */
  get openSockets(): number {
    return this.#sockets.size;
  }

  async start(): Promise<void> {
    const server = createServer((client) => this.#accept(client));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.#server = server;
  }

  /** Switches faults; `refuse` stops listening, anything else listens again. */
  async setFault(fault: Fault): Promise<void> {
    this.fault = fault;
    if (fault === 'refuse' && this.#server) {
      const server = this.#server;
      this.#server = undefined;
      await new Promise((resolve) => server.close(resolve));
    } else if (fault !== 'refuse' && !this.#server) {
      await this.start();
    }
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    for (const timer of this.#timers) clearInterval(timer);
    if (this.#server) await new Promise((resolve) => this.#server?.close(resolve));
  }

  #track(socket: Socket) {
    this.#sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => this.#sockets.delete(socket));
  }

  #accept(client: Socket) {
    this.#track(client);
    const fault = this.fault;
    if (fault === 'stall') {
      client.resume();
      return;
    }

    const server = connect(this.#options.upstreamPort, this.#options.upstreamHost);
    this.#track(server);
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
    client.pipe(server);

    let seen = Buffer.alloc(0);
    let stalled = false;
    server.on('data', (chunk: Buffer) => {
      if (stalled) return;
      seen = Buffer.concat([seen, chunk]);
      if (fault === 'drip') return this.#drip(chunk, client, server);
      if (!client.destroyed) client.write(chunk);

      if (fault === 'stall-after-first-answer') {
        stalled = true;
        client.unpipe(server);
        client.resume();
      } else if (fault === 'reset-during-handshake') {
        stalled = true;
        client.resetAndDestroy();
      } else if (fault === 'close-after-auth' && this.#options.isAuthenticated?.(seen)) {
        stalled = true;
        client.end();
        server.destroy();
      }
    });
  }

  /** Sends the chunk on byte by byte, holding the server back meanwhile. */
  #drip(chunk: Buffer, client: Socket, server: Socket) {
    server.pause();
    let index = 0;
    const timer = setInterval(() => {
      if (client.destroyed || index >= chunk.length) {
        clearInterval(timer);
        this.#timers.delete(timer);
        if (!client.destroyed) server.resume();
        return;
      }
      client.write(chunk.subarray(index, index + 1));
      index += 1;
    }, this.#options.dripIntervalMs ?? 50);
    this.#timers.add(timer);
  }
}

/** PostgreSQL's ReadyForQuery message ('Z', length 5): the login is complete. */
export function postgresReadyForQuery(serverBytes: Buffer): boolean {
  return serverBytes.includes(Buffer.from([0x5a, 0, 0, 0, 5]));
}

/**
 * MySQL's OK packet after the client's login (sequence 2 or later, first byte 0x00):
 * the login is complete. Only readable without TLS, so the tests turn TLS off.
 */
export function mysqlLoginOk(serverBytes: Buffer): boolean {
  let offset = 0;
  while (offset + 4 < serverBytes.length) {
    const length = serverBytes.readUIntLE(offset, 3);
    const sequence = serverBytes[offset + 3] ?? 0;
    if (sequence >= 2 && serverBytes[offset + 4] === 0x00) return true;
    offset += 4 + length;
  }
  return false;
}
