import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LAB_IDS, THRESHOLD_IDS, VALUE_SET_IDS } from '../../src/knowledge/ids.js';
import { KnowledgeError } from '../../src/knowledge/knowledge-error.js';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { copyKnowledgeDir, removeKnowledgeDir, setJsonField, type Json } from '../support/knowledge-dir.js';

// dimensions: the real knowledge folder · one broken field per file kind (schema, code system, citation, topic,
// variant, summary length, unit, unknown id, missing agreed id, unreadable file) → KnowledgeError naming file + field

describe('loadKnowledge on the shipped knowledge', () => {
  const knowledge = loadKnowledge('cds-services');

  test('defines every agreed value set, lab, threshold and card topic', () => {
    expect(Object.keys(knowledge.valueSets).sort()).toEqual([...VALUE_SET_IDS].sort());
    expect(Object.keys(knowledge.labs).sort()).toEqual([...LAB_IDS].sort());
    expect(Object.keys(knowledge.thresholds).sort()).toEqual([...THRESHOLD_IDS].sort());
    expect(Object.keys(knowledge.cards).sort()).toEqual([...TOPIC_CODES].sort());
  });

  test('reads the service settings of clinical.json', () => {
    expect(knowledge.topicSystem).toBe('https://leg-cramps-cds.example.org/topics');
    expect(knowledge.leaningExtensionKey).toBe('org.example.leg-cramps-cds.leaning');
    expect(knowledge.labLookbackMonths).toBe(12);
    expect(knowledge.workup.map((w) => [w.id, w.appliesTo ?? 'both', w.orderLabId, ...(w.alsoOrderLabIds ?? [])])).toEqual([
      ['ferritin', 'cramps', 'ferritin'],
      ['iron-panel', 'rls', 'ferritin', 'iron', 'tibc', 'tsat'],
      ['thyroid', 'both', 'tsh'],
      ['glucose', 'both', 'hba1c'],
      ['renal', 'both', 'creatinine'],
    ]);
  });

  test('keeps thresholds with unit and citation and labs with their canonical unit', () => {
    expect(knowledge.thresholds['ferritin-low']).toEqual({ value: 50, unit: 'ng/mL', comparator: '<', citation: 'guidance' });
    expect(knowledge.thresholds['ferritin-rls-adult']).toEqual({ value: 75, unit: 'ng/mL', comparator: '<=', citation: 'aasm-rls-2024' });
    expect(knowledge.thresholds['tsat-low']).toEqual({ value: 20, unit: '%', comparator: '<', citation: 'aasm-rls-2024' });
    expect(knowledge.thresholds['hba1c-high']).toEqual({ value: 6.5, unit: '%', comparator: '>=', citation: 'ada-diabetes-diagnosis' });
    expect(knowledge.labs['ferritin']?.canonicalUnit).toBe('ng/mL');
    expect(knowledge.labs['magnesium']?.molarMass).toBe(24.305);
    expect(knowledge.labs['tsh']?.orderCode).toEqual({ system: 'http://loinc.org', code: '3016-3', display: 'Thyrotropin [Units/volume] in Serum or Plasma' });
  });

  test('returns a frozen object', () => {
    expect(Object.isFrozen(knowledge)).toBe(true);
    expect(Object.isFrozen(knowledge.valueSets['rls'])).toBe(true);
    expect(Object.isFrozen(knowledge.secondaryCauses[0])).toBe(true);
    expect(Object.isFrozen(knowledge.cards['cramp-vs-rls'].summary)).toBe(true);
  });
});

describe('loadKnowledge with a minimal cards.json in a copied folder', () => {
  let dir = '';
  beforeEach(() => {
    dir = copyKnowledgeDir();
  });
  afterEach(() => removeKnowledgeDir(dir));

  test('loads', () => {
    expect(loadKnowledge(dir).cards['psg-not-indicated'].summary).toEqual({ default: 'Summary default' });
    expect(loadKnowledge(dir).cards['workup-labs'].summary).toEqual({ rls: 'Summary rls', cramps: 'Summary cramps' });
  });

  // Another valid spelling of the unit a rule compares in is converted at load, never compared as a different unit.
  const spellings = [
    { name: 'ferritin-low in ng/ml (lower-case litre)', id: 'ferritin-low', value: 50, unit: 'ng/ml', expected: 50 },
    { name: 'ferritin-low in ug/L (same quantity, factor 1)', id: 'ferritin-low', value: 50, unit: 'ug/L', expected: 50 },
    { name: 'ferritin-low in pmol/L (the lab\'s molar mass)', id: 'ferritin-low', value: 112.35, unit: 'pmol/L', expected: 50 },
    { name: 'glucose-high in mmol/L (molar mass 180.16)', id: 'glucose-high', value: 11.1, unit: 'mmol/L', expected: 199.98 },
  ] as const;
  test.each(spellings)('a threshold written as $name is converted to the lab unit', ({ id, value, unit, expected }) => {
    setJsonField(dir, 'thresholds.json', [id, 'value'], value);
    setJsonField(dir, 'thresholds.json', [id, 'unit'], unit);
    const threshold = loadKnowledge(dir).thresholds[id];
    expect(threshold?.unit).toBe(id === 'glucose-high' ? 'mg/dL' : 'ng/mL');
    expect(threshold?.value).toBeCloseTo(expected, 2);
  });

  test('a lab canonical unit written ng/ml is respelt ng/mL, so results and thresholds compare', () => {
    setJsonField(dir, 'derived/labs.expanded.json', ['labs', 3, 'canonicalUnit'], 'ng/ml');
    expect(loadKnowledge(dir).labs['ferritin']?.canonicalUnit).toBe('ng/mL');
  });

  const cases: readonly {
    readonly name: string;
    readonly file: string;
    readonly fieldPath: readonly (string | number)[];
    readonly value: Json | undefined;
    readonly expectedFile: string;
    readonly expectedField: RegExp;
  }[] = [
    { name: 'a code system outside the allow-list', file: 'derived/value-sets.expanded.json', fieldPath: ['valueSets', 0, 'codes', 0, 'system'], value: 'http://example.org/local-codes', expectedFile: 'value-sets.expanded.json', expectedField: /^valueSets\[0\]\(chronic-kidney-disease\)\.codes\[0\]\.system$/ },
    { name: 'a lab code system outside the allow-list', file: 'derived/labs.expanded.json', fieldPath: ['labs', 0, 'codes', 0, 'system'], value: 'urn:local', expectedFile: 'labs.expanded.json', expectedField: /^labs\[0\]\(creatinine\)\.codes\[0\]\.system$/ },
    { name: 'a threshold citing an unknown citation', file: 'thresholds.json', fieldPath: ['ferritin-low', 'citation'], value: 'no-such-citation', expectedFile: 'thresholds.json', expectedField: /^ferritin-low\.citation$/ },
    { name: 'a card citing an unknown citation', file: 'cards.json', fieldPath: ['iron-deficiency', 'citations', 0], value: 'no-such-citation', expectedFile: 'cards.json', expectedField: /^iron-deficiency\.citations\[0\]$/ },
    { name: 'a card for an unknown topic', file: 'cards.json', fieldPath: ['leg-massage'], value: { title: 't', indicator: 'info', summary: { default: 's' }, detail: { default: 'd' }, citations: [], overrideReasons: [], suppression: { allowed: false } }, expectedFile: 'cards.json', expectedField: /^leg-massage$/ },
    { name: 'a topic without a card', file: 'cards.json', fieldPath: ['workup-labs'], value: undefined, expectedFile: 'cards.json', expectedField: /^workup-labs$/ },
    { name: 'cramp-vs-rls without the mixed variant', file: 'cards.json', fieldPath: ['cramp-vs-rls', 'summary', 'mixed'], value: undefined, expectedFile: 'cards.json', expectedField: /^cramp-vs-rls\.summary\.mixed$/ },
    { name: 'a summary of 140 fixed characters', file: 'cards.json', fieldPath: ['quinine-for-cramps', 'summary', 'default'], value: `${'x'.repeat(140)} {{drugs}}`, expectedFile: 'cards.json', expectedField: /^quinine-for-cramps\.summary\.default$/ },
    { name: 'a card with a misspelt key', file: 'cards.json', fieldPath: ['psg-not-indicated', 'sumary'], value: {}, expectedFile: 'cards.json', expectedField: /^psg-not-indicated\.sumary$/ },
    { name: 'a threshold without a unit', file: 'thresholds.json', fieldPath: ['egfr-low', 'unit'], value: undefined, expectedFile: 'thresholds.json', expectedField: /^egfr-low\.unit$/ },
    { name: 'a threshold unit that is not UCUM', file: 'thresholds.json', fieldPath: ['egfr-low', 'unit'], value: 'mL/min/1.73m2', expectedFile: 'thresholds.json', expectedField: /^egfr-low\.unit$/ },
    { name: 'a threshold in a unit that does not convert to its lab\'s (tsh-high in mg/dL)', file: 'thresholds.json', fieldPath: ['tsh-high', 'unit'], value: 'mg/dL', expectedFile: 'thresholds.json', expectedField: /^tsh-high\.unit$/ },
    { name: 'a threshold a rule compares in mmol/L written in mg/dL (potassium-low, no molar mass to convert)', file: 'thresholds.json', fieldPath: ['potassium-low', 'unit'], value: 'mg/dL', expectedFile: 'thresholds.json', expectedField: /^potassium-low\.unit$/ },
    { name: 'a lab canonical unit that is not the unit the rules compare it in', file: 'derived/labs.expanded.json', fieldPath: ['labs', 3, 'canonicalUnit'], value: 'mg/dL', expectedFile: 'labs.expanded.json', expectedField: /^labs\[3\]\(ferritin\)\.canonicalUnit$/ },
    { name: 'a threshold id a rule uses removed (potassium-low)', file: 'thresholds.json', fieldPath: ['potassium-low'], value: undefined, expectedFile: 'thresholds.json', expectedField: /^\(root\)$/ },
    { name: 'a misspelt placeholder in a summary ({{drug}})', file: 'cards.json', fieldPath: ['quinine-for-cramps', 'summary', 'default'], value: 'Quinine ({{drug}}) for leg cramps', expectedFile: 'cards.json', expectedField: /^quinine-for-cramps\.summary\.default$/ },
    { name: 'a misspelt placeholder in a detail ({{ lab-value }})', file: 'cards.json', fieldPath: ['iron-deficiency', 'detail', 'rls-adult'], value: 'Ferritin {{ lab-value }}', expectedFile: 'cards.json', expectedField: /^iron-deficiency\.detail\.rls-adult$/ },
    { name: 'a topic without its hooks and variants', file: 'topics.json', fieldPath: ['workup-labs'], value: undefined, expectedFile: 'topics.json', expectedField: /^workup-labs$/ },
    { name: 'a topic firing on a hook the service does not answer', file: 'topics.json', fieldPath: ['workup-labs', 'hooks', 0], value: 'encounter-start', expectedFile: 'topics.json', expectedField: /^workup-labs\.hooks\/0$|^workup-labs\.hooks\[0\]$/ },
    { name: 'a variantByHook naming a variant the topic lacks', file: 'topics.json', fieldPath: ['rls-dopaminergic-augmentation', 'variantByHook', 'order-sign'], value: 'signed', expectedFile: 'topics.json', expectedField: /^rls-dopaminergic-augmentation\.variantByHook\.order-sign$/ },
    { name: 'a secondary cause naming a threshold outside the id list', file: 'clinical.json', fieldPath: ['secondaryCauses', 3, 'labCriteria', 1, 'threshold'], value: 'tsh-very-high', expectedFile: 'clinical.json', expectedField: /^secondaryCauses\[3\]\(thyroid\)\.labCriteria\[1\]\.threshold$/ },
    { name: 'a secondary cause naming an unknown value set', file: 'clinical.json', fieldPath: ['secondaryCauses', 0, 'valueSets', 0], value: 'neuropathy', expectedFile: 'clinical.json', expectedField: /^secondaryCauses\[0\]\(peripheral-neuropathy\)\.valueSets\[0\]$/ },
    { name: 'a workup item naming an unknown lab', file: 'clinical.json', fieldPath: ['workup', 4, 'labIds', 1], value: 'cystatin', expectedFile: 'clinical.json', expectedField: /^workup\[4\]\(renal\)\.labIds\[1\]$/ },
    { name: 'a panel naming an unknown lab to order', file: 'clinical.json', fieldPath: ['workup', 1, 'alsoOrderLabIds', 0], value: 'hepcidin', expectedFile: 'clinical.json', expectedField: /^workup\[1\]\(iron-panel\)\.alsoOrderLabIds\[0\]$/ },
    { name: 'a missing agreed threshold', file: 'thresholds.json', fieldPath: ['magnesium-low'], value: undefined, expectedFile: 'thresholds.json', expectedField: /^\(root\)$/ },
    { name: 'a threshold without a comparator', file: 'thresholds.json', fieldPath: ['tsat-low', 'comparator'], value: undefined, expectedFile: 'thresholds.json', expectedField: /^tsat-low\.comparator$/ },
    { name: 'a threshold comparator that is not one of < <= > >=', file: 'thresholds.json', fieldPath: ['tsat-low', 'comparator'], value: '=<', expectedFile: 'thresholds.json', expectedField: /^tsat-low\.comparator$/ },
    { name: 'a "below" criterion on a threshold crossed from above', file: 'thresholds.json', fieldPath: ['ferritin-rls-adult', 'comparator'], value: '>=', expectedFile: 'clinical.json', expectedField: /^ironCriteria\.rls-adult\.criteria\[0\]\.direction$/ },
    { name: 'an iron criterion naming an unknown lab', file: 'clinical.json', fieldPath: ['ironCriteria', 'rls-esrd', 'criteria', 1, 'labId'], value: 'transferrin', expectedFile: 'clinical.json', expectedField: /^ironCriteria\.rls-esrd\.criteria\[1\]\.labId$/ },
    { name: 'an iron threshold in another unit than its lab', file: 'thresholds.json', fieldPath: ['tsat-low', 'unit'], value: 'mg/dL', expectedFile: 'thresholds.json', expectedField: /^tsat-low\.unit$/ },
    { name: 'iron criteria without the pediatric population', file: 'clinical.json', fieldPath: ['ironCriteria', 'rls-child'], value: undefined, expectedFile: 'clinical.json', expectedField: /^ironCriteria(\.rls-child)?$/ },
    { name: 'a variant indicator for a variant the topic lacks', file: 'cards.json', fieldPath: ['rls-dopaminergic-augmentation', 'variantIndicators'], value: { draft: 'warning' }, expectedFile: 'cards.json', expectedField: /^rls-dopaminergic-augmentation\.variantIndicators\.draft$/ },
    { name: 'iron-deficiency without the ESRD variant', file: 'cards.json', fieldPath: ['iron-deficiency', 'summary', 'rls-esrd'], value: undefined, expectedFile: 'cards.json', expectedField: /^iron-deficiency\.summary\.rls-esrd$/ },
    { name: 'a threshold id that is not kebab-case', file: 'thresholds.json', fieldPath: ['Ferritin_Low'], value: { value: 1, unit: 'ng/mL', comparator: '<', citation: 'guidance' }, expectedFile: 'thresholds.json', expectedField: /^Ferritin_Low$/ },
  ];

  test.each(cases)('rejects $name, naming the file and field', ({ file, fieldPath, value, expectedFile, expectedField }) => {
    setJsonField(dir, file, fieldPath, value);
    const error = catchError(() => loadKnowledge(dir));
    expect(error).toBeInstanceOf(KnowledgeError);
    if (!(error instanceof KnowledgeError)) return;
    expect(path.basename(error.file)).toBe(expectedFile);
    expect(error.field).toMatch(expectedField);
    expect(error.message.startsWith(`${error.file}: ${error.field}: `)).toBe(true);
  });

  test('rejects a file that is not JSON', () => {
    writeFileSync(path.join(dir, 'knowledge', 'citations.json'), '{ "guidance": ');
    const error = catchError(() => loadKnowledge(dir));
    expect(error).toBeInstanceOf(KnowledgeError);
    expect(error instanceof KnowledgeError && path.basename(error.file)).toBe('citations.json');
  });

  test('rejects a folder without knowledge files', () => {
    const error = catchError(() => loadKnowledge(path.join(dir, 'missing')));
    expect(error instanceof KnowledgeError && error.message).toMatch(/value-sets\.expanded\.json: \(file\): cannot be read$/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('loadKnowledge with the shipped cards.json in a copied folder', () => {
  let dir = '';
  beforeEach(() => {
    dir = copyKnowledgeDir({ keepCards: true });
  });
  afterEach(() => removeKnowledgeDir(dir));

  test.each([
    { name: 'a variant citation that does not exist', fieldPath: ['iron-deficiency', 'variantCitations', 'rls-adult', 0], value: 'aasm-rls-2012', field: /^iron-deficiency\.variantCitations\.rls-adult\[0\]$/ },
    { name: 'citations for a variant the topic lacks', fieldPath: ['workup-labs', 'variantCitations', 'plmd'], value: ['guidance'], field: /^workup-labs\.variantCitations\.plmd$/ },
    { name: 'a snippet citation that does not exist', fieldPath: ['iron-deficiency', 'snippetCitations', 'ironRoute', 'pregnancy', 0], value: 'irlssg-2015', field: /^iron-deficiency\.snippetCitations\.ironRoute\.pregnancy\[0\]$/ },
    { name: 'citations for a snippet wording the topic lacks', fieldPath: ['cramp-vs-rls', 'snippetCitations', 'rlsCare', 'esrd'], value: ['guidance'], field: /^cramp-vs-rls\.snippetCitations\.rlsCare\.esrd$/ },
  ])('rejects $name, naming the file and field', ({ fieldPath, value, field }) => {
    setJsonField(dir, 'cards.json', fieldPath, value);
    const error = catchError(() => loadKnowledge(dir));
    expect(error instanceof KnowledgeError && path.basename(error.file)).toBe('cards.json');
    expect(error instanceof KnowledgeError && error.field).toMatch(field);
  });
});
