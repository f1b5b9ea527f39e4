import { renderCard } from '../../src/cards/render-card.js';
import type { CdsCard } from '../../src/cards/card-types.js';
import type { Findings } from '../../src/findings/finding-types.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { Knowledge } from '../../src/knowledge/knowledge-types.js';
import { runRules } from '../../src/rules/index.js';
import { ruleInput } from './finding-builders.js';
import { ruleKnowledge } from './rule-knowledge.js';

/** Card-test helpers: run every rule on built findings and render the cards for patient `pat-1`. */

/** The cards the service would return for these findings on this hook. */
export function cardsFor(parts: Partial<Findings>, hook: HookName = 'patient-view', knowledge: Knowledge = ruleKnowledge()): CdsCard[] {
  return runRules(ruleInput(parts, hook, knowledge)).map((a) => renderCard(a, knowledge, { patientId: 'pat-1', hook }));
}

/** The card of one topic; throws (naming the topics present) when there is none. */
export function cardOf(cards: readonly CdsCard[], topic: string): CdsCard {
  const card = cards.find((c) => c.source.topic.code === topic);
  if (!card) throw new Error(`no ${topic} card among ${cards.map((c) => c.source.topic.code).join(', ')}`);
  return card;
}
