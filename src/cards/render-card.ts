import type { HookName } from '../hooks/hook-types.js';
import type { CardTemplate, Knowledge } from '../knowledge/knowledge-types.js';
import type { Assessment } from '../rules/rule-types.js';
import type { CdsCard, CdsCoding, CdsLink, CdsSuggestion } from './card-types.js';
import { cardUuid } from './card-uuid.js';
import { cardDetail } from './card-detail.js';
import { applySnippets, fillSummary } from './fill-template.js';
import { removalSuggestions, selectionBehaviorFor, workupSuggestions } from './suggestions.js';
import { templateVars } from './template-vars.js';

/** What a card needs from the request besides the assessment. */
export interface CardContext {
  readonly patientId: string;
  readonly hook: HookName;
}

/** The code system of our override reasons (CDS Hooks 2.0 Coding needs a system): under the topic system. */
export function overrideReasonSystem(knowledge: Knowledge): string {
  return `${knowledge.topicSystem.replace(/\/$/, '')}/override-reasons`;
}

/**
 * The citations of what the card found: the thresholds its lab evidence met and the secondary causes it names, so a
 * card links the evidence for this patient's findings and not for every finding it could have had.
 */
function findingCitations(assessment: Assessment, knowledge: Knowledge): readonly string[] {
  const labs = assessment.evidence.flatMap((e) => (e.kind === 'lab' && e.isMet ? [knowledge.thresholds[e.criterion.threshold]?.citation ?? ''] : []));
  const causes = (assessment.causes ?? []).flatMap((f) => knowledge.secondaryCauses.filter((c) => c.id === f.cause).map((c) => c.citation));
  return [...causes, ...labs].filter((id) => id !== '');
}

// The citations of the snippet wordings the card's text shows (a snippet the variant's texts do not use is not shown).
function snippetCitations(assessment: Assessment, template: CardTemplate, variant: string): readonly string[] {
  const texts = `${template.summary[variant] ?? ''}\n${template.detail[variant] ?? ''}`;
  return Object.entries(assessment.snippets ?? {}).flatMap(([name, key]) =>
    texts.includes(`{{${name}}}`) ? (template.snippetCitations?.[name]?.[key] ?? []) : [],
  );
}

// One link per URL: two citations may point to the same public source. A variant may cite its own evidence.
function links(assessment: Assessment, template: CardTemplate, variant: string, knowledge: Knowledge): readonly CdsLink[] {
  const seen = new Set<string>();
  const ids = [
    ...(template.variantCitations?.[variant] ?? template.citations),
    ...snippetCitations(assessment, template, variant),
    ...findingCitations(assessment, knowledge),
  ];
  return ids.flatMap((id): CdsLink[] => {
    const citation = knowledge.citations[id];
    if (!citation || seen.has(citation.url)) return [];
    seen.add(citation.url);
    return [{ label: citation.label, url: citation.url, type: 'absolute' }];
  });
}

function overrideReasons(template: CardTemplate, knowledge: Knowledge): readonly CdsCoding[] {
  const system = overrideReasonSystem(knowledge);
  return template.overrideReasons.map(({ code, display }) => ({ system, code, display }));
}

function suggestionsFor(assessment: Assessment, template: CardTemplate, knowledge: Knowledge, ctx: CardContext) {
  const removals: readonly CdsSuggestion[] = ctx.hook === 'patient-view' ? [] : removalSuggestions(assessment, template);
  return [...removals, ...workupSuggestions(assessment, template, knowledge, ctx.patientId)];
}

/**
 * Renders one assessment as a CDS Hooks 2.0 card. Optional fields are omitted when empty ("Use of JSON":
 * no null, "" or []). The topic must have card texts (the loader checks all ten exist).
 */
export function renderCard(assessment: Assessment, knowledge: Knowledge, ctx: CardContext): CdsCard {
  const template = knowledge.cards[assessment.topic];
  const vars = templateVars(assessment, knowledge);
  const variant = assessment.variant ?? 'default';
  const summaryText = template.summary[variant] ?? template.summary['default'] ?? template.title;
  const summary = fillSummary(applySnippets(summaryText, template.snippets, assessment.snippets), vars);
  const detail = cardDetail(assessment, template, knowledge, vars);
  const suggestions = suggestionsFor(assessment, template, knowledge, ctx);
  const cardLinks = links(assessment, template, variant, knowledge);
  const reasons = overrideReasons(template, knowledge);
  const extension = assessment.extension ?? {};
  return {
    uuid: cardUuid(),
    summary,
    indicator: template.variantIndicators?.[variant] ?? template.indicator,
    source: {
      label: knowledge.source.label,
      ...(knowledge.source.url ? { url: knowledge.source.url } : {}),
      topic: { system: knowledge.topicSystem, code: assessment.topic, display: template.title },
    },
    ...(detail ? { detail } : {}),
    ...(suggestions.length > 0 ? { suggestions, selectionBehavior: selectionBehaviorFor(suggestions) } : {}),
    ...(reasons.length > 0 ? { overrideReasons: reasons } : {}),
    ...(cardLinks.length > 0 ? { links: cardLinks } : {}),
    ...(Object.keys(extension).length > 0 ? { extension } : {}),
  };
}
