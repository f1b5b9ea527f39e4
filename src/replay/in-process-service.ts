import type { AddressInfo } from 'node:net';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { loadServiceRegistry } from '../hooks/service-registry.js';
import { createSecurity } from '../http/security.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { createLogger } from '../log.js';

/**
 * The service itself (src/app.ts with the development profile: unauthenticated calls accepted, loopback FHIR
 * servers allowed) listening on an ephemeral loopback port, for tools that replay or review cards without a
 * separately started service.
 */

export interface InProcessServiceOptions {
  /** The clock the rules see (look-backs); the real clock when absent. */
  readonly now?: () => Date;
  /** pino level of the service's own log, written to stderr; `silent` when absent, so tool output stays clean. */
  readonly logLevel?: string;
  /** Folder of service definitions and knowledge (`CDS_KNOWLEDGE_DIR`, default `cds-services`). */
  readonly knowledgeDir?: string;
}

export interface InProcessService {
  /** `http://127.0.0.1:<port>`: the base of `/cds-services`. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the service on 127.0.0.1 with an ephemeral port; the caller closes it. */
export async function startInProcessService(options: InProcessServiceOptions = {}): Promise<InProcessService> {
  const config = loadConfig({
    PORT: '0',
    CDS_PUBLIC_BASE_URL: 'http://127.0.0.1',
    ...(options.knowledgeDir ? { CDS_KNOWLEDGE_DIR: options.knowledgeDir } : {}),
  });
  const log = createLogger(options.logLevel ?? 'silent', process.stderr);
  const knowledge = loadKnowledge(config.knowledgeDir);
  const services = loadServiceRegistry(config.knowledgeDir);
  const security = await createSecurity(config, log);
  const app = createApp({ config, knowledge, services, log, ...security, ...(options.now ? { now: options.now } : {}) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
