import type { CdsCard } from '../../src/cards/card-types.js';
import type { TopicCode } from '../../src/knowledge/knowledge-types.js';
import type { Leaning } from '../../src/rules/cramp-vs-rls.js';
import {
  CRAMP_CULPRIT_SETS,
  ELECTROLYTE_SUPPLEMENT_SETS,
  RLS_AGGRAVATOR_SETS,
  RLS_THERAPY_SETS,
} from '../../src/rules/knowledge-ids.js';
import { topicsOf } from '../support/expect-response.js';
import { realKnowledge } from '../support/test-app.js';

/**
 * What the clinical tests assert about a response, beyond the schema: the exact topic set, the leaning, the
 * words that must appear, and the exact suggestions (delete `Type/id`, create ServiceRequest LOINC codes).
 */
export interface CardExpectations {
  readonly topics: readonly TopicCode[];
  readonly leaning?: Leaning;
  /** The exact drug labels the card's findings list names (each once, any order). */
  readonly drugs?: Partial<Record<TopicCode, readonly string[]>>;
  /** Plain-text fragments (Markdown escapes removed) that the card's summary or detail must contain. */
  readonly mentions?: Partial<Record<TopicCode, readonly string[]>>;
  /** Plain-text fragments the card must not contain (advice that does not fit this patient). */
  readonly omits?: Partial<Record<TopicCode, readonly string[]>>;
  /** The exact `resourceId`s of the card's delete actions; a card not listed has none. */
  readonly removes?: Partial<Record<TopicCode, readonly string[]>>;
  /** The exact citations the card links (citation ids, in order); a card not listed is not checked. */
  readonly cites?: Partial<Record<TopicCode, readonly string[]>>;
  /** The exact LOINC codes of the ServiceRequests the card's create actions draft; a card not listed has none. */
  readonly orders?: Partial<Record<TopicCode, readonly string[]>>;
}

/** Summary and detail as a reader sees them: GFM backslash escapes and the three HTML entities undone. */
export function plainTextOf(card: CdsCard): string {
  const detail = (card.detail ?? '')
    .replace(/\\(.)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return `${card.summary}\n${detail}`;
}

const MEDICATION_SETS: readonly string[] = [
  ...CRAMP_CULPRIT_SETS,
  ...RLS_AGGRAVATOR_SETS,
  ...RLS_THERAPY_SETS,
  ...ELECTROLYTE_SUPPLEMENT_SETS,
  'quinine',
];

/** The drug labels of a card's findings: lines `- <label>: <medication set title>[, selected draft order]`. */
export function drugsNamedIn(card: CdsCard): string[] {
  const knowledge = realKnowledge();
  const suffixes = MEDICATION_SETS.flatMap((id) => {
    const title = knowledge.valueSets[id]?.title;
    return title ? [`: ${title}`, `: ${title}, selected draft order`] : [];
  });
  const lines = plainTextOf(card).split('\n').filter((line) => line.startsWith('- '));
  const labels = lines.flatMap((line) => {
    const suffix = suffixes.find((s) => line.endsWith(s));
    return suffix ? [line.slice(2, -suffix.length)] : [];
  });
  return [...new Set(labels)].sort();
}

function actionsOf(card: CdsCard, type: 'create' | 'delete') {
  return (card.suggestions ?? []).flatMap((s) => s.actions).filter((a) => a.type === type);
}

interface DraftServiceRequest {
  readonly resourceType?: unknown;
  readonly status?: unknown;
  readonly subject?: { readonly reference?: unknown };
  readonly code?: { readonly coding?: readonly { readonly system?: unknown; readonly code?: unknown }[] };
}

/** The LOINC code of each created draft ServiceRequest, checking it is one for this patient. */
function createdLabOrders(card: CdsCard, patientId: string): string[] {
  return actionsOf(card, 'create')
    .map((action) => {
      const resource = (action.resource ?? {}) as DraftServiceRequest;
      expect({ type: resource.resourceType, status: resource.status, subject: resource.subject?.reference }).toEqual({
        type: 'ServiceRequest',
        status: 'draft',
        subject: `Patient/${patientId}`,
      });
      const coding = resource.code?.coding?.find((c) => c.system === 'http://loinc.org');
      return String(coding?.code);
    })
    .sort();
}

/** Asserts every expectation on the cards of one response. */
export function expectCards(cards: readonly CdsCard[], expected: CardExpectations, patientId: string): void {
  expect(topicsOf(cards)).toEqual([...expected.topics].sort());
  const key = realKnowledge().leaningExtensionKey;
  for (const card of cards) {
    const topic = card.source.topic.code as TopicCode;
    if (topic === 'cramp-vs-rls') expect(card.extension?.[key]).toBe(expected.leaning);
    const drugs = expected.drugs?.[topic];
    if (drugs) expect(drugsNamedIn(card)).toEqual([...drugs].sort());
    const text = plainTextOf(card);
    for (const fragment of expected.mentions?.[topic] ?? []) expect(text).toContain(fragment);
    for (const fragment of expected.omits?.[topic] ?? []) expect(text).not.toContain(fragment);
    expect(actionsOf(card, 'delete').map((a) => a.resourceId).sort()).toEqual([...(expected.removes?.[topic] ?? [])].sort());
    expect(createdLabOrders(card, patientId)).toEqual([...(expected.orders?.[topic] ?? [])].sort());
    const cites = expected.cites?.[topic];
    if (cites) expect((card.links ?? []).map((l) => l.url)).toEqual(cites.map((id) => realKnowledge().citations[id]?.url));
  }
}
