import type { CardTemplate, Knowledge, SecondaryCause } from '../knowledge/knowledge-types.js';
import type { Assessment, Evidence } from '../rules/rule-types.js';
import { crossesThreshold } from '../rules/chart-facts.js';
import { boundText, evidenceLine, labText } from './describe-evidence.js';
import { applySnippets, fillTemplate, type TemplateVars } from './fill-template.js';
import { escapeMarkdown, section } from './markdown.js';

/**
 * The card `detail` (GFM): the topic's text for the variant, then the findings behind it. Values from the
 * EHR are escaped; the texts of cards.json are trusted Markdown.
 */

function causeLine(cause: SecondaryCause, evidence: readonly Evidence[], knowledge: Knowledge): string {
  const found = evidence.map((item) => {
    if (item.kind !== 'lab') return evidenceLine(item, knowledge);
    // The criterion this result meets (TSH has one below and one above), judged exactly as the rule did.
    const criterion = cause.labCriteria.find(
      (c) => c.labId === item.finding.labId && crossesThreshold(item.finding, knowledge, c.threshold, c.direction),
    );
    const bound = criterion ? ` (${escapeMarkdown(boundText(knowledge, criterion.threshold))})` : '';
    return `${escapeMarkdown(labText(item.finding, knowledge))}${bound}`;
  });
  // A cause documented by a lab alone gets its next step, not the test that was just done.
  const labOnly = evidence.every((item) => item.kind === 'lab');
  const next = labOnly && cause.labExamination !== undefined ? cause.labExamination : cause.examination;
  return `**${escapeMarkdown(cause.label)}**: ${found.join('; ')}. *Examine:* ${escapeMarkdown(next)}`;
}

function findingSections(assessment: Assessment, knowledge: Knowledge): readonly string[] {
  if (assessment.topic !== 'secondary-causes') {
    return [section('Findings', assessment.evidence.map((item) => evidenceLine(item, knowledge)))];
  }
  const causeIds = new Set(knowledge.secondaryCauses.map((cause) => cause.id));
  const causes = knowledge.secondaryCauses.flatMap((cause) => {
    const evidence = assessment.evidence.filter((item) => item.group === cause.id);
    return evidence.length > 0 ? [causeLine(cause, evidence, knowledge)] : [];
  });
  const context = assessment.evidence.filter((item) => !causeIds.has(item.group));
  return [
    section('Possible secondary causes and the matching examination', causes),
    section('Leg symptoms on the chart', context.map((item) => evidenceLine(item, knowledge))),
  ];
}

/** The full detail Markdown of a card. */
export function cardDetail(
  assessment: Assessment,
  template: CardTemplate,
  knowledge: Knowledge,
  vars: TemplateVars,
): string {
  const variantText = template.detail[assessment.variant ?? 'default'] ?? template.detail['default'] ?? '';
  const text = applySnippets(variantText, template.snippets, assessment.snippets);
  const parts = [fillTemplate(text, vars, escapeMarkdown).trim(), ...findingSections(assessment, knowledge)];
  return parts.filter((part) => part.length > 0).join('\n\n');
}
