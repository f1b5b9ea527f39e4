import { renderPrefetchQuery } from '../../src/gather/prefetch-tokens.js';
import { patientViewContext } from './gather-input.js';

// dimensions: token kind (context field · user<Type>Id · unknown) · field present? · characters needing encoding

const context = patientViewContext('p-1', { encounterId: 'e/1?', userId: 'Practitioner/dr 1' });

test.each([
  { name: 'context.patientId is filled in', template: 'Condition?patient={{context.patientId}}', query: 'Condition?patient=p-1' },
  { name: 'spaces inside the braces are allowed', template: 'Patient/{{ context.patientId }}', query: 'Patient/p-1' },
  { name: 'every occurrence is filled in', template: 'X?a={{context.patientId}}&b={{context.patientId}}', query: 'X?a=p-1&b=p-1' },
  { name: 'context.userId keeps its Type/id path and encodes the id', template: '{{context.userId}}', query: 'Practitioner/dr%201' },
  { name: 'userPractitionerId is the id of a Practitioner user', template: 'Practitioner/{{userPractitionerId}}', query: 'Practitioner/dr%201' },
  { name: 'a value is encoded, the template around it is not', template: 'Encounter?_id={{context.encounterId}}&code=http://loinc.org|2276-4', query: 'Encounter?_id=e/1%3F&code=http://loinc.org|2276-4' },
  { name: 'userPatientId of a Practitioner user cannot be filled', template: 'Patient/{{userPatientId}}', query: undefined },
  { name: 'an unknown token cannot be filled', template: 'Patient/{{context.draftOrders}}', query: undefined },
  { name: 'an absent context field cannot be filled', template: 'Encounter/{{context.encounterId}}', query: undefined, ctx: patientViewContext('p-1') },
])('$name', ({ template, query, ctx }) => {
  expect(renderPrefetchQuery(template, ctx ?? context)).toBe(query);
});
