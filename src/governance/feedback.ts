import { createHash } from 'node:crypto';
import type { Knowledge, TopicCode } from '../knowledge/knowledge-types.js';
import type { FeedbackRecord, GovernanceStore, LedgerEntry } from '../storage/governance-store.js';
import type { FeedbackInput } from './feedback-schema.js';
import type { LedgerWriter } from './ledger-writer.js';
import type { SuppressionIndex } from './suppression-index.js';
import { armsSuppression, suppressionDays } from './suppression.js';

/**
 * Feedback (CDS Hooks 2.0 "Feedback", https://cds-hooks.hl7.org/2.0/#feedback) checked against the cards this service
 * actually sent: the card must be in the ledger (or its write queue) under this service id, accepted suggestions
 * must be that card's, an override reason must be one the card offered, and the feedback must come within the
 * configured age. All items of a request are checked first, then stored in one transaction, so the 2xx means stored.
 */

/** Why feedback is refused; `http/` turns it into an OperationOutcome. */
export class FeedbackRefused extends Error {
  static readonly code = 'ERR_FEEDBACK_REFUSED';
  constructor(
    readonly status: 'not-found' | 'bad-request' | 'forbidden',
    message: string,
    readonly expression?: string,
  ) {
    super(message);
    this.name = 'FeedbackRefused';
  }
}

export interface FeedbackDeps {
  readonly store: GovernanceStore;
  readonly writer: LedgerWriter;
  /** Told of each suppression stored, so this replica's next hook call holds the card back. */
  readonly suppressions?: SuppressionIndex;
  readonly knowledge: Knowledge;
  /** `source.topic.system`-based system of our override reasons (`cards/render-card.ts`). */
  readonly overrideReasonSystem: string;
  /** How long to keep looking for a card another replica may have just sent: the ledger's flush interval. */
  readonly lookupRetryMs: number;
  /** Feedback arriving later than this after the card is refused. */
  readonly maxAgeMs: number;
  readonly defaultSuppressionDays: number;
  /** Production: the feedback's issuer must be the card's. */
  readonly requireSameIssuer: boolean;
  readonly now: () => Date;
}

const DAY_MS = 86_400_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The card from the queue or the store, retried for `lookupRetryMs` (another replica's queue may not be written yet). */
async function findSentCard(uuid: string, deps: FeedbackDeps): Promise<{ card: LedgerEntry; queued: boolean } | undefined> {
  const deadline = Date.now() + deps.lookupRetryMs;
  for (;;) {
    const queued = deps.writer.pending(uuid);
    if (queued) return { card: queued, queued: true };
    const stored = await deps.store.findCard(uuid);
    if (stored) return { card: stored, queued: false };
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(50, Math.max(5, deps.lookupRetryMs / 10)));
  }
}

/** Same card, outcome, suggestion ids and reason code: the same feedback (stored once). */
export function feedbackKey(item: FeedbackInput): string {
  const suggestions = (item.acceptedSuggestions ?? []).map((s) => s.id.toLowerCase()).sort();
  const reason = item.overrideReason?.reason;
  const parts = [item.card.toLowerCase(), item.outcome, suggestions.join(','), reason ? `${reason.system ?? ''}|${reason.code}` : ''];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function check(item: FeedbackInput, index: number, card: LedgerEntry, serviceId: string, issuer: string | undefined, deps: FeedbackDeps, now: Date): void {
  const at = `feedback[${index}]`;
  // A card held back by suppression, or sent by another service, was never sent by this one.
  if (card.suppressed || card.serviceId !== serviceId) throw new FeedbackRefused('not-found', `Card ${item.card} was not sent by this service`, `${at}.card`);
  if (deps.requireSameIssuer && card.issuer !== (issuer ?? '')) throw new FeedbackRefused('forbidden', 'Feedback must come from the EHR the card was sent to');
  if (now.getTime() - card.sentAt.getTime() > deps.maxAgeMs) {
    throw new FeedbackRefused('bad-request', `Feedback arrives more than ${Math.round(deps.maxAgeMs / DAY_MS)} days after the card`, `${at}.card`);
  }
  if (item.outcome === 'overridden' && item.acceptedSuggestions !== undefined) {
    throw new FeedbackRefused('bad-request', 'acceptedSuggestions is for outcome accepted only', `${at}.acceptedSuggestions`);
  }
  (item.acceptedSuggestions ?? []).forEach((s, j) => {
    if (!card.suggestionUuids.includes(s.id)) throw new FeedbackRefused('bad-request', `Suggestion ${s.id} is not one of the card's`, `${at}.acceptedSuggestions[${j}].id`);
  });
  if (item.outcome === 'accepted' && item.overrideReason !== undefined) {
    throw new FeedbackRefused('bad-request', 'overrideReason is for outcome overridden only', `${at}.overrideReason`);
  }
  const reason = item.overrideReason?.reason;
  if (reason && (reason.system !== deps.overrideReasonSystem || !card.overrideReasons.includes(reason.code))) {
    throw new FeedbackRefused('bad-request', 'The override reason is not one the card offered', `${at}.overrideReason.reason`);
  }
}

function toRecord(item: FeedbackInput, card: LedgerEntry, deps: FeedbackDeps, now: Date): FeedbackRecord {
  const reason = item.overrideReason?.reason;
  const template = deps.knowledge.cards[card.topic as TopicCode];
  const comment = item.overrideReason?.userComment;
  const suppress = item.outcome === 'overridden' && template !== undefined && armsSuppression(template, card.indicator, reason?.code);
  const days = template ? suppressionDays(template, deps.defaultSuppressionDays) : 0;
  return {
    key: feedbackKey(item),
    cardUuid: card.cardUuid,
    serviceId: card.serviceId,
    outcome: item.outcome,
    acceptedSuggestions: (item.acceptedSuggestions ?? []).map((s) => s.id),
    ...(reason ? { reason: { system: reason.system ?? '', code: reason.code } } : {}),
    outcomeAt: new Date(item.outcomeTimestamp),
    receivedAt: now,
    ...(comment !== undefined && comment.trim() !== '' ? { comment } : {}),
    ...(suppress
      ? {
          suppression: {
            patientHash: card.patientHash,
            serviceId: card.serviceId,
            topic: card.topic,
            conceptHashes: card.conceptHashes,
            createdAt: now,
            until: new Date(now.getTime() + days * DAY_MS),
          },
        }
      : {}),
  };
}

/**
 * Checks every item, then stores them all (one transaction). Throws `FeedbackRefused` for the first item refused
 * (nothing stored), `StorageUnavailableError` when the database cannot take it.
 * @returns the number of items newly stored (repeats count 0)
 */
export async function acceptFeedback(serviceId: string, items: readonly FeedbackInput[], issuer: string | undefined, deps: FeedbackDeps): Promise<number> {
  const now = deps.now();
  const found = await Promise.all(items.map((item) => findSentCard(item.card, deps)));
  const records = items.map((item, i) => {
    const sent = found[i];
    if (!sent) throw new FeedbackRefused('not-found', `Card ${item.card} was not sent by this service`, `feedback[${i}].card`);
    check(item, i, sent.card, serviceId, issuer, deps, now);
    return toRecord(item, sent.card, deps, now);
  });
  // A card still queued is written first, so no stored feedback ever points at a card a crash could lose.
  if (found.some((f) => f?.queued === true)) await deps.writer.flush();
  const stored = await deps.store.saveFeedback(records);
  deps.suppressions?.add(records.flatMap((r) => (r.suppression ? [{ key: r.key, suppression: r.suppression }] : [])));
  return stored;
}
