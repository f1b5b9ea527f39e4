import type { AddressInfo } from 'node:net';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { loadServiceRegistry } from '../hooks/service-registry.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import { createLogger } from '../log.js';

/** A running service on a loopback port, and how to stop it. */
export interface InProcessService {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export interface InProcessOptions {
  readonly knowledge: Knowledge;
  readonly knowledgeDir: string;
  /** The clock the rules judge look-backs by. */
  readonly now: Date;
}

/**
 * The real app (real knowledge, services and pipeline) listening on an ephemeral 127.0.0.1 port, so callers
 * speak real HTTP to it. Prefetch only: no FHIR server is allowed, and no EHR authentication is configured,
 * which is safe because nothing but this process can reach a loopback port it has just opened for itself.
 */
export async function startInProcessService(options: InProcessOptions): Promise<InProcessService> {
  const config = loadConfig({ PORT: '0', CDS_KNOWLEDGE_DIR: options.knowledgeDir });
  const app = createApp({
    config,
    knowledge: options.knowledge,
    services: loadServiceRegistry(options.knowledgeDir),
    log: createLogger('silent'),
    fhirServerPolicy: () => false,
    now: () => options.now,
  });
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
