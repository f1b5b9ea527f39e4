import { renderCards } from '../../src/cards/render-cards.js';
import { runRules } from '../../src/rules/index.js';
import { lab, med, problem, ruleInput } from '../support/finding-builders.js';
import { ruleKnowledge } from '../support/rule-knowledge.js';

describe('renderCards', () => {
  test('renders every assessment, warnings before infos, catalogue order kept within an indicator', () => {
    const knowledge = ruleKnowledge();
    const input = ruleInput(
      { problems: [problem('leg-cramps')], medications: [med('quinine'), med('statins')], labs: [lab('ferritin', 20, 'ng/mL', '2026-05-01')] },
      'patient-view',
      knowledge,
    );
    const cards = renderCards(runRules(input), knowledge, { patientId: 'p', hook: 'patient-view' });
    expect(cards.map((c) => [c.indicator, c.source.topic.code])).toEqual([
      ['warning', 'quinine-for-cramps'],
      ['warning', 'iron-deficiency'],
      ['info', 'cramp-vs-rls'],
      ['info', 'cramp-drug-culprit'],
      ['info', 'workup-labs'],
    ]);
  });

  test('no assessment renders no card', () => {
    expect(renderCards([], ruleKnowledge(), { patientId: 'p', hook: 'order-sign' })).toEqual([]);
  });
});
