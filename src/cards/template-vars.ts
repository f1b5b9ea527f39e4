import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { Assessment } from '../rules/rule-types.js';
import { boundText, formatDate, formatNumber, resultText, thresholdText, valueSetTitle } from './describe-evidence.js';
import type { TemplateVars } from './fill-template.js';
import { displayUnit } from './unit-display.js';

/**
 * The values of the card-text placeholders for one assessment (see fill-template.ts): lists of names stay lists, so
 * a summary can shorten them without cutting a name. The lab placeholders describe the first lab result that met
 * its criterion, as the rule judged it.
 */
export function templateVars(assessment: Assessment, knowledge: Knowledge): TemplateVars {
  const unique = (items: readonly string[]): readonly string[] => [...new Set(items)];
  const { evidence } = assessment;
  const problems = unique(evidence.flatMap((e) => (e.kind === 'problem' ? [e.finding.label] : [])));
  const meds = evidence.flatMap((e) => (e.kind === 'medication' ? [e] : []));
  const drugs = unique(meds.map((e) => e.finding.label));
  const classes = unique(meds.map((e) => valueSetTitle(knowledge, e.valueSet)));
  const causes = (assessment.causes ?? []).flatMap((found) => knowledge.secondaryCauses.filter((c) => c.id === found.cause).map((c) => c.label));
  const tests = evidence.flatMap((e) =>
    e.kind === 'missing-lab' ? [knowledge.workup.find((w) => w.id === e.workupItem)?.title ?? knowledge.labs[e.labId]?.title ?? e.labId] : [],
  );
  const lab = evidence.find((e) => e.kind === 'lab' && e.isMet);
  const labVars: TemplateVars =
    lab?.kind === 'lab'
      ? {
          lab: knowledge.labs[lab.finding.labId]?.title ?? lab.finding.labId,
          value: `${lab.finding.comparator ?? ''}${formatNumber(lab.finding.value)}`,
          unit: displayUnit(lab.finding.unit),
          result: resultText(lab.finding, knowledge, lab.criterion.threshold),
          date: formatDate(lab.finding.effective),
          threshold: thresholdText(knowledge, lab.criterion.threshold),
          bound: boundText(knowledge, lab.criterion.threshold),
        }
      : {};
  const count = drugs.length || tests.length || causes.length || problems.length;
  return { problems, drugs, classes, causes, tests, count: String(count), ...labVars };
}
