import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { TopicCode } from '../../src/knowledge/knowledge-types.js';
import { expectCdsResponse, topicsOf } from '../support/expect-response.js';
import {
  expectedRequestFixture,
  loadRequestFixture,
  REQUEST_FIXTURES,
  REQUEST_FIXTURES_DIR,
} from '../support/fixtures.js';
import { SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';

// The replayable requests of fixtures/requests/ (curl -d @file, see fixtures/README.md) are built from the patient
// fixtures and the draft orders of tests/support/fixtures.ts. This file keeps them from drifting: each must equal
// what its recipe builds (fixed hookInstance), and replaying it as is must give the expected topics at TEST_NOW.
// Regenerate after changing a fixture: UPDATE_FIXTURE_REQUESTS=1 NODE_OPTIONS=--experimental-vm-modules npx jest tests/clinical/fixture-requests

const TOPICS: Readonly<Record<string, readonly TopicCode[]>> = {
  'patient-view-cramps.json': ['cramp-drug-culprit', 'cramp-vs-rls'],
  'patient-view-cramps-no-labs.json': ['cramp-vs-rls', 'workup-labs'],
  'patient-view-rls-low-ferritin.json': ['cramp-vs-rls', 'iron-deficiency'],
  'order-select-psg.json': ['psg-not-indicated'],
  'order-select-psg-not-selected.json': [],
  'order-select-ropinirole.json': ['dopaminergic-for-cramps'],
  'order-sign-quinine.json': ['quinine-for-cramps'],
  'order-sign-psg-sleep-apnea.json': [],
};

if (process.env.UPDATE_FIXTURE_REQUESTS === '1') {
  for (const fixture of REQUEST_FIXTURES) {
    writeFileSync(path.join(REQUEST_FIXTURES_DIR, fixture.file), `${JSON.stringify(expectedRequestFixture(fixture), null, 2)}\n`);
  }
}

const { app } = testApp();

test('fixtures/requests holds exactly the listed request files', () => {
  const files = readdirSync(REQUEST_FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();
  expect(files).toEqual(REQUEST_FIXTURES.map((f) => f.file).sort());
  expect(Object.keys(TOPICS).sort()).toEqual(files);
});

test.each(REQUEST_FIXTURES)('$file equals the request built from $fixture ($hook)', (fixture) => {
  expect(loadRequestFixture(fixture.file)).toEqual(expectedRequestFixture(fixture));
});

test.each(REQUEST_FIXTURES)('$file replayed as is → 200, schema-valid, the expected topics', async (fixture) => {
  const res = await request(app).post(`/cds-services/${SERVICE[fixture.hook]}`).send(loadRequestFixture(fixture.file) as object);
  expect(topicsOf(expectCdsResponse(res).cards)).toEqual([...(TOPICS[fixture.file] ?? ['missing expectation'])].sort());
});
