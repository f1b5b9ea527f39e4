import { overrideReasonSystem } from '../cards/render-card.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';

/**
 * What the feedback log line may say about an override reason. Logs hold only what the service chose: a reason our
 * cards offer (system and code as rendered in `overrideReasons`) is logged by code; any other code, from a
 * hand-typed EHR field or another system, is replaced by a fixed marker, since it may carry free text.
 *
 * Feedback names a card by uuid only and this replica may not have rendered it, so the check is against the
 * reasons offered by any topic; the governance ledger, which stores each card's topic, can check per topic.
 */

/** Logged instead of a reason code that no card offers. */
export const UNLISTED_REASON = 'unlisted';

/** `system|code` of every override reason the knowledge offers on some card. */
export function offeredOverrideReasons(knowledge: Knowledge): ReadonlySet<string> {
  const system = overrideReasonSystem(knowledge);
  return new Set(Object.values(knowledge.cards).flatMap((card) => card.overrideReasons.map((r) => `${system}|${r.code}`)));
}

/** The reason code when offered, `UNLISTED_REASON` otherwise, `undefined` when feedback gave no reason. */
export function loggableOverrideReason(
  reason: { readonly system?: string; readonly code: string } | undefined,
  offered: ReadonlySet<string>,
): string | undefined {
  if (reason === undefined) return undefined;
  return offered.has(`${reason.system ?? ''}|${reason.code}`) ? reason.code : UNLISTED_REASON;
}
