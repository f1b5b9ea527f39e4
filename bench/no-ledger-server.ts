import { createServer } from 'node:http';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadServiceRegistry } from '../src/hooks/service-registry.js';
import { httpServerOptions } from '../src/http/http-server.js';
import { createSecurity } from '../src/http/security.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { createLogger } from '../src/log.js';

/**
 * The service as `src/main.ts` builds it (same configuration, security, logging and HTTP server limits) but with
 * no governance ledger: the other half of the ledger-cost comparison (issue 10).
 */
const config = loadConfig();
const log = createLogger(config.logLevel);
const security = await createSecurity(config, log);
const app = createApp({ config, log, knowledge: loadKnowledge(config.knowledgeDir), services: loadServiceRegistry(config.knowledgeDir), ...security });
const server = createServer(httpServerOptions(config), app);
server.keepAliveTimeout = 65_000;
server.listen(config.port, config.host);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
