/**
 * Re-derives cds-services/knowledge/derived/*.expanded.json from the hand-written value-sets.json and labs.json
 * and the third-party data vendored in the repository (cds-services/knowledge/sources/vsac/, fixtures/synthea/).
 * Run: `npm run knowledge:derive` (compiles with scripts/tsconfig.json, then runs the output).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DERIVED_FILES, deriveKnowledgeFiles, formatDerivedJson, pinnedDataDirs } from '../src/knowledge/derive-knowledge.js';

const repoRoot = process.cwd();
const knowledgeDir = path.join(repoRoot, 'cds-services', 'knowledge');

const derived = deriveKnowledgeFiles(knowledgeDir, pinnedDataDirs(repoRoot));
writeFileSync(path.join(knowledgeDir, DERIVED_FILES.valueSets), formatDerivedJson(derived.valueSets));
writeFileSync(path.join(knowledgeDir, DERIVED_FILES.labs), formatDerivedJson(derived.labs));

for (const vs of derived.valueSets.valueSets) console.log(`${vs.id.padEnd(28)} ${String(vs.codes.length).padStart(4)} codes`);
for (const lab of derived.labs.labs) console.log(`lab ${lab.id.padEnd(24)} ${String(lab.codes.length).padStart(4)} codes`);
