import request from 'supertest';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import { expectCdsResponse } from '../support/expect-response.js';
import { fixtureHookRequest, patientFixtureNames } from '../support/fixtures.js';
import { SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';
import { expectCards } from './card-expectations.js';
import { ORDER_HOOK_ROWS } from './catalogue-order-hooks.js';
import { PATIENT_VIEW_ROWS } from './catalogue-patient-view.js';
import type { CatalogueRow } from './catalogue-row.js';

// The card catalogue end to end: each project fixture (fixtures/patients) on each hook it matters for, over
// real HTTP with full prefetch at TEST_NOW (2026-11-20), one row per case (rows: catalogue-patient-view.ts,
// catalogue-order-hooks.ts).
// dimensions: topic (10) · fires / near miss (resolved or refuted problem, stopped medication, lab outside
// the look-back, normal value, ferritin in ng/mL, ug/L or pmol/L, drug known only by name, combination
// product, medicationReference to a contained or an included Medication, non-selected draft order) · hook
// (patient-view speaks about the chart; order hooks only about the selected draft orders).

const rows: readonly CatalogueRow[] = [...PATIENT_VIEW_ROWS, ...ORDER_HOOK_ROWS];
const { app } = testApp();

test.each(rows)('$fixture on $hook: $name', async (row) => {
  const res = await request(app).post(`/cds-services/${SERVICE[row.hook]}`).send(fixtureHookRequest(row));
  expectCards(expectCdsResponse(res).cards, row, row.fixture);
});

describe('the catalogue covers', () => {
  test.each([...TOPIC_CODES])('%s with at least one firing row and one near miss', (topic) => {
    expect(rows.some((r) => r.topics.includes(topic))).toBe(true);
    expect(rows.some((r) => r.nearMissOf?.includes(topic) === true && !r.topics.includes(topic))).toBe(true);
  });

  test('every patient fixture on patient-view', () => {
    expect([...new Set(PATIENT_VIEW_ROWS.map((r) => r.fixture))].sort()).toEqual(patientFixtureNames());
  });

  test('each hook at least once', () => {
    expect([...new Set(rows.map((r) => r.hook))].sort()).toEqual(['order-select', 'order-sign', 'patient-view']);
  });
});
