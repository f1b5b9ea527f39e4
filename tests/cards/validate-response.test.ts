import { isValidCdsResponse, responseErrors } from '../../src/cards/validate-response.js';

// dimensions: card required fields · summary length · enums · no null/""/[]/{} · suggestions ⇔ selectionBehavior ·
// action type ⇒ resourceId/resource · overrideReasons display · link type and appContext · extra properties
const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const UUID2 = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const validCard = {
  uuid: UUID,
  summary: 'Polysomnography is not indicated for simple leg cramps',
  indicator: 'warning',
  source: { label: 'Test', url: 'https://example.org', topic: { system: 'https://example.org/topics', code: 'psg-not-indicated', display: 'PSG' } },
  detail: '**Findings**',
  suggestions: [{ label: 'Remove', uuid: UUID2, actions: [{ type: 'delete', description: 'Remove the order.', resourceId: 'ServiceRequest/1' }] }],
  selectionBehavior: 'at-most-one',
  overrideReasons: [{ system: 'https://example.org/override', code: 'x', display: 'X' }],
  links: [{ label: 'AASM', url: 'https://doi.org/10.1093/sleep/28.4.499', type: 'absolute' }],
  extension: { 'org.example.leg-cramps-cds.leaning': 'mixed' },
};

type Card = Record<string, unknown>;
const withCard = (change: (card: Card) => Card): unknown => ({ cards: [change({ ...validCard })] });
const without = (key: string) => (card: Card): Card => {
  const copy = { ...card };
  delete copy[key];
  return copy;
};

const createAction = { type: 'create', description: 'Order ferritin.', resource: { resourceType: 'ServiceRequest', status: 'draft' } };

describe('isValidCdsResponse accepts', () => {
  test.each([
    ['an empty card list', { cards: [] }],
    ['a full card', { cards: [validCard] }],
    ['a minimal card', { cards: [{ uuid: UUID, summary: 'S', indicator: 'info', source: { label: 'L' } }] }],
    ['a summary of 139 characters', withCard((c) => ({ ...c, summary: 'x'.repeat(139) }))],
    ['a create action with its resource', withCard((c) => ({ ...c, suggestions: [{ label: 'Order', uuid: UUID2, actions: [createAction] }], selectionBehavior: 'any' }))],
    ['a smart link with appContext', withCard((c) => ({ ...c, links: [{ label: 'App', url: 'https://app.example.org/launch', type: 'smart', appContext: 'ctx' }] }))],
    ['systemActions with an update', { cards: [], systemActions: [{ type: 'update', description: 'Update', resource: { resourceType: 'ServiceRequest' } }] }],
    ['a multi-byte summary of 139 characters', withCard((c) => ({ ...c, summary: '😀'.repeat(139) }))],
  ])('%s', (_name, value) => {
    expect(responseErrors(value)).toEqual([]);
    expect(isValidCdsResponse(value)).toBe(true);
  });
});

describe('isValidCdsResponse rejects', () => {
  test.each([
    ['a body without cards', {}],
    ['null', null],
    ['a summary of 140 characters', withCard((c) => ({ ...c, summary: 'x'.repeat(140) }))],
    ['an empty summary', withCard((c) => ({ ...c, summary: '' }))],
    ['an unknown indicator', withCard((c) => ({ ...c, indicator: 'hard-stop' }))],
    ['a card without uuid', withCard(without('uuid'))],
    ['a card uuid that is not a UUID', withCard((c) => ({ ...c, uuid: 'card-1' }))],
    ['a card without source', withCard(without('source'))],
    ['a source without label', withCard((c) => ({ ...c, source: { url: 'https://example.org' } }))],
    ['a topic without system', withCard((c) => ({ ...c, source: { label: 'L', topic: { code: 'x' } } }))],
    ['a null detail', withCard((c) => ({ ...c, detail: null }))],
    ['an empty detail', withCard((c) => ({ ...c, detail: '' }))],
    ['an empty links array', withCard((c) => ({ ...c, links: [] }))],
    ['an empty overrideReasons array', withCard((c) => ({ ...c, overrideReasons: [] }))],
    ['an empty suggestions array', withCard((c) => ({ ...c, suggestions: [] }))],
    ['an empty extension object', withCard((c) => ({ ...c, extension: {} }))],
    ['suggestions without selectionBehavior', withCard(without('selectionBehavior'))],
    ['selectionBehavior without suggestions', withCard(without('suggestions'))],
    ['an unknown selectionBehavior', withCard((c) => ({ ...c, selectionBehavior: 'exactly-one' }))],
    ['a suggestion without uuid', withCard((c) => ({ ...c, suggestions: [{ label: 'R', actions: [createAction] }] }))],
    ['a suggestion without label', withCard((c) => ({ ...c, suggestions: [{ uuid: UUID2, actions: [createAction] }] }))],
    ['a delete without resourceId', withCard((c) => ({ ...c, suggestions: [{ label: 'R', uuid: UUID2, actions: [{ type: 'delete', description: 'D' }] }] }))],
    [
      'a delete that also carries a resource',
      withCard((c) => ({ ...c, suggestions: [{ label: 'R', uuid: UUID2, actions: [{ type: 'delete', description: 'D', resourceId: 'X/1', resource: { resourceType: 'X' } }] }] })),
    ],
    ['a create without resource', withCard((c) => ({ ...c, suggestions: [{ label: 'R', uuid: UUID2, actions: [{ type: 'create', description: 'C' }] }], selectionBehavior: 'any' }))],
    ['an action without description', withCard((c) => ({ ...c, suggestions: [{ label: 'R', uuid: UUID2, actions: [{ type: 'delete', resourceId: 'X/1' }] }] }))],
    ['an override reason without display', withCard((c) => ({ ...c, overrideReasons: [{ system: 's', code: 'c' }] }))],
    ['a link of an unknown type', withCard((c) => ({ ...c, links: [{ label: 'L', url: 'https://example.org', type: 'relative' }] }))],
    ['appContext on an absolute link', withCard((c) => ({ ...c, links: [{ label: 'L', url: 'https://example.org', type: 'absolute', appContext: 'x' }] }))],
    ['a link url that is not a URI', withCard((c) => ({ ...c, links: [{ label: 'L', url: 'not a url', type: 'absolute' }] }))],
    ['an unknown card property', withCard((c) => ({ ...c, title: 'T' }))],
    ['empty systemActions', { cards: [], systemActions: [] }],
  ])('%s', (_name, value) => {
    expect(isValidCdsResponse(value)).toBe(false);
    expect(responseErrors(value).length).toBeGreaterThan(0);
  });

  test('errors name the offending field', () => {
    expect(responseErrors(withCard((c) => ({ ...c, summary: 'x'.repeat(140) })))).toContain(
      '/cards/0/summary must NOT have more than 139 characters',
    );
  });
});
