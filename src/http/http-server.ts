import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * The Node HTTP server around the app, with the limits that must act before Express sees a request: a client
 * that sends its headers or body slowly (slowloris) is cut after `requestTimeoutMs`, whoever it claims to be,
 * and a body declared over the limit with `Expect: 100-continue` is refused without inviting the client to send it.
 */

/** What the server bounds. */
export interface HttpServerLimits {
  /** Headers and body must have arrived within this; Node then answers 408 and closes the connection. */
  readonly requestTimeoutMs: number;
  readonly bodyLimitBytes: number;
}

/** The declared `Content-Length`, when there is a valid one. */
export function declaredContentLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** An HTTP server for `app` (call `listen` on it). */
export function createHttpServer(app: Express, limits: HttpServerLimits): Server {
  const server = createServer(
    {
      // Node checks these timeouts every `connectionsCheckingInterval` (default 30 s): check often enough that the
      // cut comes close to the configured time.
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.requestTimeoutMs / 4))),
    },
    app,
  );
  // RFC 9110 §10.1.1: a server that will refuse the body may answer the final status instead of 100 (Continue).
  server.on('checkContinue', (req: IncomingMessage, res) => {
    const length = declaredContentLength(req);
    if (length === undefined || length <= limits.bodyLimitBytes) res.writeContinue();
    app(req, res);
  });
  return server;
}
