import { startInProcessService, type InProcessService } from '../../src/replay/in-process-service.js';
import { isValidCdsResponse } from '../../src/cards/validate-response.js';
import { topicsOf } from '../support/expect-response.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { TEST_NOW } from '../support/test-app.js';

// The in-process service the replay CLI and the cards report use: the real app on an ephemeral loopback port.

let service: InProcessService;
beforeAll(async () => {
  service = await startInProcessService({ now: () => TEST_NOW });
});
afterAll(() => service.close());

test('listens on 127.0.0.1 and serves discovery', async () => {
  expect(service.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${service.baseUrl}/cds-services`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { services: { id: string }[] };
  expect(body.services.map((s) => s.id).sort()).toEqual(['leg-cramps-order-select', 'leg-cramps-order-sign', 'leg-cramps-patient-view']);
});

test('answers a hook call unauthenticated (development profile) with the clock it was given', async () => {
  const res = await fetch(`${service.baseUrl}/cds-services/leg-cramps-patient-view`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(loadRequestFixture('patient-view-cramps-no-labs.json')),
  });
  expect(res.status).toBe(200);
  const body: unknown = await res.json();
  if (!isValidCdsResponse(body)) throw new Error('invalid CDS Hooks response');
  expect(topicsOf(body.cards)).toEqual(['cramp-vs-rls', 'workup-labs']);
});

test('close stops listening', async () => {
  const other = await startInProcessService();
  await other.close();
  await expect(fetch(`${other.baseUrl}/healthz`)).rejects.toThrow();
});
