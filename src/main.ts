// First, before any library loads: no library may print its debug output (URLs, headers, bodies) to stderr.
import './silence-library-debug.js';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { configWarnings, loadConfig } from './config.js';
import { loadServiceRegistry } from './hooks/service-registry.js';
import { loadKnowledge } from './knowledge/load-knowledge.js';
import { createLogger } from './log.js';
import { createPostgresReplayStore } from './http/auth/postgres-replay-store.js';
import { answerExpectContinue, httpServerOptions } from './http/http-server.js';
import { createMetricsApp, metricsPlacement } from './http/metrics-endpoint.js';
import { createSecurity } from './http/security.js';
import { loadGovernanceConfig } from './governance/governance-config.js';
import { startGovernance } from './governance/start-governance.js';
import { createDrainableServer, type DrainableServer } from './lifecycle/graceful-drain.js';
import { createShutdownSteps } from './lifecycle/shutdown-steps.js';
import { databaseFromConfig } from './storage/postgres-database.js';

/**
 * Reads configuration and knowledge (any error stops start-up), then listens; drains on SIGTERM.
 *
 * Shutdown (`src/lifecycle/graceful-drain.ts`): on SIGTERM `/readyz` answers 503 for `CDS_DRAIN_MS` while calls are
 * still served, then the listener closes (the metrics listener of `CDS_METRICS_PORT` with it), calls in flight
 * finish and kept-alive connections close after their current response. Then the shutdown steps run, in the order they were added, then the log is flushed and the
 * process exits 0 (1 when calls had to be cut or a step failed). Anything holding queued writes (a database pool, a
 * governance ledger) registers its flush or close with `shutdownSteps.add(name, async () => ...)` below.
 * SIGINT (Ctrl-C in a terminal) skips the drain window.
 */
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
  const governanceConfig = loadGovernanceConfig(process.env, config.mode);
  const governance = await startGovernance(governanceConfig, knowledge, log, {
    production: config.mode === 'production',
    now: () => new Date(),
    ...(database ? { database } : {}),
  });

  const shutdownSteps = createShutdownSteps();
  // The ledger queue is written before the database it goes to closes.
  shutdownSteps.add('governance ledger', () => governance.close());
  if (database) shutdownSteps.add('database pool', () => database.close());

  // The server is built first so readiness can follow its drain (`app` is called only once it listens).
  const drainable = createDrainableServer((req, res) => app(req, res), { log, serverOptions: httpServerOptions(config) });
  answerExpectContinue(drainable.server, config.bodyLimitBytes);
  const readiness = database ? [{ isReady: database.isReady, unready: 'Database unreachable' }] : [];
  const app = createApp({
    config,
    knowledge,
    services,
    log,
    ...security,
    governance,
    ...(governanceConfig.adminToken ? { adminToken: governanceConfig.adminToken } : {}),
    isReady: () => !drainable.draining(),
    readiness,
  });
  const { server } = drainable;
  server.keepAliveTimeout = 65_000;

  // `/metrics` on a listener of its own, or on the service's port, or nowhere (src/http/metrics-endpoint.ts).
  const metrics = metricsPlacement(config);
  if (metrics.where === 'not-served') log.warn({ event: 'metrics-not-served' }, 'GET /metrics is not served: in production set CDS_METRICS_TOKEN or CDS_METRICS_PORT');
  let metricsListener: DrainableServer | undefined;
  let metricsPort: number | undefined;
  if (metrics.where === 'metrics-port') {
    const metricsApp = createMetricsApp({ log, services, ...(metrics.token !== undefined ? { token: metrics.token } : {}) });
    metricsListener = createDrainableServer(metricsApp, { log, serverOptions: httpServerOptions(config), listener: 'metrics' });
    // Up before "listening" is logged, which names its port.
    metricsPort = await listen(metricsListener.server, metrics.port, config.host);
  }
  const port = await listen(server, config.port, config.host);
  log.info({ port, host: config.host, mode: config.mode, knowledgeVersion: knowledge.version, ...(metricsPort !== undefined ? { metricsPort } : {}) }, 'listening');

  const shutdown = async (signal: string, drainMs: number): Promise<void> => {
    log.info({ signal }, 'shutting down');
    // Last resort, should a shutdown step hang: still well before Kubernetes' 30 s default grace period ends.
    setTimeout(() => process.exit(1), drainMs + 15_000).unref();
    // Both listeners drain together: scrapes go on through the window, then the metrics listener closes too.
    const [drained, metricsDrained] = await Promise.all([drainable.drain(drainMs), metricsListener ? metricsListener.drain(drainMs) : true]);
    const stepsOk = await shutdownSteps.run(log);
    log.info({ event: 'exiting', drained: drained && metricsDrained, stepsOk }, 'exiting');
    log.flush(() => process.exit(drained && metricsDrained && stepsOk ? 0 : 1));
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM', config.drainMs));
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
}

/** Listens on `port` (0: any free port) and resolves with the port bound; rejects when it cannot (port in use). */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

main().catch((err: unknown) => {
  // Start-up errors (config, knowledge, trust file) name the file and field; they hold no patient data.
  process.stderr.write(`start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
