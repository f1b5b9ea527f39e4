import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DerivedLabsFile, DerivedValueSetsFile } from '../../src/knowledge/source-types.js';

// Provenance rules of the knowledge base (brief): no code from an UNVERIFIED row of codes.md anywhere, and every
// code attributed to "codes.md …" really appears in codes.md.

const codesMdPath = path.resolve('..', 'shared', 'clinical', 'codes.md');
const knowledgeDir = path.resolve('cds-services', 'knowledge');
const valueSets = JSON.parse(readFileSync(path.join(knowledgeDir, 'derived', 'value-sets.expanded.json'), 'utf8')) as DerivedValueSetsFile;
const labs = JSON.parse(readFileSync(path.join(knowledgeDir, 'derived', 'labs.expanded.json'), 'utf8')) as DerivedLabsFile;
const members = [
  ...valueSets.valueSets.flatMap((vs) => vs.codes.map((c) => ({ where: vs.id, ...c }))),
  ...labs.labs.flatMap((lab) => [...lab.codes, { ...lab.orderCode, source: 'orderCode' }].map((c) => ({ where: `lab ${lab.id}`, ...c }))),
];

// Candidates named inside rows that are verified in part (or only in prose), listed by hand from codes.md:
// amiloride RxNorm 644, generic neuropathy SNOMED 302226006/3920002/42345000, ABI 446841001 and LOINC 77194-9,
// pediatric PSG and NCS CPT codes.
const HAND_LISTED_UNVERIFIED = ['644', '302226006', '3920002', '42345000', '446841001', '77194-9', '95782', '95783', '95909', '95911', '95912'];

/** Codes in table rows whose status cell is exactly UNVERIFIED (rows verified in part are covered by the hand list). */
function unverifiedRowCodes(markdown: string): readonly string[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && line.split('|').some((cell) => cell.trim().replace(/\*/g, '') === 'UNVERIFIED'))
    .flatMap((line) => line.match(/\b\d{3,}(?:-\d)?\b/g) ?? []);
}

/** Every code written in codes.md, with ranges such as "G57.00–G57.03" expanded. */
function codesMdTokens(markdown: string): ReadonlySet<string> {
  const tokens = new Set(markdown.match(/[A-Z0-9][A-Z0-9.-]*/g) ?? []);
  for (const [, stem, from, to] of markdown.matchAll(/\b([A-Z]\d{2}\.\d?)(\d)–\1(\d)\b/g)) {
    for (let d = Number(from); d <= Number(to); d += 1) tokens.add(`${stem}${d}`);
  }
  return tokens;
}

describe('codes.md provenance', () => {
  if (!existsSync(codesMdPath)) {
    test.skip(`skipped: ${codesMdPath} is absent`, () => undefined);
    return;
  }
  const markdown = readFileSync(codesMdPath, 'utf8');

  test('the UNVERIFIED list parsed from codes.md holds the known candidates', () => {
    expect(unverifiedRowCodes(markdown)).toEqual(expect.arrayContaining(['302226006', '95782', '95909', '446841001', '77194-9', '644']));
  });

  test('no knowledge code comes from an UNVERIFIED row', () => {
    const banned = new Set([...unverifiedRowCodes(markdown), ...HAND_LISTED_UNVERIFIED]);
    expect(members.filter((m) => banned.has(m.code)).map((m) => `${m.where}: ${m.system}|${m.code}`)).toEqual([]);
  });

  test('every code attributed to codes.md appears in codes.md', () => {
    const tokens = codesMdTokens(markdown);
    const missing = members.filter((m) => m.source.startsWith('codes.md') && !tokens.has(m.code));
    expect(missing.map((m) => `${m.where}: ${m.code}`)).toEqual([]);
  });
});
