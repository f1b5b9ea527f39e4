import { cardOf, cardsFor } from '../support/rendered-cards.js';
import { draftMed, med, problem } from '../support/finding-builders.js';
import { TOPIC_SCENARIOS } from '../support/topic-scenarios.js';

// dimensions: hook (patient-view never removes) · one vs several removable drafts · removal vs workup creation
describe('card suggestions', () => {
  test('order-select: the removal deletes exactly the selected order', () => {
    const card = cardOf(cardsFor({ problems: [problem('rls')], medications: [draftMed('ssris', 'rx-9')] }, 'order-select'), 'rls-aggravating-drug');
    expect(card.selectionBehavior).toBe('at-most-one');
    expect(card.suggestions?.map((s) => ({ label: s.label, actions: s.actions }))).toEqual([
      {
        label: 'Remove the draft order for Sertraline',
        actions: [{ type: 'delete', description: 'Remove the draft order for Sertraline.', resourceId: 'MedicationRequest/rx-9' }],
      },
    ]);
  });

  test('order-sign: two removable drafts give two independent suggestions', () => {
    const card = cardOf(
      cardsFor({ problems: [problem('rls')], medications: [draftMed('ssris', 'a'), draftMed('lithium', 'b')] }, 'order-sign'),
      'rls-aggravating-drug',
    );
    expect(card.selectionBehavior).toBe('any');
    expect(card.suggestions?.flatMap((s) => s.actions.map((a) => a.resourceId))).toEqual(['MedicationRequest/a', 'MedicationRequest/b']);
  });

  test.each([
    ['psg-not-indicated', 'ServiceRequest/psg-1'],
    ['dopaminergic-for-cramps', 'MedicationRequest/dop-1'],
    ['quinine-for-cramps', 'MedicationRequest/q-1'],
  ])('%s offers to delete %s', (topic, ref) => {
    const scenario = TOPIC_SCENARIOS.find((s) => s.hook === 'order-select');
    const card = cardOf(cardsFor(scenario?.findings ?? {}, 'order-select'), topic);
    expect(card.selectionBehavior).toBe('at-most-one');
    expect(card.suggestions?.flatMap((s) => s.actions)).toEqual([expect.objectContaining({ type: 'delete', resourceId: ref })]);
  });

  test('patient-view drug cards offer no removal (there is no draft order)', () => {
    const cards = cardsFor({ problems: [problem('leg-cramps')], medications: [med('quinine'), med('dopaminergic-agents')] });
    for (const topic of ['quinine-for-cramps', 'dopaminergic-for-cramps']) {
      expect(cardOf(cards, topic).suggestions).toBeUndefined();
    }
  });

  test('the workup card creates one draft ServiceRequest per missing test, coded in LOINC', () => {
    const card = cardOf(cardsFor({ problems: [problem('leg-cramps')] }), 'workup-labs');
    expect(card.selectionBehavior).toBe('any');
    expect(card.summary).toBe('Workup for leg cramps: no recent Ferritin, Thyroid function (TSH), Glucose or HbA1c and Renal function');
    expect(card.suggestions?.map((s) => s.label)).toEqual(['Order Ferritin', 'Order TSH', 'Order HbA1c', 'Order Creatinine']);
    const resources = card.suggestions?.flatMap((s) => s.actions.map((a) => ({ type: a.type, resource: a.resource })));
    expect(resources?.map((r) => r.type)).toEqual(['create', 'create', 'create', 'create']);
    expect(resources?.[0]?.resource).toEqual({
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/pat-1' },
      code: { coding: [{ system: 'http://loinc.org', code: '2276-4', display: 'Ferritin [Mass/volume] in Serum or Plasma' }], text: 'Ferritin' },
    });
    const loinc = (r: { resource?: Record<string, unknown> }): unknown => (r.resource?.['code'] as { coding: { code: string }[] }).coding[0]?.code;
    expect(resources?.map(loinc)).toEqual(['2276-4', '3016-3', '4548-4', '2160-0']);
  });

  test('the RLS workup offers the iron panel as one suggestion: four draft orders with the morning-draw instruction', () => {
    const card = cardOf(cardsFor({ problems: [problem('rls')] }), 'workup-labs');
    expect(card.summary).toBe('Workup for RLS: no recent Iron panel, Thyroid function (TSH), Glucose or HbA1c and Renal function');
    expect(card.suggestions?.map((s) => s.label)).toEqual(['Order Iron panel', 'Order TSH', 'Order HbA1c', 'Order Creatinine']);
    const [panel] = card.suggestions ?? [];
    const codes = panel?.actions.map((a) => (a.resource?.['code'] as { coding: { code: string }[] }).coding[0]?.code);
    expect(codes).toEqual(['2276-4', '2498-4', '2500-7', '2502-3']);
    expect(panel?.actions.map((a) => a.resource?.['patientInstruction'])).toEqual(Array(4).fill('Morning blood draw; no iron for 24 hours before.'));
  });
});
