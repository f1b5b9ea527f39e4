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
