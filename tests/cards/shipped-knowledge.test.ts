import type { LabFinding } from '../../src/findings/finding-types.js';
import { renderCards } from '../../src/cards/render-cards.js';
import { isValidCdsResponse, responseErrors } from '../../src/cards/validate-response.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import { runRules } from '../../src/rules/index.js';
import { lab, problem, ruleInput } from '../support/finding-builders.js';
import { TOPIC_SCENARIOS } from '../support/topic-scenarios.js';

// The same scenarios as render-card.test.ts, on the shipped knowledge base: real value sets, citations and texts.
const knowledge = loadKnowledge();
const responses = TOPIC_SCENARIOS.map(({ name, hook, findings }) => ({
  name,
  response: { cards: renderCards(runRules(ruleInput(findings, hook, knowledge)), knowledge, { patientId: 'pat-1', hook }) },
}));

describe('cards on the shipped knowledge', () => {
  test('the scenarios produce every topic', () => {
    const topics = new Set(responses.flatMap(({ response }) => response.cards.map((c) => c.source.topic.code)));
    expect(topics).toEqual(new Set(TOPIC_CODES));
  });

  test.each(responses)('$name: the response validates against the CDS Hooks schema', ({ response }) => {
    expect(responseErrors(response)).toEqual([]);
    expect(isValidCdsResponse(response)).toBe(true);
  });

  test('the workup suggestions order the LOINC codes of the shipped labs', () => {
    const workup = responses.flatMap(({ response }) => response.cards).find((c) => c.source.topic.code === 'workup-labs');
    const codes = workup?.suggestions?.flatMap((s) =>
      s.actions.map((a) => (a.resource?.['code'] as { coding: { system: string; code: string }[] }).coding[0]),
    );
    expect(codes).toEqual(
      knowledge.workup
        .filter((item) => ['glucose', 'renal'].includes(item.id))
        .map((item) => expect.objectContaining({ system: 'http://loinc.org', code: knowledge.labs[item.orderLabId]?.orderCode.code })),
    );
  });

  test('no card links the same URL twice, though two shipped citations share one', () => {
    const urls = Object.values(knowledge.citations).map((c) => c.url);
    expect(new Set(urls).size).toBeLessThan(urls.length);
    for (const card of responses.flatMap(({ response }) => response.cards)) {
      const links = (card.links ?? []).map((l) => l.url);
      expect(new Set(links).size).toBe(links.length);
    }
  });
});

describe('the shipped thresholds at their boundaries', () => {
  // Each threshold is the value of its own citation, on the side the citation writes: a TSH of 0.44 was silent while
  // tsh-low was 0.4, and 4.5, the upper limit of the reference interval, is in range.
  const causesWithTsh = (value: number): string[] =>
    renderCards(runRules(ruleInput({ problems: [problem('leg-cramps')], labs: [lab('tsh', value, 'm[IU]/L', '2026-10-01')] }, 'patient-view', knowledge)), knowledge, {
      patientId: 'pat-1',
      hook: 'patient-view',
    })
      .filter((c) => c.source.topic.code === 'secondary-causes')
      .map((c) => c.detail ?? '');

  test.each([
    { tsh: 0.44, fires: true },
    { tsh: 0.45, fires: false },
    { tsh: 4.5, fires: false },
    { tsh: 4.51, fires: true },
  ])('TSH $tsh mIU/L → thyroid dysfunction as a secondary cause: $fires', ({ tsh, fires }) => {
    const details = causesWithTsh(tsh);
    expect(details.length).toBe(fires ? 1 : 0);
    if (fires) expect(details[0]).toContain(`TSH ${tsh} mIU/L on 2026-10-01`);
  });
});

describe('the shipped iron criteria at their boundaries', () => {
  // AASM 2024 for adults with RLS: ferritin <= 75 ng/mL (75 included) or TSAT < 20 % (20 excluded), IV iron only for
  // ferritin > 75 and <= 100 (100 included); guidance for cramps: < 50.
  const ironSummary = (problems: readonly string[], labs: readonly LabFinding[]): string | undefined =>
    renderCards(runRules(ruleInput({ problems: problems.map((p) => problem(p)), labs }, 'patient-view', knowledge)), knowledge, {
      patientId: 'pat-1',
      hook: 'patient-view',
    }).find((c) => c.source.topic.code === 'iron-deficiency')?.summary;

  test.each([
    { problems: ['rls'], labs: [lab('ferritin', 75, 'ng/mL', '2026-10-01')], summary: 'Ferritin 75 ng/mL on 2026-10-01 is at or below 75 ng/mL: RLS iron criterion met (AASM 2024); consider iron' },
    { problems: ['rls'], labs: [lab('ferritin', 75.1, 'ng/mL', '2026-10-01')], summary: 'Ferritin 75.1 ng/mL on 2026-10-01 is above 75 and up to 100 ng/mL: in RLS, IV iron only (AASM 2024); consider IV iron' },
    { problems: ['rls'], labs: [lab('ferritin', 100, 'ng/mL', '2026-10-01'), lab('tsat', 25, '%', '2026-10-01')], summary: 'Ferritin 100 ng/mL on 2026-10-01 is above 75 and up to 100 ng/mL: in RLS, IV iron only (AASM 2024); consider IV iron' },
    { problems: ['rls'], labs: [lab('ferritin', 100.1, 'ng/mL', '2026-10-01'), lab('tsat', 25, '%', '2026-10-01')], summary: undefined },
    { problems: ['rls'], labs: [lab('tsat', 19.9, '%', '2026-10-01')], summary: 'Transferrin saturation 19.9 % on 2026-10-01 is below 20 %: RLS iron criterion met (AASM 2024); consider iron' },
    { problems: ['rls'], labs: [lab('tsat', 20, '%', '2026-10-01')], summary: undefined },
    { problems: ['leg-cramps'], labs: [lab('ferritin', 49.9, 'ng/mL', '2026-10-01')], summary: 'Ferritin 49.9 ng/mL on 2026-10-01 is below 50 ng/mL: check iron studies, consider iron supplementation' },
    { problems: ['leg-cramps'], labs: [lab('ferritin', 50, 'ng/mL', '2026-10-01')], summary: undefined },
  ])('$problems with $labs.0.labId $labs.0.value → $summary', ({ problems, labs, summary }) => {
    expect(ironSummary(problems, labs)).toBe(summary);
  });
});
