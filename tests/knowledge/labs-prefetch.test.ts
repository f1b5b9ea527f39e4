import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { DerivedLabsFile } from '../../src/knowledge/source-types.js';

// Every LOINC code of a lab must be requested by the prefetch template that feeds that lab, in every service;
// otherwise a result the EHR has would silently count as "missing".

const services: unknown = JSON.parse(readFileSync(path.resolve('cds-services', 'services.json'), 'utf8'));
const derived = JSON.parse(readFileSync(path.resolve('cds-services', 'knowledge', 'derived', 'labs.expanded.json'), 'utf8')) as DerivedLabsFile;

function prefetchTemplates(): readonly { readonly service: string; readonly prefetch: Readonly<Record<string, string>> }[] {
  if (typeof services !== 'object' || services === null || !('services' in services) || !Array.isArray(services.services)) {
    throw new Error('services.json has no services');
  }
  return services.services.map((s: { id: string; prefetch: Record<string, string> }) => ({ service: s.id, prefetch: s.prefetch }));
}

function requestedCodes(template: string | undefined): ReadonlySet<string> {
  const query = template?.split('code=')[1] ?? '';
  return new Set(query.split(',').map((token) => token.trim()));
}

const rows = prefetchTemplates().flatMap(({ service, prefetch }) =>
  derived.labs.flatMap((lab) => lab.codes.map((c) => ({ service, lab: lab.id, key: lab.prefetchKey, token: `${c.system}|${c.code}`, template: prefetch[lab.prefetchKey] }))),
);

test.each(rows)('$service prefetch "$key" requests $lab code $token', ({ token, template }) => {
  expect(requestedCodes(template).has(token)).toBe(true);
});

test('every loaded lab is covered by the derived file checked above', () => {
  expect(Object.keys(loadKnowledge('cds-services').labs).sort()).toEqual(derived.labs.map((l) => l.id).sort());
});

// An active order for a workup lab is a test in progress (src/findings/ordered-labs.ts): the ServiceRequest template
// asks for every code of every lab the workup may suggest, or an order the EHR has would go unseen. It asks for every
// status (the findings keep active orders): a status parameter would be one more search feature every EHR must serve.
const workupLabIds = new Set<string>(loadKnowledge('cds-services').workup.flatMap((item) => [...item.labIds, item.orderLabId, ...(item.alsoOrderLabIds ?? [])]));
const orderRows = prefetchTemplates().flatMap(({ service, prefetch }) =>
  derived.labs.filter((lab) => workupLabIds.has(lab.id)).flatMap((lab) => lab.codes.map((c) => ({ service, lab: lab.id, token: `${c.system}|${c.code}`, template: prefetch.serviceRequests }))),
);

test.each(orderRows)('$service prefetch "serviceRequests" asks for active orders of $lab code $token', ({ token, template }) => {
  expect(template?.startsWith('ServiceRequest?patient={{context.patientId}}&_count=100&code=')).toBe(true);
  expect(requestedCodes(template).has(token)).toBe(true);
});
