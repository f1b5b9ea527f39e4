import type { Bundle, FhirResource } from 'fhir/r4.js';
import { referenceOf } from '../gather/fhir-resource-guards.js';
import { belongsToPatient } from '../gather/patient-reference.js';

/**
 * Prefetch as an EHR would answer the service's own templates from one patient's resources (CDS Hooks 2.0
 * "Prefetch Template"): `Type/{{context.patientId}}` is a read; `Type?patient=…` is a search restricted to the
 * parameters the templates use (`patient`, `code` as a token list, `_count`, `_include=Type:medication`). Any
 * other parameter or token throws, so a new template cannot be answered wrongly without notice.
 */

/** A template this evaluator cannot answer; the message names it. */
export class TemplateError extends Error {
  constructor(template: string, problem: string) {
    super(`prefetch template ${template}: ${problem}`);
    this.name = 'TemplateError';
  }
}

interface Token {
  readonly system?: string;
  readonly code: string;
}

/** FHIR token search (`[system]|[code]`, `|[code]` or `[code]`), comma-separated values meaning "any of". */
function parseTokens(value: string): Token[] {
  return value.split(',').map((part) => {
    const bar = part.indexOf('|');
    if (bar < 0) return { code: part };
    return { system: part.slice(0, bar), code: part.slice(bar + 1) };
  });
}

function codingsOf(resource: FhirResource): readonly { readonly system?: string; readonly code?: string }[] {
  const code: unknown = 'code' in resource ? resource.code : undefined;
  if (typeof code !== 'object' || code === null || !('coding' in code) || !Array.isArray(code.coding)) return [];
  return code.coding as { system?: string; code?: string }[];
}

function matchesToken(resource: FhirResource, tokens: readonly Token[]): boolean {
  return codingsOf(resource).some((coding) =>
    tokens.some((t) => coding.code === t.code && (t.system === undefined || (coding.system ?? '') === t.system)),
  );
}

function searchset(resources: readonly FhirResource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.filter((r) => r.resourceType !== 'Medication').length,
    entry: resources.map((resource) => ({
      resource,
      search: { mode: resource.resourceType === 'Medication' ? 'include' : 'match' },
    })),
  };
}

/** The Medication resources that matched resources point to with `medicationReference: Medication/<id>`. */
function includedMedications(matches: readonly FhirResource[], all: readonly FhirResource[]): FhirResource[] {
  const wanted = new Set(matches.flatMap((r) => ('medicationReference' in r ? [referenceOf(r.medicationReference)] : [])));
  return all.filter((r) => r.resourceType === 'Medication' && wanted.has(`Medication/${r.id ?? ''}`));
}

function search(template: string, type: string, query: string, patientId: string, all: readonly FhirResource[]): Bundle {
  let tokens: Token[] | undefined;
  let include = false;
  let patientParam: string | undefined;
  for (const [name, value] of new URLSearchParams(query)) {
    if (name === 'patient') patientParam = value;
    else if (name === 'code') tokens = parseTokens(value);
    else if (name === '_include' && value === `${type}:medication`) include = true;
    else if (name !== '_count') throw new TemplateError(template, `unsupported parameter ${name}`);
  }
  if (patientParam !== patientId) throw new TemplateError(template, 'must search by patient={{context.patientId}}');
  const matches = all.filter(
    (r) => r.resourceType === type && belongsToPatient(r, patientId) && (tokens === undefined || matchesToken(r, tokens)),
  );
  return searchset([...matches, ...(include ? includedMedications(matches, all) : [])]);
}

/** The answer to one template for `patientId` from `resources`: a resource (or null) for a read, a searchset otherwise. */
export function answerTemplate(template: string, patientId: string, resources: readonly FhirResource[]): FhirResource | null {
  const filled = template.replaceAll('{{context.patientId}}', patientId);
  if (filled.includes('{{')) throw new TemplateError(template, 'uses a token other than {{context.patientId}}');
  const question = filled.indexOf('?');
  if (question >= 0) return search(template, filled.slice(0, question), filled.slice(question + 1), patientId, resources);
  const [type, id, ...rest] = filled.split('/');
  if (type === undefined || id === undefined || rest.length > 0) throw new TemplateError(template, 'is neither a read nor a search');
  return resources.find((r) => r.resourceType === type && r.id === id) ?? null;
}

/** Prefetch for every template of a service. */
export function prefetchFromResources(
  templates: Readonly<Record<string, string>>,
  patientId: string,
  resources: readonly FhirResource[],
): Record<string, FhirResource | null> {
  return Object.fromEntries(Object.entries(templates).map(([key, template]) => [key, answerTemplate(template, patientId, resources)]));
}
