import { randomUUID } from 'node:crypto';
import type { CardTemplate, Knowledge } from '../knowledge/knowledge-types.js';
import type { Assessment } from '../rules/rule-types.js';
import type { CdsAction, CdsCard, CdsSuggestion } from './card-types.js';
import { applySnippets, fillTemplate } from './fill-template.js';

/**
 * Card suggestions (CDS Hooks 2.0 "Suggestion", "Action"): removing a selected draft order is a `delete`
 * with `resourceId` (the `Type/id` from the draft orders); a missing workup test is a `create` of a draft
 * ServiceRequest.
 */

/** One `delete` suggestion per removable draft order. */
export function removalSuggestions(assessment: Assessment, template: CardTemplate): readonly CdsSuggestion[] {
  return (assessment.removableOrders ?? []).map((order) => ({
    label: fillTemplate(template.suggestionLabel ?? 'Remove the draft order for {{order}}', { order: order.label }),
    uuid: randomUUID(),
    actions: [{ type: 'delete', description: `Remove the draft order for ${order.label}.`, resourceId: order.ref }],
  }));
}

/** A draft ServiceRequest for one lab, coded with the lab's LOINC order code (and the workup item's patient instruction). */
export function draftLabOrder(
  knowledge: Knowledge,
  labId: string,
  patientId: string,
  patientInstruction?: string,
): Record<string, unknown> | undefined {
  const lab = knowledge.labs[labId];
  if (!lab) return undefined;
  const { system, code, display } = lab.orderCode;
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system, code, ...(display ? { display } : {}) }], text: lab.title },
    ...(patientInstruction ? { patientInstruction } : {}),
  };
}

/** One `create` suggestion per workup item to order, with one draft ServiceRequest per lab (a panel has several). */
export function workupSuggestions(
  assessment: Assessment,
  template: CardTemplate,
  knowledge: Knowledge,
  patientId: string,
): readonly CdsSuggestion[] {
  return (assessment.labsToOrder ?? []).flatMap((order): CdsSuggestion[] => {
    const item = knowledge.workup.find((w) => w.id === order.workupItem);
    const actions = order.labIds.flatMap((labId): CdsAction[] => {
      const resource = draftLabOrder(knowledge, labId, patientId, item?.patientInstruction);
      const title = knowledge.labs[labId]?.title ?? labId;
      return resource ? [{ type: 'create', description: `Create a draft order for ${title}.`, resource }] : [];
    });
    if (actions.length === 0) return [];
    const title = order.labIds.length === 1 ? (knowledge.labs[order.labIds[0] ?? '']?.title ?? order.workupItem) : (item?.title ?? order.workupItem);
    const label = applySnippets(template.suggestionLabel ?? 'Order {{lab}}', template.snippets, { basis: order.basis });
    return [{ label: fillTemplate(label, { lab: title }), uuid: randomUUID(), actions }];
  });
}

/**
 * How many suggestions the clinician may accept: one removal → `at-most-one`; independent items (several
 * removals, workup tests) → `any`. CDS Hooks 2.0 requires selectionBehavior whenever suggestions are present.
 */
export function selectionBehaviorFor(suggestions: readonly CdsSuggestion[]): NonNullable<CdsCard['selectionBehavior']> {
  return suggestions.length === 1 && suggestions[0]?.actions.every((a) => a.type === 'delete') ? 'at-most-one' : 'any';
}
