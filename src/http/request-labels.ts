import type { ServiceRegistry } from '../hooks/service-registry.js';
import type { RequestLabels } from '../metrics/request-metrics.js';

/**
 * What the request log and the request metrics call a request, decided from its path when it arrives, so an
 * endpoint has one `route` whatever happens next (a 401 before routing, a 412 from the pipeline, a 405). Express's
 * own matched route cannot do that: it is unset when authentication refuses the call, and relative to the router
 * that matched. Every value comes from the lists below or `cds-services/services.json`, never from the path itself:
 * paths carry identifiers, and an id the service does not offer must not add a label value.
 */

/** One value per endpoint of `src/app.ts`; `unmatched` for every other path. */
export const ROUTES = [
  '/cds-services',
  '/cds-services/:id',
  '/cds-services/:id/feedback',
  '/healthz',
  '/readyz',
  '/metrics',
  '/admin/governance',
  '/admin/assets/:file',
  'unmatched',
] as const;
export type Route = (typeof ROUTES)[number];

/** `service` and `hook` of a request that names no service, and of one naming a service we do not offer. */
export const NO_SERVICE = 'none';
export const UNKNOWN_SERVICE = 'unknown';

// Express matches paths case-insensitively and with or without one trailing slash (router defaults).
const SERVICE_PATH = /^\/cds-services\/([^/]+)(\/feedback)?\/?$/i;
const FIXED: ReadonlyMap<string, Route> = new Map([
  ['/cds-services', '/cds-services'],
  ['/healthz', '/healthz'],
  ['/readyz', '/readyz'],
  ['/metrics', '/metrics'],
  ['/admin/governance', '/admin/governance'],
  ['/admin/assets/d3.min.js', '/admin/assets/:file'],
  ['/admin/assets/governance-chart.js', '/admin/assets/:file'],
]);

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Labels by path, with one frozen object per service and route, so a request allocates none. */
export function createRequestLabeller(services: ServiceRegistry): (path: string) => RequestLabels {
  const fixed = new Map([...FIXED].map(([path, route]) => [path, { route, service: NO_SERVICE, hook: NO_SERVICE }]));
  const unmatched: RequestLabels = { route: 'unmatched', service: NO_SERVICE, hook: NO_SERVICE };
  const forService = (route: Route): ((id: string | undefined) => RequestLabels) => {
    const unknown: RequestLabels = { route, service: UNKNOWN_SERVICE, hook: UNKNOWN_SERVICE };
    const known = new Map(services.services.map((s) => [s.id, { route, service: s.id, hook: s.hook }]));
    return (id) => (id === undefined ? unknown : (known.get(id) ?? unknown));
  };
  const call = forService('/cds-services/:id');
  const feedback = forService('/cds-services/:id/feedback');

  return (path) => {
    const bare = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const exact = fixed.get(bare) ?? fixed.get(bare.toLowerCase());
    if (exact) return exact;
    const match = SERVICE_PATH.exec(path);
    if (!match?.[1]) return unmatched;
    const id = decoded(match[1]);
    return match[2] ? feedback(id) : call(id);
  };
}
