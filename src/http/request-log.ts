import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { ServiceRegistry } from '../hooks/service-registry.js';
import { requestLineLogger } from '../log.js';
import { observeRequest } from '../metrics/request-metrics.js';
import { createRequestLabeller } from './request-labels.js';

/**
 * One log line per request: route, status, duration, stage timings, the outcome code, each card's uuid and topic,
 * and counts (resources of another patient dropped, lab results whose unit could not be read: counts, never values).
 * Never the body, the query, headers or patient ids; the request id is the caller's `hookInstance`. The same route,
 * service and hook label the request in `/metrics` (`cds_requests_total`, `cds_request_duration_seconds`).
 */
export function createRequestLog(log: Logger, services: ServiceRegistry) {
  const labelsOf = createRequestLabeller(services);
  const lines = requestLineLogger(log);
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = performance.now();
    // The route pattern of the path, not the URL: paths and queries may carry identifiers.
    const labels = labelsOf(req.path);
    res.on('finish', () => {
      const seconds = (performance.now() - start) / 1000;
      observeRequest(labels, res.statusCode, seconds);
      const locals = res.locals as Record<string, unknown>;
      lines.info(
        {
          method: req.method,
          route: labels.route,
          status: res.statusCode,
          ms: Math.round(seconds * 100_000) / 100,
          hookInstance: locals.hookInstance,
          service: locals.serviceId,
          stages: locals.timingsMs,
          cards: locals.cards,
          droppedWrongPatient: locals.droppedWrongPatient,
          unreadableUnits: locals.unreadableUnits,
          siteConfig: locals.siteConfig,
          suppressed: locals.suppressed,
          outcome: locals.outcomeCode,
          authFailure: locals.authFailure,
        },
        'request',
      );
    });
    next();
  };
}
