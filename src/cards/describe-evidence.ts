import type { LabFinding } from '../findings/finding-types.js';
import type { ThresholdId, ValueSetId } from '../knowledge/ids.js';
import type { Knowledge, ThresholdComparator } from '../knowledge/knowledge-types.js';
import type { Evidence, ThresholdCriterion } from '../rules/rule-types.js';
import { escapeKnowledgeText, escapeMarkdown } from './markdown.js';
import { displayUnit } from './unit-display.js';

/**
 * Turns evidence into words: plain text for summaries, escaped Markdown lines for the detail. Every line names the
 * exact finding (drug, problem label, lab value + unit + date), then why it counts ("what: why"), with the value-set
 * titles and thresholds of the knowledge, never an internal id and never a parenthesis inside another.
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

/** The title clinicians know a value set by (value-sets.json `title`). */
export function valueSetTitle(knowledge: Knowledge, id: ValueSetId): string {
  return knowledge.valueSets[id]?.title ?? id;
}

function decimalsOf(value: number): number {
  const text = String(value);
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/**
 * A converted value written with one more decimal than the threshold it is judged against (49.844 against 50 →
 * "49.8"), and more while it would still read as the threshold itself (1.7013 against 1.7 → "1.701").
 */
export function convertedNumber(value: number, threshold: number | undefined): string {
  if (threshold === undefined) return formatNumber(value);
  let digits = decimalsOf(threshold) + 1;
  while (digits < 6 && value !== threshold && Number(value.toFixed(digits)) === threshold) digits += 1;
  return value.toFixed(digits);
}

/**
 * A result as reported, e.g. "32 ng/mL"; in another unit, the reported value first and the converted one after it,
 * "112 pmol/L (≈ 49.8 ng/mL)", with the precision `convertedNumber` gives against the threshold it was judged by.
 */
export function resultText(lab: LabFinding, knowledge: Knowledge, thresholdId?: ThresholdId): string {
  const bound = lab.comparator ?? '';
  const reported = `${bound}${lab.reportedValue} ${displayUnit(lab.reportedUnit)}`;
  if (lab.reportedUnit === lab.unit) return reported;
  const threshold = thresholdId === undefined ? undefined : knowledge.thresholds[thresholdId]?.value;
  const converted = lab.value === lab.reportedValue ? `= ${bound}${lab.value}` : `≈ ${bound}${convertedNumber(lab.value, threshold)}`;
  return `${reported} (${converted} ${displayUnit(lab.unit)})`;
}

/** A lab result in plain text: title, result (`resultText`) and date, e.g. "Ferritin 112 pmol/L (≈ 49.8 ng/mL) on 2026-05-01". */
export function labText(lab: LabFinding, knowledge: Knowledge, thresholdId?: ThresholdId): string {
  const title = knowledge.labs[lab.labId]?.title ?? lab.labId;
  return `${title} ${resultText(lab, knowledge, thresholdId)} on ${formatDate(lab.effective)}`;
}

/** A threshold in plain text, e.g. "50 ng/mL" (empty when unknown). */
export function thresholdText(knowledge: Knowledge, thresholdId: ThresholdId): string {
  const threshold = knowledge.thresholds[thresholdId];
  return threshold ? `${threshold.value} ${displayUnit(threshold.unit)}` : '';
}

const SIDE_WORDS: Readonly<Record<ThresholdComparator, string>> = { '<': 'below', '<=': 'at or below', '>': 'above', '>=': 'at or above' };

/** The side of a threshold a crossing value lies on, in words: "below 50 ng/mL", "at or below 75 ng/mL" (empty when unknown). */
export function boundText(knowledge: Knowledge, thresholdId: ThresholdId): string {
  const threshold = knowledge.thresholds[thresholdId];
  return threshold ? `${SIDE_WORDS[threshold.comparator]} ${thresholdText(knowledge, thresholdId)}` : '';
}

/** What the rule found about a lab and its criterion: "at or below 75 ng/mL" when met, "not below 3.5 mmol/L" when not. */
export function criterionText(knowledge: Knowledge, criterion: ThresholdCriterion, isMet: boolean): string {
  const bound = boundText(knowledge, criterion.threshold);
  return isMet || bound === '' ? bound : `not ${bound}`;
}

// "Label: why, where": the title is left out when the label already says it ("Quinine, selected draft order").
function labelled(label: string, title: string | undefined, notes: readonly string[]): string {
  const same = title === undefined || label.trim().toLowerCase() === title.trim().toLowerCase();
  const why = same ? '' : `: ${escapeKnowledgeText(title)}`;
  return `${escapeMarkdown(label)}${why}${notes.map((note) => `, ${escapeMarkdown(note)}`).join('')}`;
}

/**
 * One escaped Markdown line per evidence item. `withTitle: false` leaves out the value-set title, for a line under a
 * heading that already says why it counts (a secondary cause).
 */
export function evidenceLine(item: Evidence, knowledge: Knowledge, withTitle = true): string {
  switch (item.kind) {
    case 'problem': {
      const date = item.finding.source.date;
      const notes = date ? [`recorded ${formatDate(date)}`] : [];
      return labelled(item.finding.label, withTitle ? valueSetTitle(knowledge, item.valueSet) : undefined, notes);
    }
    case 'medication': {
      const where = item.finding.origin === 'draft-order' ? ['selected draft order'] : [];
      return labelled(item.finding.label, valueSetTitle(knowledge, item.valueSet), where);
    }
    case 'order':
      return labelled(item.finding.label, valueSetTitle(knowledge, item.valueSet), ['selected draft order']);
    case 'lab': {
      const lab = escapeMarkdown(labText(item.finding, knowledge, item.criterion.threshold));
      const why = escapeKnowledgeText(criterionText(knowledge, item.criterion, item.isMet));
      return why === '' ? lab : `${lab}${withTitle ? ': ' : ', '}${why}`;
    }
    case 'missing-lab': {
      const title = knowledge.workup.find((w) => w.id === item.workupItem)?.title ?? knowledge.labs[item.labId]?.title ?? item.labId;
      return `${escapeKnowledgeText(title)}: ${escapeKnowledgeText(`no result in the last ${knowledge.labLookbackMonths} months`)}`;
    }
  }
}

/**
 * The evidence lines of a list, one per finding: a lab judged against two bounds of one range (the IV-iron-only
 * ferritin "above 75 ng/mL" and "at or below 100 ng/mL") is one line naming the range, not the same result twice.
 */
export function evidenceLines(items: readonly Evidence[], knowledge: Knowledge, withTitle = true): readonly string[] {
  const lines: string[] = [];
  items.forEach((item, i) => {
    const before = items[i - 1];
    if (item.kind === 'lab' && before?.kind === 'lab' && before.finding === item.finding) {
      lines[lines.length - 1] += ` and ${escapeKnowledgeText(criterionText(knowledge, item.criterion, item.isMet))}`;
      return;
    }
    lines.push(evidenceLine(item, knowledge, withTitle));
  });
  return lines;
}
