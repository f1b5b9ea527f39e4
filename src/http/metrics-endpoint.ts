import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ServiceRegistry } from '../hooks/service-registry.js';
import { metricsRegistry, startProcessMetrics } from '../metrics/registry.js';
import { notFound, OperationOutcomeError, unauthorized } from '../outcomes/operation-outcome.js';
import { bearerMatches } from './bearer-token.js';
import { createErrorHandler } from './error-handler.js';
import { createRequestLog } from './request-log.js';
import { createSecurityHeaders } from './security-headers.js';

/**
 * `GET /metrics` in the Prometheus text format (README "Metrics"). Never in discovery. Where it is served:
 *
 * - `CDS_METRICS_PORT` set: on a listener of its own only (`createMetricsApp`; the main port answers 404), for a port
 *   the Kubernetes Service does not expose, scraped inside the cluster by pod address;
 * - else on the service's port, in development open, and in production only when `CDS_METRICS_TOKEN` is set;
 * - `CDS_METRICS_TOKEN` set: required as the bearer token wherever it is served, development included (a network
 *   boundary and a token together, so a pod address reachable from elsewhere in the cluster still needs the token);
 * - production with neither: not served at all (404), and start-up says so, rather than publish the service's
 *   traffic to whoever reaches the port.
 */
export type MetricsPlacement =
  | { readonly where: 'service-port'; readonly token?: string }
  | { readonly where: 'metrics-port'; readonly port: number; readonly token?: string }
  | { readonly where: 'not-served' };

/** Decides where `/metrics` is served from the configuration. */
export function metricsPlacement(config: Pick<Config, 'mode' | 'metricsToken' | 'metricsPort'>): MetricsPlacement {
  const token = config.metricsToken !== undefined ? { token: config.metricsToken } : {};
  if (config.metricsPort !== undefined) return { where: 'metrics-port', port: config.metricsPort, ...token };
  if (config.metricsToken !== undefined || config.mode === 'development') return { where: 'service-port', ...token };
  return { where: 'not-served' };
}

/** The `GET /metrics` handler; with a token, 401 (empty body, `WWW-Authenticate: Bearer`) unless it is given. */
export function metricsHandler(token: string | undefined): (req: Request, res: Response) => Promise<void> {
  startProcessMetrics();
  return async (req, res) => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new OperationOutcomeError(unauthorized());
    }
    const text = await metricsRegistry.metrics();
    // `res.end`, not `res.send`: no ETag hashed over the whole text on every scrape.
    res.status(200).set('Content-Type', metricsRegistry.contentType);
    res.end(text);
  };
}

/** The app of the separate metrics listener: `GET /metrics`, 404 for everything else, one log line per request. */
export function createMetricsApp(deps: { readonly log: Logger; readonly services: ServiceRegistry; readonly token?: string }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('trust proxy', false);
  app.use(createRequestLog(deps.log, deps.services));
  app.use(createSecurityHeaders());
  app.get('/metrics', metricsHandler(deps.token));
  app.use(() => {
    throw new OperationOutcomeError(notFound('No such route'));
  });
  app.use(createErrorHandler(deps.log));
  return app;
}
