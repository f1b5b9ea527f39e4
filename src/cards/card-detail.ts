import type { CardTemplate, Knowledge, SecondaryCause } from '../knowledge/knowledge-types.js';
import type { Assessment, CauseFound, Evidence } from '../rules/rule-types.js';
import { evidenceLines } from './describe-evidence.js';
import { applySnippets, fillTemplate, type TemplateVars } from './fill-template.js';
import { escapeKnowledgeText, escapeMarkdown, section } from './markdown.js';

/**
 * The card `detail` (GFM): the topic's text for the variant, then the findings behind it. Values from the
 * EHR are escaped; the texts of cards.json are trusted Markdown.
 */

// One secondary cause with the findings that document it and the step the rule chose (examination or next step).
function causeLine(cause: SecondaryCause, found: CauseFound, evidence: readonly Evidence[], knowledge: Knowledge): string {
  const lines = evidenceLines(evidence, knowledge, false);
  const step =
    found.step === 'labExamination'
      ? (cause.labExamination ?? cause.examination)
      : found.step === 'knownDisease'
        ? (cause.knownDisease?.examination ?? cause.examination)
        : cause.examination;
  return `**${escapeKnowledgeText(cause.label)}**: ${lines.join('; ')}. *Assess:* ${escapeKnowledgeText(step)}`;
}

function findingSections(assessment: Assessment, knowledge: Knowledge): readonly string[] {
  const found = assessment.causes ?? [];
  if (found.length === 0) return [section('Findings', evidenceLines(assessment.evidence, knowledge))];
  const causes = found.flatMap((f) => {
    const cause = knowledge.secondaryCauses.find((c) => c.id === f.cause);
    const evidence = assessment.evidence.filter((item) => 'cause' in item && item.cause === f.cause);
    return cause && evidence.length > 0 ? [causeLine(cause, f, evidence, knowledge)] : [];
  });
  const context = assessment.evidence.filter((item) => !('cause' in item) || item.cause === undefined);
  return [
    section('Possible secondary causes and the matching examination', causes),
    section('Leg symptoms on the chart', evidenceLines(context, knowledge)),
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
