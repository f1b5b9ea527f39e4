import type { HookName } from '../hooks/hook-types.js';
import type { Findings, LabFinding, MedicationFinding, OrderFinding, ProblemFinding } from '../findings/finding-types.js';
import type { Knowledge, TopicCode } from '../knowledge/knowledge-types.js';

/** What every rule gets: no I/O, no clock but `now`, no HTTP. */
export interface RuleInput {
  readonly findings: Findings;
  readonly hook: HookName;
  readonly now: Date;
  readonly knowledge: Knowledge;
}

/**
 * One finding behind an assessment. `group` is the id of the value set (or lab) that made it relevant;
 * `cards/` turns it into words with the knowledge titles.
 */
export type Evidence =
  | { readonly kind: 'problem'; readonly finding: ProblemFinding; readonly group: string }
  | { readonly kind: 'medication'; readonly finding: MedicationFinding; readonly group: string }
  | { readonly kind: 'order'; readonly finding: OrderFinding; readonly group: string }
  | { readonly kind: 'lab'; readonly finding: LabFinding; readonly group: string }
  | { readonly kind: 'missing-lab'; readonly labId: string; readonly group: string };

/** A suggested order of one workup item (a single lab, or a panel). */
export interface LabOrder {
  readonly workupItem: string;
  readonly labIds: readonly string[];
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
  /** Machine-readable values for the card `extension` (e.g. the cramp-vs-rls leaning). */
  readonly extension?: Readonly<Record<string, string>>;
}

export type Rule = (input: RuleInput) => readonly Assessment[];
