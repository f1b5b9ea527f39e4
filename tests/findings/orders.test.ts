import type { ServiceRequest } from 'fhir/r4.js';
import { toDraftMedicationFindings, toOrderFindings } from '../../src/findings/orders.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';
import {
  cpt,
  deviceRequest,
  medication,
  medicationRequest,
  rxnorm,
  sandboxDraftMedicationRequest,
  serviceRequest,
  withoutFields,
} from '../support/fhir-builders.js';
import { hookContext } from '../support/fhir-builders-record.js';

// dimensions: hook (order-select · order-sign · patient-view) · named in selections (relative · absolute URL) ·
// resource type (MedicationRequest · ServiceRequest · DeviceRequest · no code) · sandbox drafts without status/medication

const none = new Map();

describe('draft medication orders', () => {
  const quinine = medicationRequest({ id: 'mr-1', status: 'draft', codes: [rxnorm('9071', 'quinine')], authoredOn: '2025-01-02' });
  const ropinirole = medicationRequest({ id: 'mr-2', status: 'draft', codes: [rxnorm('72302', 'ropinirole')] });

  test('become medication findings of origin draft-order with their order reference', () => {
    const context = hookContext({ hook: 'order-select', draftOrders: [quinine], selections: ['MedicationRequest/mr-1'] });
    expect(toDraftMedicationFindings(context, none)).toEqual([
      {
        codes: [{ system: SYSTEMS.rxnorm, code: '9071', display: 'quinine' }],
        names: ['quinine'],
        label: 'quinine',
        origin: 'draft-order',
        orderRef: 'MedicationRequest/mr-1',
        isSelected: true,
        source: { resourceType: 'MedicationRequest', id: 'mr-1', date: '2025-01-02' },
      },
    ]);
  });

  const selections = [
    { name: 'order-select: the selected draft only', hook: 'order-select', selections: ['MedicationRequest/mr-2'], selected: ['mr-2'] },
    { name: 'order-select: a selection given as an absolute URL', hook: 'order-select', selections: ['https://ehr.example.org/fhir/MedicationRequest/mr-1'], selected: ['mr-1'] },
    { name: 'order-select: nothing selected', hook: 'order-select', selections: [], selected: [] },
    { name: 'order-select: a selection of another type with the same id', hook: 'order-select', selections: ['ServiceRequest/mr-1'], selected: [] },
    { name: 'order-sign: every draft', hook: 'order-sign', selections: [], selected: ['mr-1', 'mr-2'] },
    { name: 'patient-view: none', hook: 'patient-view', selections: ['MedicationRequest/mr-1'], selected: [] },
  ] as const;
  test.each(selections)('$name is selected', ({ hook, selections: chosen, selected }) => {
    const context = hookContext({ hook, selections: chosen, draftOrders: [quinine, ropinirole] });
    const found = toDraftMedicationFindings(context, none);
    expect(found.filter((m) => m.isSelected).map((m) => m.source.id)).toEqual(selected);
  });

  test('a sandbox draft without status or intent still counts', () => {
    const context = hookContext({ hook: 'order-sign', draftOrders: [sandboxDraftMedicationRequest({ id: 'd1' })] });
    expect(toDraftMedicationFindings(context, none).map((m) => m.orderRef)).toEqual(['MedicationRequest/d1']);
  });

  test('a draft without any medication gives no finding', () => {
    const context = hookContext({ hook: 'order-sign', draftOrders: [sandboxDraftMedicationRequest({ withoutMedication: true })] });
    expect(toDraftMedicationFindings(context, none)).toEqual([]);
  });

  test('a draft referencing a gathered Medication is resolved', () => {
    const draft = medicationRequest({ id: 'd2', status: 'draft', medicationReference: { reference: 'Medication/q' } });
    const context = hookContext({ hook: 'order-sign', draftOrders: [draft] });
    const medications = new Map([['Medication/q', medication({ id: 'q', codes: [rxnorm('9071', 'quinine')] })]]);
    expect(toDraftMedicationFindings(context, medications)[0]?.codes).toEqual([
      { system: SYSTEMS.rxnorm, code: '9071', display: 'quinine' },
    ]);
  });

  test('a draft without an id has no order reference and is selected only in order-sign', () => {
    const withoutId = withoutFields(medicationRequest({ status: 'draft' }), 'id');
    const sign = toDraftMedicationFindings(hookContext({ hook: 'order-sign', draftOrders: [withoutId] }), none);
    const select = toDraftMedicationFindings(hookContext({ hook: 'order-select', draftOrders: [withoutId] }), none);
    expect(sign.map((m) => [m.orderRef, m.isSelected])).toEqual([[undefined, true]]);
    expect(select.map((m) => [m.orderRef, m.isSelected])).toEqual([[undefined, false]]);
  });

  test('non-medication drafts are not medications', () => {
    const context = hookContext({ hook: 'order-sign', draftOrders: [serviceRequest()] });
    expect(toDraftMedicationFindings(context, none)).toEqual([]);
  });
});

describe('other draft orders', () => {
  test('a ServiceRequest becomes an order finding', () => {
    const psg = serviceRequest({ id: 'sr-1', codes: [cpt('95810')], text: 'Polysomnography', authoredOn: '2025-01-03' });
    const context = hookContext({ hook: 'order-select', draftOrders: [psg], selections: ['ServiceRequest/sr-1'] });
    expect(toOrderFindings(context)).toEqual([
      {
        codes: [{ system: SYSTEMS.cpt, code: '95810' }],
        label: 'Polysomnography',
        orderRef: 'ServiceRequest/sr-1',
        reasonCodes: [],
        isSelected: true,
        source: { resourceType: 'ServiceRequest', id: 'sr-1', date: '2025-01-03' },
      },
    ]);
  });

  test('the reasonCode codings become reasonCodes; malformed reasons are skipped', () => {
    const reasonCode: unknown = [
      { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G47.61', display: 'Periodic limb movement disorder' }], text: 'suspected PLMD' },
      'PLMD',
      { coding: 'not-a-list' },
      { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.96', code: '32914008' }] },
    ];
    const psg = { ...serviceRequest({ id: 'sr-9' }), reasonCode } as ServiceRequest;
    const [found] = toOrderFindings(hookContext({ hook: 'order-sign', draftOrders: [psg] }));
    expect(found?.reasonCodes).toEqual([
      { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G47.61', display: 'Periodic limb movement disorder' },
      { system: SYSTEMS.snomed, code: '32914008' },
    ]);
  });

  test('a DeviceRequest is read from codeCodeableConcept', () => {
    const context = hookContext({ hook: 'order-sign', draftOrders: [deviceRequest({ id: 'dr-1' })] });
    expect(toOrderFindings(context)).toEqual([
      {
        codes: [{ system: SYSTEMS.snomed, code: '720253003', display: 'Home-use sleep apnea recording system (physical object)' }],
        label: 'Home-use sleep apnea recording system (physical object)',
        orderRef: 'DeviceRequest/dr-1',
        reasonCodes: [],
        isSelected: true,
        source: { resourceType: 'DeviceRequest', id: 'dr-1' },
      },
    ]);
  });

  test.each([
    { hook: 'order-select', selections: ['ServiceRequest/sr-2'], selected: [false, true] },
    { hook: 'order-sign', selections: [], selected: [true, true] },
  ] as const)('in $hook the selection is $selected', ({ hook, selections, selected }) => {
    const context = hookContext({ hook, selections, draftOrders: [serviceRequest({ id: 'sr-1' }), serviceRequest({ id: 'sr-2' })] });
    expect(toOrderFindings(context).map((o) => o.isSelected)).toEqual(selected);
  });

  test('drafts without a code, or without an id, give no order finding', () => {
    const codeless = withoutFields(serviceRequest({ id: 'sr-3' }), 'code');
    const idless = withoutFields(serviceRequest(), 'id');
    const context = hookContext({ hook: 'order-sign', draftOrders: [codeless, idless] });
    expect(toOrderFindings(context)).toEqual([]);
  });

  test('medication drafts are not order findings', () => {
    const context = hookContext({ hook: 'order-sign', draftOrders: [medicationRequest({ status: 'draft' })] });
    expect(toOrderFindings(context)).toEqual([]);
  });
});
