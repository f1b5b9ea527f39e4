import type { Logger } from 'pino';
import type { CdsCard } from '../cards/card-types.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { Assessment } from '../rules/rule-types.js';
import type { GovernanceStore, LedgerEntry, Suppression } from '../storage/governance-store.js';
import { conceptsOf } from './concepts.js';
import type { LedgerWriter } from './ledger-writer.js';
import type { Hasher } from './patient-hash.js';
import { isSuppressed, suppressible } from './suppression.js';
import type { SuppressionIndex } from './suppression-index.js';

/**
 * The governance step of a hook call, between rules and the response: it holds back the assessments a clinician
 * already dismissed for this patient (rules stay pure; the store feeds this step) and records every card returned,
 * and every card held back, in the ledger.
 */

/** Who and what a hook call is about; `patientId` is only ever hashed. */
export interface HookCall {
  readonly serviceId: string;
  readonly hook: string;
  readonly hookInstance: string;
  readonly issuer: string;
  readonly tenant: string;
  readonly patientId: string;
}

/** An assessment with the hashes of its concepts. */
export interface ScreenedAssessment {
  readonly assessment: Assessment;
  readonly conceptHashes: readonly string[];
}

export interface Screening {
  readonly patientHash: string;
  readonly kept: readonly ScreenedAssessment[];
  readonly held: readonly ScreenedAssessment[];
}

export interface HookGovernance {
  /** False while the ledger cannot take more cards: the call answers 503 rather than send unrecorded cards. */
  accepting(): boolean;
  screen(assessments: readonly Assessment[], call: HookCall, now: Date): Promise<Screening>;
  /** Queues the cards sent and the cards held back (rendered, never sent). */
  record(call: HookCall, screening: Screening, sent: readonly CdsCard[], held: readonly CdsCard[], now: Date): void;
}

export interface HookGovernanceDeps {
  readonly store: GovernanceStore;
  readonly writer: LedgerWriter;
  readonly hasher: Hasher;
  /** Active suppressions in memory; absent or not loaded yet: each call that could hold a card back asks the store. */
  readonly suppressions?: SuppressionIndex;
  readonly knowledge: Knowledge;
  readonly log: Logger;
}

export function createHookGovernance(deps: HookGovernanceDeps): HookGovernance {
  const { knowledge } = deps;

  async function activeFor(patientHash: string, call: HookCall, now: Date): Promise<readonly Suppression[]> {
    try {
      return await deps.store.activeSuppressions(patientHash, call.serviceId, now);
    } catch (err: unknown) {
      // Fail open: showing dismissed advice again is better than showing none; the error is logged, not hidden.
      deps.log.warn({ err: err instanceof Error ? err.message : String(err), service: call.serviceId }, 'suppressions unavailable; no card held back');
      return [];
    }
  }

  return {
    accepting: () => deps.writer.accepting(),

    async screen(assessments, call, now) {
      const patientHash = deps.hasher.patient(call.issuer, call.tenant, call.patientId);
      const screened = assessments.map((assessment) => ({
        assessment,
        conceptHashes: conceptsOf(assessment, knowledge).map((c) => deps.hasher.concept(c)),
      }));
      // The indicator as `cards/render-card.ts` sets it: a variant may be more severe than its topic (critical: never held).
      const candidates = screened.filter(({ assessment }) => {
        const template = knowledge.cards[assessment.topic];
        return suppressible(template, template.variantIndicators?.[assessment.variant ?? 'default'] ?? template.indicator);
      });
      // No read on the hook path when nothing could be held back, none when the index is loaded.
      const active = candidates.length > 0 ? (deps.suppressions?.active(patientHash, call.serviceId, now) ?? (await activeFor(patientHash, call, now))) : [];
      const held = candidates.filter((s) => isSuppressed(s.assessment.topic, s.conceptHashes, active));
      return { patientHash, kept: screened.filter((s) => !held.includes(s)), held };
    },

    record(call, screening, sent, held, now) {
      const entry = (card: CdsCard, screened: ScreenedAssessment | undefined, suppressed: boolean): LedgerEntry => ({
        cardUuid: card.uuid,
        suggestionUuids: (card.suggestions ?? []).map((s) => s.uuid),
        serviceId: call.serviceId,
        hook: call.hook,
        topic: card.source.topic.code,
        indicator: card.indicator,
        hookInstance: call.hookInstance,
        issuer: call.issuer,
        tenant: call.tenant,
        patientHash: screening.patientHash,
        conceptHashes: screened?.conceptHashes ?? [],
        overrideReasons: (card.overrideReasons ?? []).map((r) => r.code),
        suppressed,
        sentAt: now,
        knowledgeVersion: knowledge.version,
      });
      deps.writer.append([
        ...sent.map((card, i) => entry(card, screening.kept[i], false)),
        ...held.map((card, i) => entry(card, screening.held[i], true)),
      ]);
    },
  };
}
