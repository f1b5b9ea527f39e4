import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Pool } from 'undici';

/**
 * A real listening server and a raw HTTP client for hostile-body tests: the app is started once on an ephemeral
 * loopback port and called through one keep-alive connection pool, so thousands of requests cost milliseconds
 * each (supertest would open a server per call). Bodies go out as raw bytes: invalid UTF-8 and duplicate or
 * `__proto__` keys reach the server exactly as written.
 *
 * The client is undici over its own sockets, not `node:http`, which nock patches in every test file that loads it:
 * nothing stands between these bytes and the server. (Through piled-up nock patches, a large body answered early
 * by the server once broke with EPIPE; tests/support/nock-lifecycle.ts now removes each file's patch.)
 */

/** One request as sent: method, path (sent as is, unnormalised), headers and raw body. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

/** What came back; `text` is the body decoded as UTF-8. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A started server and the client bound to it. */
export interface LiveServer {
  readonly port: number;
  /** Sends one request; rejects when no complete answer arrives within `timeoutMs` (a hang is a failure). */
  send(req: RawRequest, timeoutMs?: number): Promise<RawResponse>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an ephemeral port and returns a keep-alive client for it. */
export async function startLiveServer(app: Express, connections = 20): Promise<LiveServer> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections });

  const send = async (req: RawRequest, timeoutMs = 5000): Promise<RawResponse> => {
    const res = await pool.request({
      method: req.method,
      path: req.path,
      ...(req.headers === undefined ? {} : { headers: req.headers }),
      ...(req.body === undefined ? {} : { body: req.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  };

  const close = async (): Promise<void> => {
    await pool.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, send, close };
}
