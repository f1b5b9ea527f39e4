import type { ServiceRequest } from 'fhir/r4.js';
import { labsOrdered } from '../../src/findings/ordered-labs.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { cpt, loinc, serviceRequest } from '../support/fhir-builders.js';

// An active order of the record for a knowledge lab is a test in progress.
// dimensions: status · intent · doNotPerform · date (inside · before the look-back · none · occurrence only) · code

const knowledge = loadKnowledge('cds-services');
const NOW = new Date('2026-11-20T12:00:00Z');
const order = (changes: Partial<ServiceRequest> = {}, codes = [loinc('3016-3')]): ServiceRequest => ({
  ...serviceRequest({ codes, status: 'active', intent: 'order', authoredOn: '2026-11-10' }),
  ...changes,
});

const cases: readonly { name: string; request: ServiceRequest; labs: readonly string[] }[] = [
  { name: 'an active TSH order placed ten days ago', request: order(), labs: ['tsh'] },
  { name: 'an active order for the third-generation TSH code', request: order({}, [loinc('11580-8')]), labs: ['tsh'] },
  { name: 'an active iron panel order (ferritin, TSAT)', request: order({}, [loinc('2276-4'), loinc('2502-3')]), labs: ['ferritin', 'tsat'] },
  { name: 'an active order dated only by its occurrence', request: { ...order(), authoredOn: undefined, occurrenceDateTime: '2026-11-25' }, labs: [] },
  { name: 'an active order whose occurrence falls in the look-back', request: { ...order(), authoredOn: undefined, occurrenceDateTime: '2026-11-01' }, labs: ['tsh'] },
  { name: 'a completed order (its result is what counts)', request: order({ status: 'completed' }), labs: [] },
  { name: 'a draft order', request: order({ status: 'draft' }), labs: [] },
  { name: 'a proposal', request: order({ intent: 'proposal' }), labs: [] },
  { name: 'an order not to perform the test', request: order({ doNotPerform: true }), labs: [] },
  { name: 'an active order placed before the look-back', request: order({ authoredOn: '2025-10-01' }), labs: [] },
  { name: 'an active order with no date', request: { ...order(), authoredOn: undefined }, labs: [] },
  { name: 'an active order of something else (polysomnography)', request: order({}, [cpt('95810')]), labs: [] },
];

test.each(cases)('$name → $labs', ({ request, labs }) => {
  expect(labsOrdered([request], knowledge, NOW)).toEqual(labs);
});
