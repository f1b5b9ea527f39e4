import { readFileSync } from 'node:fs';

/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and prints the functions with the most self time and the share of
 * our own code (src/), libraries (node_modules), Node internals and garbage collection. Used for
 * bench/results/profile-<date>.md: `node dist/bench/bench/profile-top.js <file.cpuprofile> [count]`.
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, countArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top <file.cpuprofile> [count]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
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
