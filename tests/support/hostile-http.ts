import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/**
 * A real listening server and a raw HTTP client for hostile-body tests: the app is started once on an ephemeral
 * loopback port and called through one keep-alive agent, so thousands of requests cost milliseconds each
 * (supertest would open a server per call). Bodies go out as raw bytes: invalid UTF-8 and duplicate or
 * `__proto__` keys reach the server exactly as written.
 */

/** One request as sent: method, path (sent as is, unnormalised), headers and raw body. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: OutgoingHttpHeaders;
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
export async function startLiveServer(app: Express, maxSockets = 20): Promise<LiveServer> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets });

  const send = (req: RawRequest, timeoutMs = 5000): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
      const headers: OutgoingHttpHeaders = { ...(body ? { 'content-length': body.length } : {}), ...req.headers };
      const outgoing = request(
        { host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent, signal: AbortSignal.timeout(timeoutMs) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const close = async (): Promise<void> => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, send, close };
}
