import { readFileSync } from 'node:fs';
import { assertJsonWithinLimits, type JsonLimits } from '../src/http/json-limits.js';

/**
 * Micro-benchmark of the body-limit check (issue 11: "measure a limits-aware parse, a cheaper walk and the current
 * one; keep the fastest"): `node dist/bench/bench/json-limits-micro.js <body.json>`. Prints µs per body for
 * JSON.parse alone, JSON.parse with a limits-checking reviver, the shipped recursive check and the explicit-stack walk it replaced.
 */

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const limits: JsonLimits = { maxDepth: 64, maxArrayLength: 10_000, maxStringLength: 1_000_000 };

// A limits-aware parse: the reviver sees every key and value once, bottom-up, so it can check sizes and keys. Depth
// it cannot see (children are revived before their parent), so a depth check would still need a walk or a scan.
function parseWithReviver(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => {
    if (FORBIDDEN.has(key)) throw new Error('forbidden key');
    if (typeof value === 'string' && value.length > (limits.maxStringLength ?? Infinity)) throw new Error('too long');
    if (Array.isArray(value) && value.length > limits.maxArrayLength) throw new Error('too many');
    return value;
  });
}

const [file, roundsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: json-limits-micro <body.json> [rounds]');
const text = readFileSync(file, 'utf8');
const rounds = Number(roundsArg ?? '200');

// CPU time of this process, not the clock: the machine is shared, and waiting for a core is not the check's cost.
function time(name: string, work: () => void): void {
  for (let i = 0; i < 20; i++) work();
  const start = process.cpuUsage();
  for (let i = 0; i < rounds; i++) work();
  const used = process.cpuUsage(start);
  console.log(`${name}: ${((used.user + used.system) / rounds).toFixed(0)} µs CPU per body`);
}

const parsed: unknown = JSON.parse(text);
console.log(`${file}: ${Math.round(text.length / 1024)} KiB`);
for (let pass = 0; pass < 2; pass++) {
  time('JSON.parse', () => JSON.parse(text));
  time('JSON.parse with a limits reviver', () => parseWithReviver(text));
  time('recursive limits check of the parsed body (shipped)', () => assertJsonWithinLimits(parsed, limits));
  // Limits deeper than the recursion bound take the explicit-stack walk, which was the only walk before.
  time('explicit-stack walk of the parsed body (before)', () => assertJsonWithinLimits(parsed, { ...limits, maxDepth: 1001 }));
}
