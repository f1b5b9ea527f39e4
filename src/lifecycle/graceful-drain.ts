import { createServer, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';

/**
 * The HTTP server and its drain on SIGTERM, in the order a load balancer needs:
 * 1. drain window: `draining()` is true, so `/readyz` answers 503 (on new and kept-alive connections alike) while
 *    calls are still served, and the load balancer takes the replica out of rotation;
 * 2. the listener closes; every response from then on, including those of calls in flight, carries
 *    `Connection: close`, so each kept-alive connection is closed right after its current response;
 * 3. kept-alive connections that stay idle for `idleGraceMs` are closed;
 * 4. once every connection has ended the drain resolves; after `forceAfterMs` the rest is cut.
 *
 * Why not `server.close()` at step 2: since Node 19 it also destroys every idle kept-alive connection at once, and
 * a request the client had already sent on such a connection (still unread in the socket) is then reset. The same
 * holds for libraries built on it (stoppable, @godaddy/terminus, http-terminator). Here the listener is closed with
 * `net.Server#close`, which leaves connections alone, and idle ones are closed only after the grace.
 */

/** Timing of the drain after the window. */
export interface DrainOptions {
  readonly log: Logger;
  /** How long idle kept-alive connections may still send one last request after the listener closed (default 500 ms). */
  readonly idleGraceMs?: number;
  /** How long calls in flight may take after the listener closed before their connections are cut (default 10 s). */
  readonly forceAfterMs?: number;
  /** Options of the Node server (request and header timeouts: `src/http/http-server.ts`). */
  readonly serverOptions?: ServerOptions;
  /** Names the listener in the drain's log lines when the process has several (`metrics`); default `service`. */
  readonly listener?: string;
}

/** The server plus its drain. */
export interface DrainableServer {
  readonly server: Server;
  /** True from the start of the drain window: the replica is not ready. */
  readonly draining: () => boolean;
  /** Runs the drain with a window of `windowMs`; resolves true when every connection ended by itself. */
  readonly drain: (windowMs: number) => Promise<boolean>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps the app in an HTTP server that can drain. */
export function createDrainableServer(app: RequestListener, options: DrainOptions): DrainableServer {
  const idleGraceMs = options.idleGraceMs ?? 500;
  const forceAfterMs = options.forceAfterMs ?? 10_000;
  const listener = options.listener ?? 'service';
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let closing = false;

  const server = createServer(options.serverOptions ?? {}, (req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    app(req, res);
  });

  const drain = async (windowMs: number): Promise<boolean> => {
    draining = true;
    options.log.info({ event: 'drain-started', listener, drainMs: windowMs }, 'draining: /readyz answers 503, calls are still served');
    await sleep(windowMs);

    closing = true;
    // Responses whose headers are already on the wire keep their connection; step 3 closes it when it is idle.
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    options.log.info({ event: 'listener-closed', listener, inFlight: inFlight.size }, 'listener closed');

    let sweeper: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      server.closeIdleConnections();
      sweeper = setInterval(() => server.closeIdleConnections(), 100);
    }, idleGraceMs);
    let force: NodeJS.Timeout | undefined;
    const forced = new Promise<boolean>((resolve) => {
      force = setTimeout(() => resolve(false), forceAfterMs);
    });
    const clean = await Promise.race([closed.then(() => true), forced]);
    clearTimeout(grace);
    clearTimeout(force);
    clearInterval(sweeper);
    if (!clean) {
      options.log.error({ event: 'drain-forced', listener, inFlight: inFlight.size }, 'calls still in flight after the drain: connections cut');
      server.closeAllConnections();
    }
    return clean;
  };

  return { server, draining: () => draining, drain };
}
