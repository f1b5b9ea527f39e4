import { loadServiceRegistry } from '../../src/hooks/service-registry.js';
import { createRequestLabeller, ROUTES } from '../../src/http/request-labels.js';
import { SERVICE } from '../support/hook-requests.js';

// The route, service and hook that label a request in the request log and in /metrics, from its path alone.
// dimensions: endpoint (every route of src/app.ts, unmatched) · spelling (trailing slash, case, percent-encoding) ·
// service id (offered, unknown, undecodable)

const labelsOf = createRequestLabeller(loadServiceRegistry('cds-services'));
const PV = SERVICE['patient-view'];

test.each([
  ['/cds-services', { route: '/cds-services', service: 'none', hook: 'none' }],
  ['/cds-services/', { route: '/cds-services', service: 'none', hook: 'none' }],
  [`/cds-services/${PV}`, { route: '/cds-services/:id', service: PV, hook: 'patient-view' }],
  [`/cds-services/${PV}/`, { route: '/cds-services/:id', service: PV, hook: 'patient-view' }],
  [`/CDS-Services/${PV}`, { route: '/cds-services/:id', service: PV, hook: 'patient-view' }],
  [`/cds-services/${SERVICE['order-sign']}`, { route: '/cds-services/:id', service: SERVICE['order-sign'], hook: 'order-sign' }],
  [`/cds-services/${SERVICE['order-select']}/feedback`, { route: '/cds-services/:id/feedback', service: SERVICE['order-select'], hook: 'order-select' }],
  [`/cds-services/leg-cramps-patient%2Dview`, { route: '/cds-services/:id', service: PV, hook: 'patient-view' }],
  ['/cds-services/no-such-service', { route: '/cds-services/:id', service: 'unknown', hook: 'unknown' }],
  ['/cds-services/%E0%A4%A', { route: '/cds-services/:id', service: 'unknown', hook: 'unknown' }],
  ['/cds-services/no-such-service/feedback', { route: '/cds-services/:id/feedback', service: 'unknown', hook: 'unknown' }],
  ['/healthz', { route: '/healthz', service: 'none', hook: 'none' }],
  ['/readyz', { route: '/readyz', service: 'none', hook: 'none' }],
  ['/metrics', { route: '/metrics', service: 'none', hook: 'none' }],
  ['/METRICS/', { route: '/metrics', service: 'none', hook: 'none' }],
  ['/admin/governance', { route: '/admin/governance', service: 'none', hook: 'none' }],
  ['/admin/assets/d3.min.js', { route: '/admin/assets/:file', service: 'none', hook: 'none' }],
  ['/admin/assets/other.js', { route: 'unmatched', service: 'none', hook: 'none' }],
  [`/cds-services/${PV}/feedback/more`, { route: 'unmatched', service: 'none', hook: 'none' }],
  ['/patients/p-4711', { route: 'unmatched', service: 'none', hook: 'none' }],
  ['/', { route: 'unmatched', service: 'none', hook: 'none' }],
])('%s', (path, labels) => {
  expect(labelsOf(path)).toEqual(labels);
  expect(ROUTES).toContain(labels.route);
});

test('a path allocates no labels of its own: the same object for every call to one endpoint', () => {
  expect(labelsOf(`/cds-services/${PV}`)).toBe(labelsOf(`/cds-services/${PV}/`));
  expect(labelsOf('/cds-services/a')).toBe(labelsOf('/cds-services/b'));
});
