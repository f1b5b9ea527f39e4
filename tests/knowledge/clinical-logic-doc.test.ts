import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DerivedValueSetsFile, ValueSetDefinition } from '../../src/knowledge/source-types.js';

// docs/clinical-logic.md is what clinical review reads: each value set's entry must say what the knowledge base
// holds (member count, decision, drug names, sources), or a reviewer approves something the service does not do.

const knowledgeDir = path.resolve('cds-services', 'knowledge');
const derived = JSON.parse(readFileSync(path.join(knowledgeDir, 'derived', 'value-sets.expanded.json'), 'utf8')) as DerivedValueSetsFile;
const sources = JSON.parse(readFileSync(path.join(knowledgeDir, 'value-sets.json'), 'utf8')) as Record<string, ValueSetDefinition>;
const doc = readFileSync(path.resolve('docs', 'clinical-logic.md'), 'utf8');

/** The entry as the document writes it: heading with the member count, then Why, drug names, Sources. */
function expectedEntry(vs: DerivedValueSetsFile['valueSets'][number]): string {
  const count = `${vs.codes.length} code${vs.codes.length === 1 ? '' : 's'}`;
  return [
    `**\`${vs.id}\` — ${vs.title}** (${count})`,
    `- Why: ${sources[vs.id]?.decision ?? '(no decision)'}`,
    ...(vs.names.length > 0 ? [`- Drug-name fallback: ${vs.names.join(', ')}`] : []),
    `- Sources: ${vs.sources.join('; ')}`,
  ].join('\n');
}

/** The document's entry for a value set: from its heading to the next blank line. */
function documentedEntry(id: string): string | undefined {
  const start = doc.indexOf(`**\`${id}\` — `);
  if (start < 0) return undefined;
  const end = doc.indexOf('\n\n', start);
  return doc.slice(start, end < 0 ? undefined : end);
}

test.each(derived.valueSets.map((vs) => ({ id: vs.id, vs })))('docs/clinical-logic.md describes $id as the knowledge base holds it', ({ vs }) => {
  expect(documentedEntry(vs.id)).toBe(expectedEntry(vs));
});
