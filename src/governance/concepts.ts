import { codeKey } from '../knowledge/code-key.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { Assessment, Evidence } from '../rules/rule-types.js';

/**
 * The concepts behind a card, which suppression is keyed on (issue 10): the drug's ingredient, the order's code,
 * the lab and the criterion it met, the problem group and the card's variant; never a resource id, so a renewed
 * prescription of the same drug is the same concept and a new culprit drug or a newly met criterion is a new one.
 */

// A drug's ingredient: the value set's ingredient name found on the medication, else its member codes.
function ingredientOf(evidence: Extract<Evidence, { kind: 'medication' }>, knowledge: Knowledge): string {
  const set = knowledge.valueSets[evidence.valueSet];
  const names = [...evidence.finding.names, evidence.finding.label.toLowerCase()];
  const ingredient = set?.names.find((name) => names.some((n) => n.includes(name)));
  if (ingredient !== undefined) return ingredient;
  const keys = evidence.finding.codes.map((c) => codeKey(c.system, c.code));
  const members = keys.filter((k) => set?.keys.has(k) === true);
  return (members.length > 0 ? members : keys).sort().join(',');
}

// The strings are those of knowledge 2.1.0 (a secondary cause's finding keyed by its cause, a lab by the criterion it
// met, a normal level by its lab), so suppressions stored before the evidence fields were split still match.
function conceptOf(evidence: Evidence, knowledge: Knowledge): string {
  switch (evidence.kind) {
    case 'problem':
      return `problem:${evidence.cause ?? evidence.valueSet}`;
    case 'medication':
      return `medication:${evidence.valueSet}:${ingredientOf(evidence, knowledge)}`;
    case 'order':
      return `order:${evidence.valueSet}:${evidence.finding.codes.map((c) => codeKey(c.system, c.code)).sort().join(',')}`;
    case 'lab':
      return `lab:${evidence.finding.labId}:${evidence.cause ?? (evidence.isMet ? evidence.criterion.threshold : evidence.finding.labId)}`;
    case 'missing-lab':
      return `missing-lab:${evidence.labId}:${evidence.workupItem}`;
  }
}

/** The sorted, distinct concepts of an assessment (plain text: hash them before storing). */
export function conceptsOf(assessment: Assessment, knowledge: Knowledge): readonly string[] {
  const concepts = new Set(assessment.evidence.map((e) => conceptOf(e, knowledge)));
  concepts.add(`variant:${assessment.variant ?? 'default'}`);
  return [...concepts].sort();
}
