// First, before any library loads: no library may print its debug output (URLs, headers, bodies) to stderr.
import './silence-library-debug.js';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { configWarnings, loadConfig } from './config.js';
import { loadServiceRegistry } from './hooks/service-registry.js';
import { loadKnowledge } from './knowledge/load-knowledge.js';
import { createLogger } from './log.js';
import { createPostgresReplayStore } from './http/auth/postgres-replay-store.js';
import { createHttpServer } from './http/http-server.js';
import { createSecurity } from './http/security.js';
import { databaseFromConfig } from './storage/postgres-database.js';

/** Reads configuration and knowledge (any error stops start-up), then listens; drains on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  for (const warning of configWarnings()) log.warn({ event: 'config-warning' }, warning);
  const knowledge = loadKnowledge(config.knowledgeDir);
  const services = loadServiceRegistry(config.knowledgeDir);
  // Several replicas share one replay store, or a token replayed to another replica would pass. The database may
  // be down now: the service starts anyway and is not ready (503 on /readyz) until it answers.
  const database = databaseFromConfig(config, log);
  const replayStore = database ? createPostgresReplayStore({ database, now: () => new Date() }) : undefined;
  log.info({ replayStore: replayStore ? 'postgres' : 'memory' }, 'jwt replay store');
  const security = await createSecurity(config, log, replayStore ? { replayStore } : {});

  let ready = true;
  const readiness = database ? [{ isReady: database.isReady, unready: 'Database unreachable' }] : [];
  const app = createApp({ config, knowledge, services, log, ...security, isReady: () => ready, readiness });
  const server: Server = createHttpServer(app, config);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    log.info({ port, host: config.host, mode: config.mode, knowledgeVersion: knowledge.version }, 'listening');
  });
  server.keepAliveTimeout = 65_000;

  const shutdown = (signal: string): void => {
    ready = false;
    log.info({ signal }, 'shutting down');
    server.close(() => {
      void (database?.close() ?? Promise.resolve()).finally(() => log.flush(() => process.exit(0)));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  // Start-up errors (config, knowledge, trust file) name the file and field; they hold no patient data.
  process.stderr.write(`start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
