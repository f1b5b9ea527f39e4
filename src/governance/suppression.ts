import type { Indicator, Suppression } from '../storage/governance-store.js';
import type { CardTemplate } from '../knowledge/knowledge-types.js';

/**
 * Suppression (issue 10): an override with a reason the knowledge marks `suppress` holds the same topic back for the
 * same patient and service while the card's concepts are ones already dismissed. A new concept (a new culprit drug,
 * a newly met criterion) re-arms the card; a critical card and a topic that forbids suppression always show.
 */

/** Can an override of this card arm a suppression? */
export function suppressible(template: CardTemplate, indicator: Indicator): boolean {
  return template.suppression.allowed && indicator !== 'critical';
}

/** Does `reasonCode` arm a suppression for this topic? */
export function armsSuppression(template: CardTemplate, indicator: Indicator, reasonCode: string | undefined): boolean {
  return suppressible(template, indicator) && template.overrideReasons.some((r) => r.code === reasonCode && r.suppress);
}

/** The suppression period in days: the topic's own, else the configured default. */
export function suppressionDays(template: CardTemplate, defaultDays: number): number {
  return template.suppression.days ?? defaultDays;
}

/** Is a card of `topic` whose concepts hash to `conceptHashes` held back by one of `active`? */
export function isSuppressed(topic: string, conceptHashes: readonly string[], active: readonly Suppression[]): boolean {
  return active.some((s) => s.topic === topic && conceptHashes.every((c) => s.conceptHashes.includes(c)));
}
