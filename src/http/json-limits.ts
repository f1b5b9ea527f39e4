import { badRequest, OperationOutcomeError } from '../outcomes/operation-outcome.js';

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
  readonly value: object;
  readonly parent: Pending | undefined;
  readonly key: string | number | undefined;
  readonly depth: number;
}

// Paths are built only when something fails: building one per node doubled the cost on large prefetch bodies.
function pathOf(node: Pending | undefined, last?: string | number): string {
  const keys: (string | number)[] = last === undefined ? [] : [last];
  for (let n = node; n?.key !== undefined; n = n.parent) keys.unshift(n.key);
  return keys.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc || 'body'}[${k}]` : acc ? `${acc}.${k}` : k), '') || 'body';
}

function fail(diagnostics: string, path: string): never {
  throw new OperationOutcomeError(badRequest([{ diagnostics: `${path} ${diagnostics}`, expression: path }]));
}

/** True for `__proto__`, `constructor` and `prototype`; the length test spares most keys the set lookup. */
function isForbiddenKey(key: string): boolean {
  return (key.length === 9 || key.length === 11) && FORBIDDEN_KEYS.has(key);
}

/**
 * The fast check, run on every body: a recursive walk that allocates nothing and only answers yes or no. Recursion
 * is safe because it stops at `maxDepth` (callers use 64; at most `MAX_RECURSIVE_DEPTH`). Measured with
 * bench/json-limits-micro.ts against the explicit-stack walk below and against a limits-checking `JSON.parse` reviver
 * (which cannot see depth and costs more than parse and walk together): this one is the cheapest. Keys by `for…in`,
 * not `Object.keys`: no array per object, half the time on a prefetch body (bench/results/profile-hotpath-2026-12-01.md).
 * Strings and other primitives are checked in place and only objects recurse: most values of a FHIR body are
 * primitives, and a call per value (with a set lookup per key) cost a tenth to a quarter of the walk
 * (bench/results/profile-http-2026-12-01.md).
 * A parsed body's objects are plain, so `for…in` sees their own keys (`__proto__` included: JSON.parse makes it an
 * own key) and nothing inherited, unless `Object.prototype` itself was polluted, which only adds keys to check.
 */
function withinLimits(value: object, depth: number, limits: JsonLimits, maxString: number): boolean {
  if (depth >= limits.maxDepth) return false;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    if (items.length > limits.maxArrayLength) return false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (typeof item === 'object') {
        if (item !== null && !withinLimits(item, depth + 1, limits, maxString)) return false;
      } else if (typeof item === 'string' && item.length > maxString) return false;
    }
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (key.length > maxString || isForbiddenKey(key)) return false;
    const item = record[key];
    if (typeof item === 'object') {
      if (item !== null && !withinLimits(item, depth + 1, limits, maxString)) return false;
    } else if (typeof item === 'string' && item.length > maxString) return false;
  }
  return true;
}

/** Deeper limits than this are checked by the explicit-stack walk only (no recursion that deep). */
const MAX_RECURSIVE_DEPTH = 1000;

/** Throws a 400 OperationOutcome naming the first offending field (`context.draftOrders.entry[0]` style). */
export function assertJsonWithinLimits(value: unknown, limits: JsonLimits): void {
  const maxString = limits.maxStringLength ?? Infinity;
  if (limits.maxDepth <= MAX_RECURSIVE_DEPTH) {
    const fits = typeof value === 'object' ? value === null || withinLimits(value, 0, limits, maxString) : typeof value !== 'string' || value.length <= maxString;
    if (fits) return;
  }
  findViolation(value, limits, maxString);
}

// The slow path, run only when the fast check failed (or for very deep limits): finds and names the offending field.
function findViolation(value: unknown, limits: JsonLimits, maxString: number): void {
  if (typeof value === 'string' && value.length > maxString) fail('is too long', 'body');
  if (typeof value !== 'object' || value === null) return;
  // An explicit stack, not recursion: the input is what might be too deep.
  const stack: Pending[] = [{ value, parent: undefined, key: undefined, depth: 0 }];
  const visit = (node: Pending, key: string | number, item: unknown): void => {
    if (typeof item === 'string') {
      if (item.length > maxString) fail('is too long', pathOf(node, key));
    } else if (typeof item === 'object' && item !== null) {
      stack.push({ value: item, parent: node, key, depth: node.depth + 1 });
    }
  };
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.depth >= limits.maxDepth) fail(`is nested deeper than ${limits.maxDepth} levels`, pathOf(node));
    // Arrays by index: `for…in` over an array makes a string key per item, the walk's main cost on large bodies.
    if (Array.isArray(node.value)) {
      const items = node.value as unknown[];
      if (items.length > limits.maxArrayLength) fail(`has more than ${limits.maxArrayLength} items`, pathOf(node));
      for (let i = 0; i < items.length; i++) visit(node, i, items[i]);
      continue;
    }
    const record = node.value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (FORBIDDEN_KEYS.has(key)) fail(`has a forbidden key '${key}'`, pathOf(node, key));
      if (key.length > maxString) fail('has a key that is too long', pathOf(node));
      visit(node, key, record[key]);
    }
  }
}
