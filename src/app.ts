import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createHookRequestValidator } from './hooks/validate-request.js';
import type { ServiceRegistry } from './hooks/service-registry.js';
import { createErrorHandler } from './http/error-handler.js';
import { notFound, OperationOutcomeError, serviceUnavailable } from './outcomes/operation-outcome.js';
import { refuseOversizedBody } from './http/oversized-body.js';
import { metricsHandler, metricsPlacement } from './http/metrics-endpoint.js';
import { createRequestLog } from './http/request-log.js';
import { createCdsRoutes, createHookCallHandler, requireJson, type FhirServerPolicy } from './http/routes.js';
import type { Knowledge } from './knowledge/knowledge-types.js';
import type { FeedbackDeps } from './governance/feedback.js';
import type { HookGovernance } from './governance/hook-governance.js';
import { createAdminRoutes } from './http/admin-routes.js';
import type { GovernanceStore } from './storage/governance-store.js';

/** Everything the app needs, built by `main.ts` (or a test). */
export interface AppDeps {
  readonly config: Config;
  readonly knowledge: Knowledge;
  readonly services: ServiceRegistry;
  readonly log: Logger;
  /** SSRF policy for the caller's `fhirServer`. */
  readonly fhirServerPolicy: FhirServerPolicy;
  /** Middleware run before every `/cds-services` route (CORS, security headers, EHR JWT verification). */
  readonly guards?: readonly RequestHandler[];
  /** Middleware run before everything (CORS preflight must be answered before auth). */
  readonly preGuards?: readonly RequestHandler[];
  readonly now?: () => Date;
  /** Ledger, suppression and stored feedback (`main.ts` always wires them; tests of other stages may not). */
  readonly governance?: { readonly hooks: HookGovernance; readonly feedback: FeedbackDeps; readonly store: GovernanceStore };
  /** `CDS_ADMIN_TOKEN`: with governance, enables `GET /admin/governance` behind this bearer token. */
  readonly adminToken?: string;
  /** False while shutting down: `/readyz` answers 503. */
  readonly isReady?: () => boolean;
  /** Further readiness checks (e.g. the shared database); `/readyz` answers 503 naming the first that fails. */
  readonly readiness?: readonly ReadinessCheck[];
}

/** One condition of readiness; `unready` is the diagnostics text of the 503 (no secrets, no URLs). */
export interface ReadinessCheck {
  readonly isReady: () => boolean;
  readonly unready: string;
}

/** The Express app without `listen`, so tests drive it over real HTTP with supertest. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Every answer is `Cache-Control: no-store` (src/http/security-headers.ts), so nothing ever revalidates with an
  // ETag, and computing one hashed every response body (issue 11's profile).
  app.set('etag', false);
  app.set('trust proxy', false);
  app.use(createRequestLog(deps.log, deps.services));
  for (const guard of deps.preGuards ?? []) app.use(guard);
  app.use(refuseOversizedBody(deps.config.bodyLimitBytes));

  const hookDeps = {
    services: deps.services,
    knowledge: deps.knowledge,
    validate: createHookRequestValidator(),
    deadlineMs: deps.config.deadlineMs,
    maxResourcesPerKey: deps.config.maxResourcesPerKey,
    maxFhirResponseBytes: deps.config.maxFhirResponseBytes,
    now: deps.now ?? (() => new Date()),
    ...(deps.governance ? { governance: deps.governance.hooks } : {}),
  };
  // Hook calls, the hot path, as one route: only what a call needs runs before the handler (guards, the JSON checks,
  // the body parser), and it does not walk the discovery, feedback and 405 routes mounted below (issue 11's profile).
  const parseJson = express.json({ limit: deps.config.bodyLimitBytes, type: ['application/json', 'application/*+json'], strict: true });
  const guards = deps.guards ?? [];
  app.post('/cds-services/:id', ...guards, requireJson, parseJson, createHookCallHandler(hookDeps, deps.fhirServerPolicy, deps.log));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'up' });
  });
  const readiness: readonly ReadinessCheck[] = [...(deps.isReady ? [{ isReady: deps.isReady, unready: 'Shutting down' }] : []), ...(deps.readiness ?? [])];
  app.get('/readyz', (_req, res) => {
    const failed = readiness.find((check) => !check.isReady());
    if (failed) throw new OperationOutcomeError(serviceUnavailable(failed.unready));
    res.json({ status: 'ready', knowledgeVersion: deps.knowledge.version });
  });

  // On this port only when no separate metrics port is configured (`src/http/metrics-endpoint.ts` says why).
  const metrics = metricsPlacement(deps.config);
  if (metrics.where === 'service-port') app.get('/metrics', metricsHandler(metrics.token));

  app.use('/cds-services', ...guards, requireJson, parseJson, createCdsRoutes(hookDeps, deps.log, deps.governance?.feedback));

  if (deps.governance && deps.adminToken) {
    app.use('/admin', createAdminRoutes({ token: deps.adminToken, store: deps.governance.store, now: deps.now ?? (() => new Date()) }));
  }

  app.use(() => {
    throw new OperationOutcomeError(notFound('No such route'));
  });
  app.use(createErrorHandler(deps.log));
  return app;
}
