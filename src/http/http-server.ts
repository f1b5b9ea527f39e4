import type { IncomingMessage, Server, ServerOptions } from 'node:http';

/**
 * Limits of the Node HTTP server that must act before Express sees a request: a client that sends its headers or
 * body slowly (slowloris) is cut after `requestTimeoutMs`, whoever it claims to be, and a body declared over the
 * limit with `Expect: 100-continue` is refused without inviting the client to send it. `main.ts` passes them to the
 * drainable server (`src/lifecycle/graceful-drain.ts`).
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

/** Options for `http.createServer` (they can only be given at creation). */
export function httpServerOptions(limits: Pick<HttpServerLimits, 'requestTimeoutMs'>): ServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.requestTimeoutMs,
    // Node checks these timeouts every `connectionsCheckingInterval` (default 30 s): check often enough that the
    // cut comes close to the configured time.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.requestTimeoutMs / 4))),
  };
}

/**
 * Answers `Expect: 100-continue` itself: RFC 9110 §10.1.1 lets a server that will refuse the body send the final
 * status instead of 100 (Continue); the request then goes to the server's `request` listeners as any other.
 */
export function answerExpectContinue(server: Server, bodyLimitBytes: number): void {
  server.on('checkContinue', (req: IncomingMessage, res) => {
    const length = declaredContentLength(req);
    if (length === undefined || length <= bodyLimitBytes) res.writeContinue();
    server.emit('request', req, res);
  });
}
