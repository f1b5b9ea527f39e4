import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { Assessment } from '../rules/rule-types.js';
import { boundText, formatDate, formatNumber, groupTitle, joinList, thresholdText } from './describe-evidence.js';
import type { TemplateVars } from './fill-template.js';
import { displayUnit } from './unit-display.js';

/** The plain-text values of the card-text placeholders for one assessment (see fill-template.ts). */
export function templateVars(assessment: Assessment, knowledge: Knowledge): TemplateVars {
  const unique = (items: readonly string[]): readonly string[] => [...new Set(items)];
  const { evidence } = assessment;
  const problems = unique(evidence.flatMap((e) => (e.kind === 'problem' ? [e.finding.label] : [])));
  const meds = evidence.flatMap((e) => (e.kind === 'medication' ? [e] : []));
  const drugs = unique(meds.map((e) => e.finding.label));
  const classes = unique(meds.map((e) => groupTitle(knowledge, e.group)));
  const causes = knowledge.secondaryCauses.filter((cause) => evidence.some((e) => e.group === cause.id));
  const tests = evidence.flatMap((e) =>
    e.kind === 'missing-lab' ? [knowledge.workup.find((w) => w.id === e.group)?.title ?? groupTitle(knowledge, e.labId)] : [],
  );
  const lab = evidence.find((e) => e.kind === 'lab');
  const labVars: TemplateVars =
    lab?.kind === 'lab'
      ? {
          lab: knowledge.labs[lab.finding.labId]?.title ?? lab.finding.labId,
          value: `${lab.finding.comparator ?? ''}${formatNumber(lab.finding.value)}`,
          unit: displayUnit(lab.finding.unit),
          date: formatDate(lab.finding.effective),
          threshold: thresholdText(knowledge, lab.group),
          bound: boundText(knowledge, lab.group),
        }
      : {};
  const count = drugs.length || tests.length || causes.length || problems.length;
  return {
    problems: joinList(problems),
    drugs: joinList(drugs),
    classes: joinList(classes),
    causes: joinList(causes.map((cause) => cause.label)),
    tests: joinList(tests),
    count: String(count),
    ...labVars,
  };
}
