import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { BrandsFile } from '../../src/knowledge/brand-names.js';
import { KnowledgeError } from '../../src/knowledge/knowledge-error.js';
import { copyKnowledgeDir, removeKnowledgeDir, setJsonField } from '../support/knowledge-dir.js';

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

test('every brand cites the public RxNorm page of its ingredient, or a pinned repository file', () => {
  const bad = Object.entries(brands).filter(([, b]) => !/^https:\/\/rxnav\.nlm\.nih\.gov\/REST\/drugs\.json\?name=[a-z]+$/.test(b.source) && !/^[\w.-]+\/[\w.-]+@[0-9a-f]{7,40}:\S+/.test(b.source));
  expect(bad).toEqual([]);
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
