import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * One log line per request: route, status, duration, stage timings, the outcome code, each card's uuid and topic,
 * and counts (resources of another patient dropped, lab results whose unit could not be read: counts, never values).
 * Never the body, the query, headers or patient ids; the request id is the caller's `hookInstance`.
 */
export function createRequestLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = performance.now();
    res.on('finish', () => {
      const locals = res.locals as Record<string, unknown>;
      log.info(
        {
          method: req.method,
          route: routeLabel(req),
          status: res.statusCode,
          ms: Math.round((performance.now() - start) * 100) / 100,
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

// The matched route pattern, not the URL: paths and queries may carry identifiers.
function routeLabel(req: Request): string {
  const route: unknown = req.route;
  const pattern = typeof route === 'object' && route !== null && 'path' in route ? String(route.path) : 'unmatched';
  return `${req.baseUrl}${pattern}`;
}
