import type { LabFinding } from '../findings/finding-types.js';
import type { Knowledge, ThresholdComparator } from '../knowledge/knowledge-types.js';
import type { Evidence } from '../rules/rule-types.js';
import { escapeMarkdown } from './markdown.js';
import { displayUnit } from './unit-display.js';

/**
 * Turns evidence into words: plain text for summaries, escaped Markdown lines for the detail.
 * Every line names the exact finding (drug, problem label, lab value + unit + date).
 */

/** The date part (YYYY-MM-DD) of an ISO 8601 date or date-time, as recorded (no time-zone shift). */
export function formatDate(iso: string): string {
  return /^\d{4}(-\d{2}(-\d{2})?)?/.exec(iso)?.[0] ?? iso;
}

/** A number with at most two decimals and no trailing zeros (converted values only). */
export function formatNumber(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** The title of a value set or lab id, for naming why a finding matters. */
export function groupTitle(knowledge: Knowledge, group: string): string {
  return knowledge.valueSets[group]?.title ?? knowledge.labs[group]?.title ?? group;
}

/**
 * A lab result in plain text: value and unit as reported, the canonical value when the unit differs, and
 * the date, e.g. "Ferritin 49.4 pmol/L (22 ng/mL) on 2026-05-01".
 */
export function labText(lab: LabFinding, knowledge: Knowledge): string {
  const title = knowledge.labs[lab.labId]?.title ?? lab.labId;
  const bound = lab.comparator ?? '';
  const canonical = `${bound}${formatNumber(lab.value)} ${displayUnit(lab.unit)}`;
  const value =
    lab.reportedUnit === lab.unit
      ? `${bound}${lab.reportedValue} ${displayUnit(lab.unit)}`
      : `${bound}${lab.reportedValue} ${displayUnit(lab.reportedUnit)} (${canonical})`;
  return `${title} ${value} on ${formatDate(lab.effective)}`;
}

/** A threshold in plain text, e.g. "50 ng/mL" (empty when unknown). */
export function thresholdText(knowledge: Knowledge, thresholdId: string): string {
  const threshold = knowledge.thresholds[thresholdId];
  return threshold ? `${threshold.value} ${displayUnit(threshold.unit)}` : '';
}

const SIDE_WORDS: Readonly<Record<ThresholdComparator, string>> = { '<': 'below', '<=': 'at or below', '>': 'above', '>=': 'at or above' };

/** The side of a threshold a crossing value lies on, in words: "below 50 ng/mL", "at or below 75 ng/mL" (empty when unknown). */
export function boundText(knowledge: Knowledge, thresholdId: string): string {
  const threshold = knowledge.thresholds[thresholdId];
  return threshold ? `${SIDE_WORDS[threshold.comparator]} ${thresholdText(knowledge, thresholdId)}` : '';
}

// "Label (why, where)": the group title is left out when the label already says it ("Quinine (Quinine)").
function labelled(label: string, title: string, notes: readonly string[]): string {
  const parts = [label.trim().toLowerCase() === title.trim().toLowerCase() ? '' : title, ...notes].filter((p) => p !== '');
  return `${escapeMarkdown(label)}${parts.length > 0 ? ` (${escapeMarkdown(parts.join(', '))})` : ''}`;
}

/** One escaped Markdown line per evidence item. Lab evidence tagged with a threshold id crosses it. */
export function evidenceLine(item: Evidence, knowledge: Knowledge): string {
  switch (item.kind) {
    case 'problem': {
      const date = item.finding.source.date;
      return labelled(item.finding.label, groupTitle(knowledge, item.group), date ? [`recorded ${formatDate(date)}`] : []);
    }
    case 'medication': {
      const where = item.finding.origin === 'draft-order' ? ['selected draft order'] : [];
      return labelled(item.finding.label, groupTitle(knowledge, item.group), where);
    }
    case 'order':
      return labelled(item.finding.label, groupTitle(knowledge, item.group), ['selected draft order']);
    case 'lab': {
      const bound = boundText(knowledge, item.group);
      return `${escapeMarkdown(labText(item.finding, knowledge))}${bound ? ` (${escapeMarkdown(bound)})` : ''}`;
    }
    case 'missing-lab': {
      const title = knowledge.workup.find((w) => w.id === item.group)?.title ?? groupTitle(knowledge, item.labId);
      return escapeMarkdown(`${title}: no result in the last ${knowledge.labLookbackMonths} months`);
    }
  }
}
