import type { GovernanceStore, ReportRow } from '../storage/governance-store.js';

/**
 * The governance report (issue 10): per service, topic and knowledge version, cards shown and held back, four outcome
 * buckets with rates against cards **shown** (feedback received overstates acceptance: ignored cards send none), the
 * top override reasons, the median time from card to feedback, and a warning for a topic that fired in the previous
 * period of the same length and not in this one (a silent rule is a common CDS malfunction). Never comments.
 */

export interface ReportLine {
  readonly serviceId: string;
  readonly topic: string;
  readonly knowledgeVersion: string;
  readonly shown: number;
  readonly suppressed: number;
  readonly accepted: number;
  readonly overriddenWithReason: number;
  readonly overriddenWithoutReason: number;
  readonly noFeedback: number;
  /** Each bucket divided by `shown` (0 when nothing was shown), rounded to 3 decimals. */
  readonly rates: { readonly accepted: number; readonly overriddenWithReason: number; readonly overriddenWithoutReason: number; readonly noFeedback: number };
  readonly topOverrideReasons: readonly { readonly code: string; readonly count: number }[];
  /** Median minutes from card to (latest) feedback; absent without feedback. */
  readonly medianMinutesToFeedback?: number;
}

export interface GovernanceReport {
  readonly since: string;
  readonly until: string;
  readonly lines: readonly ReportLine[];
  /** Topics (per service) that fired in the previous period of the same length and not at all in this one. */
  readonly silentTopics: readonly { readonly serviceId: string; readonly topic: string; readonly previousShown: number }[];
}

interface CardOutcome {
  readonly row: ReportRow;
  /** The latest feedback of the card, if any. */
  readonly latest?: ReportRow;
}

// Rows come one per (card, feedback); a card's latest feedback decides its bucket.
function byCard(rows: readonly ReportRow[]): CardOutcome[] {
  const cards = new Map<string, CardOutcome>();
  for (const row of rows) {
    const seen = cards.get(row.cardUuid);
    const latest = row.outcome && (!seen?.latest || (row.outcomeAt?.getTime() ?? 0) >= (seen.latest.outcomeAt?.getTime() ?? 0)) ? row : seen?.latest;
    cards.set(row.cardUuid, { row, ...(latest ? { latest } : {}) });
  }
  return [...cards.values()];
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const rate = (n: number, shown: number): number => (shown === 0 ? 0 : Math.round((n / shown) * 1000) / 1000);

function lineOf(key: { serviceId: string; topic: string; knowledgeVersion: string }, cards: readonly CardOutcome[]): ReportLine {
  const shownCards = cards.filter((c) => !c.row.suppressed);
  const shown = shownCards.length;
  const count = (test: (c: CardOutcome) => boolean): number => shownCards.filter(test).length;
  const accepted = count((c) => c.latest?.outcome === 'accepted');
  const overriddenWithReason = count((c) => c.latest?.outcome === 'overridden' && c.latest.reasonCode !== undefined);
  const overriddenWithoutReason = count((c) => c.latest?.outcome === 'overridden' && c.latest.reasonCode === undefined);
  const noFeedback = count((c) => c.latest === undefined);
  const reasons = new Map<string, number>();
  for (const c of shownCards) if (c.latest?.reasonCode) reasons.set(c.latest.reasonCode, (reasons.get(c.latest.reasonCode) ?? 0) + 1);
  const minutes = shownCards.flatMap((c) => (c.latest?.outcomeAt ? [(c.latest.outcomeAt.getTime() - c.row.sentAt.getTime()) / 60_000] : []));
  const med = median(minutes);
  return {
    ...key,
    shown,
    suppressed: cards.length - shown,
    accepted,
    overriddenWithReason,
    overriddenWithoutReason,
    noFeedback,
    rates: {
      accepted: rate(accepted, shown),
      overriddenWithReason: rate(overriddenWithReason, shown),
      overriddenWithoutReason: rate(overriddenWithoutReason, shown),
      noFeedback: rate(noFeedback, shown),
    },
    topOverrideReasons: [...reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([code, n]) => ({ code, count: n })),
    ...(med !== undefined ? { medianMinutesToFeedback: Math.round(med * 10) / 10 } : {}),
  };
}

/** The report lines of `rows` (pure: the CLI and the admin page share it). */
export function summarize(rows: readonly ReportRow[]): ReportLine[] {
  const groups = new Map<string, CardOutcome[]>();
  for (const card of byCard(rows)) {
    const key = JSON.stringify([card.row.serviceId, card.row.topic, card.row.knowledgeVersion]);
    groups.set(key, [...(groups.get(key) ?? []), card]);
  }
  return [...groups.entries()]
    .map(([key, cards]) => {
      const [serviceId, topic, knowledgeVersion] = JSON.parse(key) as [string, string, string];
      return lineOf({ serviceId, topic, knowledgeVersion }, cards);
    })
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId) || a.topic.localeCompare(b.topic) || a.knowledgeVersion.localeCompare(b.knowledgeVersion));
}

/** Topics shown (per service) in `previous` and not at all in `current`. */
export function silentTopics(current: readonly ReportRow[], previous: readonly ReportRow[]): GovernanceReport['silentTopics'] {
  const fired = new Set(current.map((r) => `${r.serviceId}\n${r.topic}`));
  const before = new Map<string, number>();
  for (const card of byCard(previous)) {
    const key = `${card.row.serviceId}\n${card.row.topic}`;
    before.set(key, (before.get(key) ?? 0) + 1);
  }
  return [...before.entries()]
    .filter(([key]) => !fired.has(key))
    .map(([key, previousShown]) => {
      const [serviceId = '', topic = ''] = key.split('\n');
      return { serviceId, topic, previousShown };
    })
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId) || a.topic.localeCompare(b.topic));
}

/** The report of [since, until), compared with the period of the same length before it. */
export async function buildReport(store: GovernanceStore, since: Date, until: Date): Promise<GovernanceReport> {
  const previousSince = new Date(since.getTime() - (until.getTime() - since.getTime()));
  const [current, previous] = await Promise.all([store.reportRows(since, until), store.reportRows(previousSince, since)]);
  return { since: since.toISOString(), until: until.toISOString(), lines: summarize(current), silentTopics: silentTopics(current, previous) };
}
