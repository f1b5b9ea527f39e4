import { badRequest, OperationOutcomeError } from './outcomes.js';

/**
 * Structural limits on a parsed request body, checked before schema validation: deep nesting, huge arrays or
 * strings cost CPU in every later stage, and `__proto__`/`constructor`/`prototype` keys are refused outright
 * (OWASP Prototype Pollution Prevention) even though JSON.parse itself keeps them as plain own keys.
 */

/** Limits; `maxStringLength` applies to keys and string values when given. */
export interface JsonLimits {
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxStringLength?: number;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Pending {
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
}

function fail(diagnostics: string, path: string): never {
  throw new OperationOutcomeError(badRequest([{ diagnostics: `${path} ${diagnostics}`, expression: path }]));
}

const keyPath = (path: string, key: string): string => (path === 'body' ? key : `${path}.${key}`);

/** Throws a 400 OperationOutcome naming the first offending field (`context.draftOrders.entry[0]` style). */
export function assertJsonWithinLimits(value: unknown, limits: JsonLimits): void {
  // An explicit stack, not recursion: the input is what might be too deep.
  const stack: Pending[] = [{ value, path: 'body', depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: current, path, depth } = next;
    if (typeof current === 'string') {
      if (limits.maxStringLength !== undefined && current.length > limits.maxStringLength) fail('is too long', path);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limits.maxDepth) fail(`is nested deeper than ${limits.maxDepth} levels`, path);
    if (Array.isArray(current)) {
      if (current.length > limits.maxArrayLength) fail(`has more than ${limits.maxArrayLength} items`, path);
      current.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (FORBIDDEN_KEYS.has(key)) fail(`has a forbidden key '${key}'`, keyPath(path, key));
      if (limits.maxStringLength !== undefined && key.length > limits.maxStringLength) fail('has a key that is too long', path);
      stack.push({ value: item, path: keyPath(path, key), depth: depth + 1 });
    }
  }
}
