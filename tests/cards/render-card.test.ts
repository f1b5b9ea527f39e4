import { applySnippets } from '../../src/cards/fill-template.js';
import { renderCard, overrideReasonSystem } from '../../src/cards/render-card.js';
import { isValidCdsResponse, responseErrors } from '../../src/cards/validate-response.js';
import type { Assessment } from '../../src/rules/rule-types.js';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import { draftMed, lab, med, problem } from '../support/finding-builders.js';
import { ruleKnowledge } from '../support/rule-knowledge.js';
import { cardOf, cardsFor } from '../support/rendered-cards.js';
import { TOPIC_SCENARIOS } from '../support/topic-scenarios.js';

const knowledge = ruleKnowledge();
const LEANING_KEY = 'org.example.leg-cramps-cds.leaning';

const allCards = TOPIC_SCENARIOS.flatMap(({ findings, hook }) => cardsFor(findings, hook));

describe('renderCard over every topic', () => {
  test('the scenarios cover every topic', () => {
    expect(new Set(allCards.map((c) => c.source.topic.code))).toEqual(new Set(TOPIC_CODES));
  });

  test.each(TOPIC_SCENARIOS)('$name: the response validates against the CDS Hooks schema', ({ findings, hook }) => {
    const response = { cards: cardsFor(findings, hook) };
    expect(responseErrors(response)).toEqual([]);
    expect(isValidCdsResponse(response)).toBe(true);
  });

  test('every card has a short summary, a source with topic, citation links and no unfilled placeholder', () => {
    for (const card of allCards) {
      const template = knowledge.cards[card.source.topic.code as (typeof TOPIC_CODES)[number]];
      expect(card.summary.length).toBeLessThan(140);
      expect(card.source).toEqual({
        label: knowledge.source.label,
        url: knowledge.source.url,
        topic: { system: knowledge.topicSystem, code: card.source.topic.code, display: template.title },
      });
      // The topic's own citations, and those of the thresholds and secondary causes a card may have found.
      const found = [...Object.values(knowledge.thresholds).map((t) => t.citation), ...knowledge.secondaryCauses.map((c) => c.citation)];
      const cited = [...template.citations, ...Object.values(template.variantCitations ?? {}).flat(), ...found].map((id) => knowledge.citations[id]?.url);
      expect(card.links?.length).toBeGreaterThan(0);
      for (const link of card.links ?? []) expect(cited).toContain(link.url);
      expect(card.links?.every((l) => l.type === 'absolute')).toBe(true);
      expect(JSON.stringify(card)).not.toContain('{{');
    }
  });

  test('override reasons carry our system, the code and the display', () => {
    const card = cardOf(allCards, 'psg-not-indicated');
    expect(card.overrideReasons).toEqual([
      { system: overrideReasonSystem(knowledge), code: 'rls-plmd-suspected', display: 'RLS or PLMD suspected' },
      { system: overrideReasonSystem(knowledge), code: 'other-sleep-indication', display: 'Other sleep indication' },
    ]);
    expect(overrideReasonSystem(knowledge)).toBe('https://leg-cramps-cds.example.org/topics/override-reasons');
  });

  test('every card and suggestion has its own uuid', () => {
    const uuids = allCards.flatMap((c) => [c.uuid, ...(c.suggestions ?? []).map((s) => s.uuid)]);
    expect(new Set(uuids).size).toBe(uuids.length);
  });
});

describe('renderCard texts', () => {
  test('a summary too long for 20 drug names names what fits and says "and N more", never cutting a name', () => {
    const meds = Array.from({ length: 20 }, (_, i) => med('ssris', { label: `sertraline ${i + 1}0 MG Oral Tablet [Zoloft]` }));
    const card = cardOf(cardsFor({ problems: [problem('rls')], medications: meds }), 'rls-aggravating-drug');
    expect(card.summary).toBe(
      'sertraline 10 MG Oral Tablet [Zoloft] and 19 more can worsen RLS/PLMD: consider an alternative or a lower dose',
    );
    expect(card.summary.length).toBeLessThan(140);
    expect(isValidCdsResponse({ cards: [card] })).toBe(true);
    // The detail still names every drug.
    expect(card.detail?.match(/sertraline \d+0 MG Oral Tablet \\\[Zoloft\\\]/g)).toHaveLength(20);
  });

  test('the sandbox case: real RxNorm-style names are named whole, then "and N more" (cut inside "10 ML Furosemide 10 MG/ML Injection" before)', () => {
    const labels = ['Lasix 40mg', '10 ML Furosemide 10 MG/ML Injection', 'atorvastatin 80 MG Oral Tablet [Lipitor]', 'simvastatin 20 MG Oral Tablet'];
    const meds = labels.map((label, i) => med(i < 2 ? 'diuretics' : 'statins', { label }));
    const card = cardOf(cardsFor({ problems: [problem('leg-cramps')], medications: meds }), 'cramp-drug-culprit');
    expect(card.summary).toBe('Leg cramps may be drug-related: review Lasix 40mg, 10 ML Furosemide 10 MG/ML Injection and 2 more (Diuretic and Statin)');
    expect(card.summary).not.toContain('…');
  });

  test('a drug name too long for the summary on its own is not cut: the summary points to the findings', () => {
    const label = '24 HR rotigotine 2 MG/24HR Transdermal System, applied nightly to clean, dry, intact skin on the abdomen or thigh';
    const card = cardOf(cardsFor({ problems: [problem('rls')], medications: [med('dopaminergic-agents', { label })] }), 'rls-dopaminergic-augmentation');
    expect(card.summary).toBe('the drug below in RLS: not for standard use, augmentation (AASM 2024); gabapentinoid or iron first');
    expect(card.detail).toContain('24 HR rotigotine 2 MG/24HR Transdermal System, applied nightly');
  });

  test('a censored ferritin keeps its comparator in the summary and, escaped, in the detail', () => {
    const ferritin = { ...lab('ferritin', 10, 'ng/mL', '2026-05-01'), comparator: '<' as const };
    const card = cardOf(cardsFor({ problems: [problem('rls')], labs: [ferritin] }), 'iron-deficiency');
    expect(card.summary).toContain('Ferritin <10 ng/mL on 2026-05-01');
    expect(card.detail).toContain('Ferritin &lt;10 ng/mL on 2026-05-01');
  });

  test('drug and problem labels from the EHR are escaped in the Markdown detail', () => {
    const evil = '<img src=x onerror=alert(1)> *bold* _it_ [link](http://x) `code` & co';
    const card = cardOf(
      cardsFor({ problems: [problem('rls', { label: '<b>RLS</b>' })], medications: [med('ssris', { label: evil })] }),
      'rls-aggravating-drug',
    );
    expect(card.detail).not.toContain('<img');
    expect(card.detail).not.toContain('<b>');
    expect(card.detail).toContain(
      '&lt;img src=x onerror=alert(1)&gt; \\*bold\\* \\_it\\_ \\[link\\](http\\://x) \\`code\\` &amp; co: SSRI',
    );
    expect(card.detail).toContain('&lt;b&gt;RLS&lt;/b&gt;: Restless legs syndrome');
    // Summaries are plain text: no escaping there.
    expect(card.summary.startsWith('<img src=x')).toBe(true);
  });

  test('a label that already says its value set is not followed by the set title', () => {
    const card = cardOf(cardsFor({ problems: [problem('rls')], medications: [med('quinine'), med('ssris')] }), 'rls-aggravating-drug');
    expect(card.detail).toContain('**Findings**\n\n- Sertraline: SSRI\n- Restless legs syndrome');
    expect(card.detail?.endsWith('- Restless legs syndrome')).toBe(true);
  });

  test('the iron card states the criterion met with the value as reported and in ng/mL, and its date', () => {
    const card = cardOf(
      cardsFor({ problems: [problem('rls')], labs: [lab('ferritin', 22, 'ng/mL', '2026-05-01T08:30:00-05:00', { value: 49.4, unit: 'pmol/L' })] }),
      'iron-deficiency',
    );
    expect(card.summary).toBe('Ferritin 49.4 pmol/L (≈ 22.0 ng/mL) on 2026-05-01 is at or below 75 ng/mL: RLS iron criterion met (AASM 2024); consider iron');
    expect(card.detail).toContain('- Ferritin 49.4 pmol/L (≈ 22.0 ng/mL) on 2026-05-01: at or below 75 ng/mL');
    expect(card.indicator).toBe('warning');
  });

  test('a lab reported in its canonical unit is stated once', () => {
    const card = cardOf(cardsFor({ problems: [problem('leg-cramps')], labs: [lab('ferritin', 30, 'ng/mL', '2026-05-01')] }), 'iron-deficiency');
    expect(card.summary).toBe('Ferritin 30 ng/mL on 2026-05-01 is below 50 ng/mL: check iron studies, consider iron supplementation');
    expect(card.detail).toContain('- Ferritin 30 ng/mL on 2026-05-01: below 50 ng/mL');
  });

  test('the iron card of an RLS patient met on transferrin saturation alone names TSAT, its value and date', () => {
    const card = cardOf(
      cardsFor({ problems: [problem('rls')], labs: [lab('ferritin', 110, 'ng/mL', '2026-05-01'), lab('tsat', 14, '%', '2026-05-01')] }),
      'iron-deficiency',
    );
    expect(card.summary).toBe('Transferrin saturation 14 % on 2026-05-01 is below 20 %: RLS iron criterion met (AASM 2024); consider iron');
    expect(card.detail).toContain('- Transferrin saturation 14 % on 2026-05-01: below 20 %');
    // The ferritin on file is shown with the criterion it does not meet (what is known), not hidden.
    expect(card.detail).toContain('- Ferritin 110 ng/mL on 2026-05-01: not at or below 75 ng/mL\n- Transferrin saturation 14 %');
  });

  test('the IV-only iron card names ferritin with value, unit, date and the range met, and the TSAT on file or missing', () => {
    const withTsat = cardOf(
      cardsFor({ problems: [problem('rls')], labs: [lab('ferritin', 88, 'ng/mL', '2026-05-01'), lab('tsat', 25, '%', '2026-05-01')] }),
      'iron-deficiency',
    );
    expect(withTsat.summary).toBe('Ferritin 88 ng/mL on 2026-05-01 is above 75 and up to 100 ng/mL: in RLS, IV iron only (AASM 2024); consider IV iron');
    expect(withTsat.detail).toContain('"only with IV iron if serum ferritin is between 75 ng/mL and 100 ng/mL"');
    expect(withTsat.detail).toContain('The transferrin saturation on file is 20 % or more');
    expect(withTsat.detail).toContain(
      // One line naming the range, not the same ferritin twice (knowledge 2.6.0).
      '- Ferritin 88 ng/mL on 2026-05-01: above 75 ng/mL and at or below 100 ng/mL\n- Transferrin saturation 25 % on 2026-05-01: not below 20 %',
    );
    const noTsat = cardOf(cardsFor({ problems: [problem('rls')], labs: [lab('ferritin', 88, 'ng/mL', '2026-05-01')] }), 'iron-deficiency');
    expect(noTsat.detail).toContain('No transferrin saturation is on file: add it');
    expect(noTsat.detail).not.toContain('Transferrin saturation 25');
  });

  test('the iron card of an RLS patient with ESRD names both results and IV iron sucrose', () => {
    const card = cardOf(
      cardsFor({ problems: [problem('rls'), problem('end-stage-renal-disease')], labs: [lab('ferritin', 150, 'ng/mL', '2026-05-01'), lab('tsat', 15, '%', '2026-05-02')] }),
      'iron-deficiency',
    );
    expect(card.summary).toBe('Ferritin 150 ng/mL on 2026-05-01 is below 200 ng/mL with TSAT below 20 %: in ESRD, consider IV iron sucrose (AASM 2024)');
    expect(card.detail).toContain('- Ferritin 150 ng/mL on 2026-05-01: below 200 ng/mL\n- Transferrin saturation 15 % on 2026-05-02: below 20 %');
    expect(card.detail).toContain('suggests IV iron sucrose (conditional recommendation)');
  });

  test.each([
    { name: 'an RLS iron card links the AASM guideline only', problems: ['rls'], ferritin: 60, urls: ['aasm-rls-2024'] },
    { name: 'a cramp iron card links the guidance only', problems: ['leg-cramps'], ferritin: 30, urls: ['guidance'] },
  ])('citations follow the findings: $name', ({ problems, ferritin, urls }) => {
    const card = cardOf(cardsFor({ problems: problems.map((p) => problem(p)), labs: [lab('ferritin', ferritin, 'ng/mL', '2026-05-01')] }), 'iron-deficiency');
    expect(card.links?.map((l) => l.url)).toEqual(urls.map((id) => knowledge.citations[id]?.url));
  });

  test('the iron card of a child with RLS cites the pediatric criterion', () => {
    const card = cardOf(cardsFor({ problems: [problem('rls')], labs: [lab('ferritin', 40, 'ng/mL', '2026-05-01')], birthDate: '2016-02-29' }), 'iron-deficiency');
    expect(card.summary).toBe('Ferritin 40 ng/mL on 2026-05-01 is below 50 ng/mL: pediatric RLS iron criterion met (AASM 2024); consider iron');
    expect(card.detail).toContain('for children with RLS');
  });

  test('the augmentation card is info on the chart, names the drug, and offers no removal', () => {
    const card = cardOf(cardsFor({ problems: [problem('rls')], medications: [med('dopaminergic-agents')] }), 'rls-dopaminergic-augmentation');
    expect(card.indicator).toBe('info');
    expect(card.summary).toBe('Pramipexole in RLS: not for standard use, augmentation (AASM 2024); gabapentinoid or iron first');
    expect(card.detail).toContain('- Pramipexole: Dopaminergic agent');
    expect(card.detail).toContain('earlier in the day');
    expect(card.detail).toContain('**Do not stop it abruptly.**');
    expect(card.suggestions).toBeUndefined();
  });

  test('the augmentation card is a warning on a selected order, with a removal of the new draft', () => {
    const card = cardOf(cardsFor({ problems: [problem('rls')], medications: [draftMed('dopaminergic-agents', 'd1')] }, 'order-select'), 'rls-dopaminergic-augmentation');
    expect(card.indicator).toBe('warning');
    expect(card.summary).toBe('Pramipexole ordered in RLS: not for standard use, augmentation (AASM 2024); gabapentinoid or iron first');
    expect(card.suggestions?.flatMap((s) => s.actions.map((a) => [a.type, a.resourceId]))).toEqual([['delete', 'MedicationRequest/d1']]);
  });

  test('the secondary-causes card pairs each cause with its evidence and examination', () => {
    const card = cardOf(
      cardsFor({ problems: [problem('leg-cramps'), problem('peripheral-neuropathy')], labs: [lab('tsh', 6.1, 'm[IU]/L', '2026-04-01')] }),
      'secondary-causes',
    );
    expect(card.summary).toBe('Possible secondary cause of leg cramps/RLS on chart: Peripheral neuropathy and Thyroid dysfunction');
    expect(card.detail).toContain(
      '- **Peripheral neuropathy**: Polyneuropathy, unspecified. *Assess:* Neurological exam\\: sensation, reflexes, vibration',
    );
    expect(card.detail).toContain('- **Thyroid dysfunction**: TSH 6.1 mIU/L on 2026-04-01, above 4.5 mIU/L. *Assess:* Thyroid exam, ankle reflexes');
    expect(card.detail).toContain('**Leg symptoms on the chart**\n\n- Sleep related leg cramps: Leg cramps');
  });

  test('the cramp-drug-culprit card names each drug with its class and offers no removal', () => {
    const card = cardOf(cardsFor({ problems: [problem('leg-cramps')], medications: [draftMed('diuretics', 'h1')] }, 'order-select'), 'cramp-drug-culprit');
    expect(card.summary).toBe('Leg cramps may be drug-related: review Hydrochlorothiazide (Diuretic)');
    expect(card.detail).toContain('- Hydrochlorothiazide: Diuretic, selected draft order');
    expect(card.suggestions).toBeUndefined();
    expect(card.selectionBehavior).toBeUndefined();
  });
});

describe('renderCard cramp-vs-rls', () => {
  test.each([
    ['cramp-likely', [problem('leg-cramps')]],
    ['rls-likely', [problem('rls')]],
    ['mixed', [problem('leg-cramps'), problem('plmd')]],
  ] as const)('the %s leaning is in the card extension and picks its texts', (leaning, problems) => {
    const card = cardOf(cardsFor({ problems }), 'cramp-vs-rls');
    expect(card.extension).toEqual({ [LEANING_KEY]: leaning });
    const template = knowledge.cards['cramp-vs-rls'];
    expect(card.summary).toBe(applySnippets(template.summary[leaning] ?? '', template.snippets, { iron: 'check' }));
    expect(card.detail).toContain('1. *What does it feel like?*');
    expect(card.detail).toContain('**Management differs.**');
  });

  test('the mixed detail lists the findings behind the leaning', () => {
    const card = cardOf(
      cardsFor({ problems: [problem('leg-cramps')], medications: [med('gabapentinoids')], labs: [lab('ferritin', 30, 'ng/mL', '2026-05-01')] }),
      'cramp-vs-rls',
    );
    expect(card.detail).toContain(
      '**Findings**\n\n- Sleep related leg cramps: Leg cramps\n- Gabapentin: Gabapentinoid\n- Ferritin 30 ng/mL on 2026-05-01: at or below 75 ng/mL',
    );
  });

  test('cards of other topics carry no extension', () => {
    expect(allCards.filter((c) => c.extension !== undefined).map((c) => c.source.topic.code)).toEqual([
      'cramp-vs-rls',
      'cramp-vs-rls',
      'cramp-vs-rls',
      'cramp-vs-rls',
      'cramp-vs-rls',
    ]);
  });
});

describe('renderCard optional fields', () => {
  test('a source without url omits it, and a topic without citations or override reasons omits links and overrideReasons', () => {
    const base = ruleKnowledge();
    const bare = ruleKnowledge({
      source: { label: 'Test source' },
      cards: { ...base.cards, 'iron-deficiency': { ...base.cards['iron-deficiency'], citations: [], overrideReasons: [] } },
    });
    const assessment: Assessment = {
      topic: 'iron-deficiency',
      // A result that met no criterion brings no threshold citation.
      evidence: [{ kind: 'lab', finding: lab('ferritin', 60, 'ng/mL', '2026-05-01'), criterion: { threshold: 'ferritin-low', direction: 'below' }, isMet: false }],
    };
    const card = renderCard(assessment, bare, { patientId: 'p', hook: 'patient-view' });
    expect(Object.keys(card).sort()).toEqual(['detail', 'indicator', 'source', 'summary', 'uuid']);
    expect(card.source).toEqual({ label: 'Test source', topic: expect.objectContaining({ code: 'iron-deficiency' }) });
    expect(isValidCdsResponse({ cards: [card] })).toBe(true);
  });
});
