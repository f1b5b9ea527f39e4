import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { Assessment } from '../rules/rule-types.js';
import type { CdsCard } from './card-types.js';
import { renderCard, type CardContext } from './render-card.js';

const SEVERITY: Readonly<Record<CdsCard['indicator'], number>> = { critical: 0, warning: 1, info: 2 };

/**
 * Renders every assessment, most severe first (stable within an indicator, so catalogue order is kept).
 * The spec leaves ordering to the client; the sandbox also sorts by indicator.
 */
export function renderCards(assessments: readonly Assessment[], knowledge: Knowledge, ctx: CardContext): CdsCard[] {
  return bySeverity(assessments.map((assessment) => renderCard(assessment, knowledge, ctx)));
}

/** The cards most severe first, stable within an indicator (a sorted copy). */
export function bySeverity(cards: readonly CdsCard[]): CdsCard[] {
  return [...cards].sort((a, b) => SEVERITY[a.indicator] - SEVERITY[b.indicator]);
}
