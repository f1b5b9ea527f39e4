import { createServer, type Socket } from 'node:net';

/**
 * A loopback TCP listener that accepts connections and never answers: a stalled database, a hanging JWKS host.
 * Whatever connects to it must give up on its own timer.
 */
export interface SilentListener {
  readonly port: number;
  /** How many connections it has accepted. */
  accepted(): number;
  /** Destroys the accepted connections and stops listening. */
  close(): Promise<void>;
}

/** Starts a silent listener on 127.0.0.1 and a free port. */
export async function startSilentListener(): Promise<SilentListener> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    accepted: () => sockets.length,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
