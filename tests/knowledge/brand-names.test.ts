import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { BrandsFile } from '../../src/knowledge/brand-names.js';
import { KnowledgeError } from '../../src/knowledge/knowledge-error.js';
import { copyKnowledgeDir, removeKnowledgeDir, setJsonField } from '../support/knowledge-dir.js';
import { medicationInSet } from '../../src/knowledge/value-set-match.js';
import { med } from '../support/finding-builders.js';

// The reviewed brand table (cds-services/knowledge/brands.json): each brand names ingredients the value sets know,
// has a public source, and becomes a fallback name of exactly the sets of its ingredients.

const knowledge = loadKnowledge('cds-services');
const brands = (JSON.parse(readFileSync(path.resolve('cds-services', 'knowledge', 'brands.json'), 'utf8')) as BrandsFile).brands;

test.each([
  { brand: 'lipitor', sets: ['statins'] },
  { brand: 'lasix', sets: ['diuretics'] },
  { brand: 'requip', sets: ['dopaminergic-agents'] },
  { brand: 'sinemet', sets: ['dopaminergic-agents'] },
  { brand: 'zoloft', sets: ['ssris'] },
  { brand: 'cymbalta', sets: ['snris'] },
  { brand: 'seroquel', sets: ['dopamine-antagonists'] },
  { brand: 'haldol', sets: ['dopamine-antagonists'] },
  { brand: 'phenergan', sets: ['dopamine-antagonists', 'sedating-antihistamines'] },
  { brand: 'neurontin', sets: ['gabapentinoids'] },
])('$brand is a fallback name of $sets only', ({ brand, sets }) => {
  expect(Object.values(knowledge.valueSets).filter((vs) => vs.names.includes(brand)).map((vs) => vs.id).sort()).toEqual(sets);
});

test('a set without a name fallback gets no brand (potassium-wasting-diuretics: a brand could hide a potassium-sparing partner)', () => {
  expect(knowledge.valueSets['potassium-wasting-diuretics']?.names).toEqual([]);
});

test('every brand cites the pinned RxNorm ingredient extract, or (without SBDs there) the public RxNorm page of its ingredient', () => {
  const pinned = /^davidanderson3\/rxnorm-ingredients@2810603af617bb0fba00c925a8d1e8c6153ba7af:web\/data\/[A-Z]\.json$/;
  const bad = Object.entries(brands).filter(([, b]) => (b.codes === undefined ? !/^https:\/\/rxnav\.nlm\.nih\.gov\/REST\/drugs\.json\?name=[a-z]+$/.test(b.source) : !pinned.test(b.source)));
  expect(bad).toEqual([]);
  // What the pinned extract does not hold (its web/data/A.json is not stored; no current SBD): name matching only.
  expect(Object.entries(brands).filter(([, b]) => b.codes === undefined).map(([brand]) => brand).sort()).toEqual(['Abilify', 'Demadex', 'Elavil', 'Lipitor', 'Microzide']);
  expect(Object.keys(brands)).toEqual(expect.arrayContaining(['Lipitor', 'Zocor', 'Crestor', 'Lasix', 'Requip', 'Mirapex', 'Neupro', 'Sinemet', 'Zoloft', 'Cymbalta', 'Seroquel', 'Haldol']));
});

test('a brand whose ingredients no value set names stops start-up naming brands.json and the field', () => {
  const dir = copyKnowledgeDir();
  try {
    setJsonField(dir, 'brands.json', ['brands', 'Norvasc'], { ingredients: ['amlodipine'], source: 'https://rxnav.nlm.nih.gov/REST/drugs.json?name=amlodipine' });
    expect(() => loadKnowledge(dir)).toThrow(KnowledgeError);
    expect(() => loadKnowledge(dir)).toThrow(/brands\.json: brands\.Norvasc\.ingredients: none is a drug-name fallback name/);
  } finally {
    removeKnowledgeDir(dir);
  }
});

// SBD codes from the pinned extract match by code alone (an EHR may send the code without a display).
const coded = (code: string) => med('ssris', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code }], names: [], label: `RxNorm ${code}` });
test.each([
  { name: 'Mirapex 0.5 MG (SBD 859046) → dopaminergic', code: '859046', sets: ['dopaminergic-agents'] },
  { name: 'Lasix 40 MG (SBD, from the extract) → diuretic', code: Object.keys(brands['Lasix']?.codes ?? {})[1] ?? 'missing', sets: ['diuretics'] },
  { name: 'Zoloft (first SBD of the extract) → SSRI', code: Object.keys(brands['Zoloft']?.codes ?? {})[0] ?? 'missing', sets: ['ssris'] },
  { name: 'near miss: the Mirapex brand-name (BN) code 218402 is no drug → nothing', code: '218402', sets: [] },
  { name: 'near miss: a topical Benadryl gel SBD is left out → nothing', code: '1049882', sets: [] },
])('$name', ({ code, sets }) => {
  const finding = coded(code);
  expect(Object.values(knowledge.valueSets).filter((vs) => medicationInSet(finding, vs)).map((vs) => vs.id).sort()).toEqual(sets);
});

test('every listed SBD name carries its brand in brackets; a code under the wrong brand stops start-up naming the field', () => {
  for (const [brand, entry] of Object.entries(brands)) for (const name of Object.values(entry.codes ?? {})) expect(name).toContain(`[${brand}]`);
  const dir = copyKnowledgeDir();
  try {
    setJsonField(dir, 'brands.json', ['brands', 'Zocor', 'codes', '859046'], 'Pramipexole 0.5 MG Oral Tablet [Mirapex]');
    expect(() => loadKnowledge(dir)).toThrow(/brands\.json: brands\.Zocor\.codes\.859046: "Pramipexole 0\.5 MG Oral Tablet \[Mirapex\]" does not name the brand \[Zocor\]/);
  } finally {
    removeKnowledgeDir(dir);
  }
});
