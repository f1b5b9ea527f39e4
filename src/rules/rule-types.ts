import type { HookName } from '../hooks/hook-types.js';
import type { Findings, LabFinding, MedicationFinding, OrderFinding, ProblemFinding } from '../findings/finding-types.js';
import type { LabId, ThresholdId, ValueSetId, WorkupId } from '../knowledge/ids.js';
import type { Knowledge, TopicCode, WorkupBasis } from '../knowledge/knowledge-types.js';

/** What every rule gets: no I/O, no clock but `now`, no HTTP. */
export interface RuleInput {
  readonly findings: Findings;
  readonly hook: HookName;
  readonly now: Date;
  readonly knowledge: Knowledge;
}

/** A threshold criterion as a rule judged it: the threshold (thresholds.json id) and the side a value must lie on. */
export interface ThresholdCriterion {
  readonly threshold: ThresholdId;
  readonly direction: 'below' | 'above';
}

/**
 * One finding behind an assessment, with the criterion of the knowledge that made it count, each field with one
 * meaning: `valueSet`, the value set the code matched; `criterion` and `isMet`, the threshold a lab was compared
 * with and whether it crossed it (a normal level shown for context is not met); `cause`, the secondary cause
 * (clinical.json `secondaryCauses` id) a finding documents; `workupItem`, the workup item a missing lab belongs to.
 * `cards/` turns it into words with the knowledge titles and never judges a criterion again.
 */
export type Evidence =
  | { readonly kind: 'problem'; readonly finding: ProblemFinding; readonly valueSet: ValueSetId; readonly cause?: string }
  | { readonly kind: 'medication'; readonly finding: MedicationFinding; readonly valueSet: ValueSetId }
  | { readonly kind: 'order'; readonly finding: OrderFinding; readonly valueSet: ValueSetId }
  | {
      readonly kind: 'lab';
      readonly finding: LabFinding;
      readonly criterion: ThresholdCriterion;
      readonly isMet: boolean;
      readonly cause?: string;
    }
  | { readonly kind: 'missing-lab'; readonly labId: LabId; readonly workupItem: WorkupId };

/**
 * A secondary cause the rule found, and which step the card names: the cause's `examination`, or its
 * `labExamination` when a lab alone documents it (the next step, not the test just done), or its `knownDisease` step
 * when a problem shows the disease is already established (ESRD: no renal function test).
 */
export interface CauseFound {
  readonly cause: string;
  readonly step: 'examination' | 'labExamination' | 'knownDisease';
}

/** A suggested order of one workup item (a single lab, or a panel). */
export interface LabOrder {
  readonly workupItem: WorkupId;
  readonly labIds: readonly LabId[];
  /** Why the item is offered (the suggestion label says "if clinically suspected" for `clinical-suspicion`). */
  readonly basis: WorkupBasis;
}

/** A rule's conclusion: a topic, the findings behind it, and the actions it may offer. */
export interface Assessment {
  readonly topic: TopicCode;
  /** Picks the summary/detail variant of the card template; `default` when absent. */
  readonly variant?: string;
  readonly evidence: readonly Evidence[];
  /** Draft orders (`Type/id`) the card offers to remove. */
  readonly removableOrders?: readonly { readonly ref: string; readonly label: string }[];
  /** What the card offers to order: one suggestion per workup item, one ServiceRequest per lab id. */
  readonly labsToOrder?: readonly LabOrder[];
  /** The wording the chart calls for, per snippet of the card texts: snippet name → key (see CardTemplate.snippets). */
  readonly snippets?: Readonly<Record<string, string>>;
  /** The secondary causes found, in knowledge order (`secondary-causes`). */
  readonly causes?: readonly CauseFound[];
  /** Machine-readable values for the card `extension` (e.g. the cramp-vs-rls leaning). */
  readonly extension?: Readonly<Record<string, string>>;
}

export type Rule = (input: RuleInput) => readonly Assessment[];
