import { readFileSync } from 'node:fs';

/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and prints the functions with the most self time and the share of
 * our own code (src/), libraries (node_modules), Node internals and garbage collection. Used for
 * bench/results/profile-<date>.md: `node dist/bench/bench/profile-top.js <file.cpuprofile> [count]`.
 */

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, countArg, skipArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top <file.cpuprofile> [count] [ms to skip after the first hook call]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);

// Start-up (module loading, schema compilation) is not the load: samples count from the first hook call plus the
// warm-up given as the third argument.
function inHookCall(id: number): boolean {
  for (let n: number | undefined = id; n !== undefined; n = parentOf.get(n)) if (byId.get(n)?.callFrame.functionName === 'handleHook') return true;
  return false;
}
const firstCall = profile.samples.findIndex(inHookCall);
let skipUs = Number(skipArg ?? '0') * 1000;
let from = firstCall < 0 ? 0 : firstCall;
while (skipUs > 0 && from < profile.samples.length) skipUs -= profile.timeDeltas[from++] ?? 0;
const self = new Map<string, number>();
const kinds = new Map<string, number>();
let total = 0;

function kindOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  if (url.includes('/node_modules/')) return 'libraries';
  if (url.includes('/dist/')) return 'our code';
  return 'Node and V8';
}

profile.samples.forEach((id, i) => {
  if (i < from) return;
  const node = byId.get(id);
  const dt = profile.timeDeltas[i] ?? 0;
  if (!node) return;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*?\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '');
  const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
  self.set(key, (self.get(key) ?? 0) + dt);
  const kind = kindOf(node);
  kinds.set(kind, (kinds.get(kind) ?? 0) + dt);
  total += dt;
});

const busy = total - (kinds.get('(idle)') ?? 0);
const pct = (us: number): string => `${((us / busy) * 100).toFixed(1)} %`;
console.log(`busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled; shares of busy time:`);
for (const [kind, us] of [...kinds].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1])) console.log(`  ${kind}: ${pct(us)}`);
console.log('');
console.log('| self | function |');
console.log('|---|---|');
for (const [key, us] of [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, Number(countArg ?? '25'))) {
  console.log(`| ${pct(us)} | \`${key}\` |`);
}
