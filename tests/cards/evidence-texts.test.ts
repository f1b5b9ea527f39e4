import type { CdsCard } from '../../src/cards/card-types.js';
import type { Findings } from '../../src/findings/finding-types.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { draftMed, lab, med, problem } from '../support/finding-builders.js';
import { cardOf, cardsFor } from '../support/rendered-cards.js';

// Issue 9 "Texts that must fit the patient", on the shipped knowledge (real titles, thresholds and citations):
// dimensions: which findings a card has (citations follow them) · how a finding is named (value-set title, never an
// id; no nested parentheses) · a lab in another unit (reported value first, converted value one digit finer).
const knowledge = loadKnowledge();
const shipped = (parts: Partial<Findings>, hook: HookName = 'patient-view'): CdsCard[] => cardsFor(parts, hook, knowledge);
const urlOf = (id: string): string => knowledge.citations[id]?.url ?? `missing citation ${id}`;
const linksOf = (card: CdsCard): string[] => (card.links ?? []).map((l) => l.url);
const d = '2026-09-22';
// A problem with an ICD-10-CM code of the shipped sets that the test knowledge does not hold.
const coded = (code: string, label: string) => ({ ...problem('rls'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }], label });

describe('citations follow the findings', () => {
  test.each([
    { name: 'neuropathy and diabetes on the chart → only the guidance, no kidney or thyroid citation', problems: ['leg-cramps', 'peripheral-neuropathy', 'diabetes'], labs: [], cited: ['guidance'] },
    { name: 'a high HbA1c → the ADA criterion it met', problems: ['leg-cramps', 'diabetes'], labs: [lab('hba1c', 7.8, '%', d)], cited: ['guidance', 'ada-diabetes-diagnosis'] },
    {
      name: 'a high TSH and a low eGFR → the TSH reference and KDIGO, no ADA',
      problems: ['leg-cramps'],
      labs: [lab('tsh', 7.2, 'm[IU]/L', d), lab('egfr', 48, 'mL/min/{1.73_m2}', d)],
      cited: ['guidance', 'tsh-reference', 'kdigo-ckd-2024'],
    },
    { name: 'a normal TSH (near miss) → no card', problems: ['leg-cramps'], labs: [lab('tsh', 4.5, 'm[IU]/L', d)], cited: undefined },
  ])('$name', ({ problems, labs, cited }) => {
    const cards = shipped({ problems: problems.map((p) => problem(p)), labs });
    const card = cards.find((c) => c.source.topic.code === 'secondary-causes');
    expect(card && linksOf(card)).toEqual(cited?.map(urlOf));
  });

  test('pregnancy as an RLS trigger links the IRLSSG pregnancy consensus it comes from, not the AASM guideline (knowledge 2.6.0)', () => {
    const card = cardOf(shipped({ problems: [problem('rls'), problem('pregnancy')] }), 'secondary-causes');
    expect(linksOf(card)).toEqual([urlOf('guidance'), urlOf('irlssg-pregnancy-2015')]);
  });

  test('the text names the AASM guideline as its link does: "AASM 2024 guideline (J Clin Sleep Med 2025)", once per detail', () => {
    expect(knowledge.citations['aasm-rls-2024']?.label).toMatch(/^AASM 2024 guideline: Winkelman JW et al\..*J Clin Sleep Med\. 2025;/);
    const cards = [
      ...shipped({ problems: [problem('rls')], medications: [med('dopaminergic-agents')], labs: [lab('ferritin', 40, 'ng/mL', d)] }),
      ...shipped({ problems: [problem('rls')] }),
      ...shipped({ problems: [problem('leg-cramps')], medications: [med('dopaminergic-agents')] }),
    ];
    const naming = cards.filter((c) => (c.detail ?? '').includes('AASM 2024'));
    expect([...new Set(naming.map((c) => c.source.topic.code))].sort()).toEqual(['cramp-vs-rls', 'dopaminergic-for-cramps', 'iron-deficiency', 'rls-dopaminergic-augmentation', 'workup-labs']);
    for (const card of naming) {
      expect(card.detail?.match(/AASM 2024 guideline \(J Clin Sleep Med 2025\)/g)).toHaveLength(1);
      expect(linksOf(card)).toContain(urlOf('aasm-rls-2024'));
    }
  });
});

describe('readable evidence lines', () => {
  test('a secondary cause is named by its title, never its internal id ("kidney"), and the problem line has no id either', () => {
    const card = cardOf(shipped({ problems: [problem('rls'), problem('end-stage-renal-disease')], labs: [lab('egfr', 8, 'mL/min/{1.73_m2}', d)] }), 'secondary-causes');
    expect(card.summary).toBe('Possible secondary cause of leg cramps/RLS on chart: Chronic kidney disease');
    expect(card.detail).toContain('- **Chronic kidney disease**: End stage renal disease; eGFR 8 mL/min/1.73 m² on 2026-09-22, below 60 mL/min/1.73 m². *Assess:* Known end-stage renal disease\\: no renal function test for the cramps; review them with the renal or dialysis team');
    expect(card.detail).not.toContain('Renal function (creatinine, eGFR)');
    expect(card.detail).not.toMatch(/\bkidney[,)]/);
  });

  test('a drug is named with its value-set title after a colon, so a title with parentheses is not nested in others', () => {
    const card = cardOf(shipped({ problems: [problem('rls')], medications: [med('dopamine-antagonists', { label: 'haloperidol 5 MG Oral Tablet' })] }), 'rls-aggravating-drug');
    expect(card.detail).toContain('- haloperidol 5 MG Oral Tablet: Dopamine antagonist (antipsychotic or antiemetic)');
  });

  test.each([
    { name: 'ferritin in pmol/L against 50 → one decimal more than the threshold', problems: ['leg-cramps'], result: lab('ferritin', 49.844, 'ng/mL', d, { value: 112, unit: 'pmol/L' }), line: 'Ferritin 112 pmol/L (≈ 49.8 ng/mL) on 2026-09-22: below 50 ng/mL' },
    { name: 'ferritin in pmol/L against 75 (RLS) → one decimal', problems: ['rls'], result: lab('ferritin', 44.504, 'ng/mL', d, { value: 100, unit: 'pmol/L' }), line: 'Ferritin 100 pmol/L (≈ 44.5 ng/mL) on 2026-09-22: at or below 75 ng/mL' },
    { name: 'ferritin in µg/L, the same number → "="', problems: ['leg-cramps'], result: lab('ferritin', 28, 'ng/mL', d, { value: 28, unit: 'ug/L' }), line: 'Ferritin 28 µg/L (= 28 ng/mL) on 2026-09-22: below 50 ng/mL' },
    { name: 'in the canonical unit → stated once (near miss)', problems: ['leg-cramps'], result: lab('ferritin', 30, 'ng/mL', d), line: 'Ferritin 30 ng/mL on 2026-09-22: below 50 ng/mL' },
  ])('$name', ({ problems, result, line }) => {
    const card = cardOf(shipped({ problems: problems.map((p) => problem(p)), labs: [result] }), 'iron-deficiency');
    expect(card.detail).toContain(`- ${line}`);
    // The summary leads with the value as reported too.
    expect(card.summary.startsWith(line.split(' on ')[0] ?? '')).toBe(true);
  });

  test('a level converted to just above its threshold gets the digits that tell it apart from the threshold', () => {
    // 1.4 mEq/L magnesium is 1.7013 mg/dL: "1.70" would read as the threshold 1.7 itself.
    const card = cardOf(
      shipped({ problems: [problem('leg-cramps')], medications: [med('magnesium-supplements')], labs: [lab('magnesium', 1.7013, 'mg/dL', d, { value: 1.4, unit: 'meq/L' })] }),
      'electrolyte-pitfall',
    );
    expect(card.detail).toContain('- Magnesium 1.4 mEq/L (≈ 1.701 mg/dL) on 2026-09-22: not below 1.7 mg/dL');
  });

  test('no card text nests parentheses', () => {
    const cards = [
      ...shipped({ problems: [problem('rls'), coded('R20.2', 'Paresthesia of skin')], medications: [med('dopamine-antagonists'), med('sedating-antihistamines')], labs: [lab('ferritin', 44.504, 'ng/mL', d, { value: 100, unit: 'pmol/L' })] }),
      ...shipped({ problems: [problem('leg-cramps'), coded('R25.3', 'Fasciculation')], medications: [med('statins'), med('diuretics')] }),
    ];
    for (const card of cards) {
      for (const text of [card.summary, card.detail ?? '']) {
        let depth = 0;
        for (const ch of text) {
          depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
          expect(depth).toBeLessThan(2);
        }
      }
    }
  });
});

// The clinical review of 2.4.0, on the shipped knowledge: the words that matter for each finding closed in 2.5.0.
describe('knowledge 2.5.0: the open review findings', () => {
  const esrd = { ...problem('end-stage-renal-disease'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N18.6' }], label: 'End stage renal disease' };

  test('the augmentation card of an adult with ESRD gives the ESRD iron line (IV iron sucrose, < 200 ng/mL with TSAT < 20 %), not the adult one', () => {
    const card = cardOf(shipped({ problems: [problem('rls'), esrd], medications: [med('dopaminergic-agents')] }), 'rls-dopaminergic-augmentation');
    expect(card.detail).toContain('IV iron sucrose when ferritin is < 200 ng/mL with transferrin saturation < 20 % (conditional recommendation)');
    expect(card.detail).toContain('- End stage renal disease');
    expect(card.detail).not.toContain('IV ferric carboxymaltose (strong recommendation) or oral ferrous sulfate');
    // Near miss: without ESRD the adult line.
    const adult = cardOf(shipped({ problems: [problem('rls')], medications: [med('dopaminergic-agents')] }), 'rls-dopaminergic-augmentation');
    expect(adult.detail).toContain('ferritin above 75 and up to 100 ng/mL, IV iron only');
    expect(adult.detail).not.toContain('IV iron sucrose');
  });

  test('the differential card of a child names iron first and no gabapentinoid; an adult near miss keeps the gabapentinoid line', () => {
    const child = cardOf(shipped({ problems: [problem('rls')], birthDate: '2015-03-01' }), 'cramp-vs-rls');
    expect(child.detail).toContain("in a child, iron first when ferritin is < 50 ng/mL (ferrous sulfate, the guideline's only pediatric drug recommendation)");
    expect(child.detail).not.toContain('gabapentinoid');
    const adult = cardOf(shipped({ problems: [problem('rls')], birthDate: '1970-03-01' }), 'cramp-vs-rls');
    expect(adult.detail).toContain('treat with a gabapentinoid, or iron when the iron studies allow, first');
  });

  test('a ferritin above 75 without a TSAT says what is known and asks for the TSAT, never "do not meet"', () => {
    const card = cardOf(shipped({ problems: [problem('rls')], labs: [lab('ferritin', 130, 'ng/mL', d)] }), 'cramp-vs-rls');
    expect(card.summary).toBe('Chart leans to RLS/PLMD: ferritin on file is above the RLS iron criterion, no TSAT on file: add TSAT; review RLS-aggravating drugs');
    expect(card.detail).toContain('- Ferritin 130 ng/mL on 2026-09-22: not at or below 75 ng/mL');
    expect(card.detail).not.toContain('do not meet the RLS iron criterion');
    // Near miss: with a TSAT on file the criterion is known not to be met.
    const both = cardOf(shipped({ problems: [problem('rls')], labs: [lab('ferritin', 130, 'ng/mL', d), lab('tsat', 30, '%', d)] }), 'cramp-vs-rls');
    expect(both.summary).toBe('Chart leans to RLS/PLMD: the iron studies on file do not meet the RLS iron criterion; review RLS-aggravating drugs');
  });

  test('the cramps workup offers ferritin as baseline and the rest "if clinically suspected"; with ESRD no renal function', () => {
    const card = cardOf(shipped({ problems: [problem('leg-cramps')] }), 'workup-labs');
    expect(card.detail).toContain('thyroid function, glucose and renal function are to be considered based on clinical suspicion');
    expect((card.suggestions ?? []).map((s) => s.label)).toEqual([
      'Order Ferritin',
      'If clinically suspected: order TSH',
      'If clinically suspected: order HbA1c',
      'If clinically suspected: order Creatinine',
    ]);
    const withEsrd = cardOf(shipped({ problems: [problem('leg-cramps'), esrd] }), 'workup-labs');
    expect((withEsrd.suggestions ?? []).map((s) => s.label)).not.toContain('If clinically suspected: order Creatinine');
  });
});

// The clinical review of 2.5.0, on the shipped knowledge: the words that matter for each finding closed in 2.6.0.
describe('knowledge 2.6.0: the review of 2.5.0', () => {
  const esrd = { ...problem('end-stage-renal-disease'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N18.6' }], label: 'End stage renal disease' };
  const topicsOf = (cards: readonly CdsCard[]): string[] => cards.map((c) => c.source.topic?.code ?? '').sort();

  test('a dialysis patient with RLS, ferritin 800 ng/mL and TSAT 15 % gets no "consider iron" card: the ESRD criterion is not met', () => {
    const cards = shipped({ problems: [problem('rls'), esrd], labs: [lab('ferritin', 800, 'ng/mL', d), lab('tsat', 15, '%', d)] });
    expect(topicsOf(cards)).toEqual(['cramp-vs-rls', 'secondary-causes', 'workup-labs']);
    const card = cardOf(cards, 'cramp-vs-rls');
    expect(card.summary).toBe('Chart leans to RLS/PLMD: ESRD iron criterion not met: iron decisions with the nephrology or dialysis team; review RLS-aggravating drugs');
    expect(card.detail).toContain('- Ferritin 800 ng/mL on 2026-09-22: not below 200 ng/mL');
    expect(card.detail).not.toContain('ferric carboxymaltose');
    // Near miss: ferritin 150 with TSAT 15 % meets the ESRD criterion, and the card names IV iron sucrose.
    const met = shipped({ problems: [problem('rls'), esrd], labs: [lab('ferritin', 150, 'ng/mL', d), lab('tsat', 15, '%', d)] });
    expect(topicsOf(met)).toEqual(['cramp-vs-rls', 'iron-deficiency', 'secondary-causes', 'workup-labs']);
    expect(cardOf(met, 'iron-deficiency').summary).toContain('in ESRD, consider IV iron sucrose (AASM 2024)');
  });

  test.each([
    { name: 'a repeat lithium order beside the current lithium → the card, no delete', current: 'lithium', draft: 'lithium', topic: 'rls-aggravating-drug', problems: ['rls'], deletes: 0 },
    { name: 'near miss: an SSRI order beside current lithium → the card with its delete', current: 'lithium', draft: 'ssris', topic: 'rls-aggravating-drug', problems: ['rls'], deletes: 1 },
    { name: 'a repeat levodopa-class order beside the current one for cramps → the card, no delete', current: 'dopaminergic-agents', draft: 'dopaminergic-agents', topic: 'dopaminergic-for-cramps', problems: ['leg-cramps'], deletes: 0 },
  ])('order-select: $name', ({ current, draft, topic, problems, deletes }) => {
    const cards = shipped({ problems: problems.map((p) => problem(p)), medications: [med(current, { origin: 'request' }), draftMed(draft, 'd1')] }, 'order-select');
    const card = cardOf(cards, topic);
    expect(card.suggestions?.length ?? 0).toBe(deletes);
    if (deletes === 0) expect(card.detail).toMatch(/abruptly/);
  });

  test('potassium beside spironolactone and furosemide names hyperkalaemia; beside furosemide alone it is silent (near miss)', () => {
    const spironolactone = med('diuretics', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '9997', display: 'spironolactone' }], names: ['spironolactone'], label: 'Spironolactone' });
    const furosemide = med('diuretics', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '4603', display: 'furosemide' }], names: ['furosemide'], label: 'Furosemide' });
    const both = shipped({ problems: [problem('leg-cramps')], medications: [med('potassium-supplements'), spironolactone, furosemide] });
    expect(cardOf(both, 'electrolyte-pitfall').detail).toContain('hyperkalaemia');
    const loopOnly = shipped({ problems: [problem('leg-cramps')], medications: [med('potassium-supplements'), furosemide] });
    expect(topicsOf(loopOnly).filter((t) => t === 'electrolyte-pitfall')).toEqual([]);
  });
});

describe('knowledge 2.6.0: texts that fit the patient', () => {
  const esrd = { ...problem('end-stage-renal-disease'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N18.6' }], label: 'End stage renal disease' };

  test.each([
    { name: 'a pregnant adult', birthDate: '1990-01-01', problems: ['leg-cramps', 'pregnancy'], says: 'if it is RLS, in pregnancy RLS is mostly iron-related', cites: 'irlssg-pregnancy-2015' },
    { name: 'a child', birthDate: '2015-01-01', problems: ['leg-cramps'], says: 'if it is RLS, in a child, iron first when ferritin is < 50 ng/mL', cites: undefined },
  ])('dopaminergic-for-cramps for $name gives no gabapentinoid first line', ({ birthDate, problems, says, cites }) => {
    const card = cardOf(shipped({ problems: problems.map((p) => problem(p)), medications: [med('dopaminergic-agents')], birthDate }), 'dopaminergic-for-cramps');
    expect(card.detail).toContain(says);
    expect(card.detail).not.toContain('gabapentinoid');
    if (cites) expect(linksOf(card)).toContain(urlOf(cites));
  });

  test('dopaminergic-for-cramps for an adult (near miss) keeps the gabapentinoid line, conditional wording, and no pregnancy citation', () => {
    const card = cardOf(shipped({ problems: [problem('leg-cramps')], medications: [med('dopaminergic-agents')], birthDate: '1970-01-01' }), 'dopaminergic-for-cramps');
    expect(card.detail).toContain('if it is RLS, treat with a gabapentinoid, or iron when the iron studies allow, first: for dopamine agonists and levodopa the AASM 2024 guideline (J Clin Sleep Med 2025) suggests against standard use (conditional)');
    expect(card.detail).not.toContain('advises');
    expect(linksOf(card)).not.toContain(urlOf('irlssg-pregnancy-2015'));
  });

  test('the ESRD alternatives name gabapentin (conditional), renally dosed, and vitamin C (conditional), not any gabapentinoid', () => {
    const card = cardOf(shipped({ problems: [problem('rls'), esrd], medications: [med('dopaminergic-agents')] }), 'rls-dopaminergic-augmentation');
    expect(card.detail).toContain('gabapentin (conditional), renally dosed; vitamin C (conditional).');
    expect(card.detail).not.toContain('a gabapentinoid at a dose adjusted');
  });

  test('the child alternatives say the guideline makes no recommendation for drugs in children', () => {
    const card = cardOf(shipped({ problems: [problem('rls')], medications: [med('dopaminergic-agents')], birthDate: '2015-01-01' }), 'rls-dopaminergic-augmentation');
    expect(card.detail).toContain('The guideline makes no recommendation for gabapentinoids or other drugs in children.');
    expect(card.detail).not.toContain('recommends no gabapentinoid');
  });

  test.each([
    { name: 'a pregnant adult, ferritin 60 → oral iron first, the pregnancy sources linked', problems: ['rls', 'pregnancy'], labs: [lab('ferritin', 60, 'ng/mL', d)], says: '**Suggested:** in pregnancy, oral iron first and IV iron only after the first trimester', omits: 'ferric carboxymaltose', cited: true },
    { name: 'a pregnant adult, ferritin 88 and TSAT 30 → IV iron only after the first trimester', problems: ['rls', 'pregnancy'], labs: [lab('ferritin', 88, 'ng/mL', d), lab('tsat', 30, '%', d)], says: '**Suggested:** in pregnancy, IV iron only after the first trimester and only if symptoms call for treatment', omits: 'ferric carboxymaltose', cited: true },
    { name: 'near miss: an adult who is not pregnant → IV ferric carboxymaltose or oral ferrous sulfate, no pregnancy source', problems: ['rls'], labs: [lab('ferritin', 60, 'ng/mL', d)], says: '**Suggested:** IV ferric carboxymaltose (strong recommendation) or oral ferrous sulfate', omits: 'pregnancy', cited: false },
  ])('the iron card: $name', ({ problems, labs, says, omits, cited }) => {
    const card = cardOf(shipped({ problems: problems.map((p) => problem(p)), labs, birthDate: '1990-01-01' }), 'iron-deficiency');
    expect(card.detail).toContain(says);
    expect(card.detail).not.toContain(omits);
    const pregnancySources = [urlOf('irlssg-pregnancy-2015'), urlOf('auerbach-pregnancy-iv-iron-2018')];
    expect(linksOf(card).filter((url) => pregnancySources.includes(url))).toEqual(cited ? pregnancySources : []);
  });

  test('a pregnant adolescent gets one ferritin threshold (<= 75 ng/mL) in every card', () => {
    const cards = shipped({ problems: [problem('rls'), problem('pregnancy')], medications: [med('dopaminergic-agents')], labs: [lab('ferritin', 60, 'ng/mL', d)], birthDate: '2010-01-01' });
    for (const topic of ['cramp-vs-rls', 'iron-deficiency', 'rls-dopaminergic-augmentation']) {
      const card = cardOf(cards, topic);
      expect(`${card.summary}\n${card.detail ?? ''}`).not.toMatch(/< 50 ng\/mL/);
    }
    expect(cardOf(cards, 'iron-deficiency').summary).toBe('Ferritin 60 ng/mL on 2026-09-22 is at or below 75 ng/mL: RLS iron criterion met (AASM 2024); consider iron');
  });
});
