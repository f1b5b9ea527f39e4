import '../src/silence-library-debug.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadServiceRegistry } from '../src/hooks/service-registry.js';
import { answerExpectContinue, httpServerOptions } from '../src/http/http-server.js';
import { createSecurity } from '../src/http/security.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { createDrainableServer } from '../src/lifecycle/graceful-drain.js';
import { createLogger } from '../src/log.js';

/**
 * The service as `src/main.ts` builds it (same configuration, security, logging, HTTP server with its limits,
 * connection tracking and `Expect: 100-continue` answer, readiness) but with no governance: the other half of the
 * ledger-cost comparison (issue 10), so the comparison measures the ledger and suppression, nothing else.
 */
const config = loadConfig();
const log = createLogger(config.logLevel);
const security = await createSecurity(config, log);
const drainable = createDrainableServer((req, res) => app(req, res), { log, serverOptions: httpServerOptions(config) });
answerExpectContinue(drainable.server, config.bodyLimitBytes);
const app = createApp({
  config,
  log,
  knowledge: loadKnowledge(config.knowledgeDir),
  services: loadServiceRegistry(config.knowledgeDir),
  ...security,
  isReady: () => !drainable.draining(),
  readiness: [],
});
drainable.server.keepAliveTimeout = 65_000;
drainable.server.listen(config.port, config.host);
process.once('SIGTERM', () => drainable.server.close(() => process.exit(0)));
