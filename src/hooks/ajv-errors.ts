import type { ErrorObject } from 'ajv';
import type { OutcomeDetail } from '../outcomes/operation-outcome.js';

/** `/context/selections/0` → `context.selections[0]`, the FHIRPath-like form OperationOutcome.expression uses. */
function toExpression(prefix: string, instancePath: string, missing?: string): string {
  const parts = instancePath.split('/').filter((p) => p.length > 0);
  if (missing !== undefined) parts.push(missing);
  return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), prefix);
}

/** One outcome detail per ajv error, each naming its field. */
export function toOutcomeDetails(errors: readonly ErrorObject[] | null | undefined, prefix = ''): OutcomeDetail[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' || e.keyword === 'dependencies' ? String(e.params.missingProperty) : undefined;
    const expression = toExpression(prefix, e.instancePath, missing);
    return { diagnostics: `${expression || 'body'} ${e.message ?? 'is invalid'}`, expression: expression || 'body' };
  });
}
