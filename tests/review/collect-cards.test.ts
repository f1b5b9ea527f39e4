import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectCards } from '../../src/review/collect-cards.js';
import { loadServiceRegistry } from '../../src/hooks/service-registry.js';
import { realKnowledge, TEST_NOW } from '../support/test-app.js';

// The report refuses to show what the service did not validly say: a non-200 answer or a response outside the
// CDS Hooks schema stops it with a message naming the call. A stand-in service over real HTTP gives those answers.

const services = loadServiceRegistry('cds-services').services;
let server: Server;
let baseUrl: string;
let answer: { status: number; body: unknown };

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = req.method === 'GET' ? { services } : answer.body;
    res.writeHead(req.method === 'GET' ? 200 : answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const input = () => ({
  baseUrl,
  knowledge: realKnowledge(),
  now: TEST_NOW,
  patients: [{ name: 'fx-a', resources: [{ resourceType: 'Patient' as const, id: 'fx-a' }] }],
  requests: [],
});

test('a valid empty answer is one silent patient-view call', async () => {
  answer = { status: 200, body: { cards: [] } };
  const reviewed = await collectCards(input());
  expect(reviewed.map((p) => ({ name: p.name, calls: p.calls.map((c) => [c.hook, c.cards.length]) }))).toEqual([{ name: 'fx-a', calls: [['patient-view', 0]] }]);
});

test('a response outside the CDS Hooks schema stops the report, naming the patient and the error', async () => {
  answer = { status: 200, body: { cards: [{ summary: 'no indicator, no source' }] } };
  await expect(collectCards(input())).rejects.toThrow(/^fx-a: invalid CDS Hooks response: \/cards\/0 must have required property/);
});

test('an error status stops the report with the OperationOutcome diagnostics', async () => {
  answer = { status: 412, body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'prefetch key conditions missing' }] } };
  await expect(collectCards(input())).rejects.toThrow('fx-a: leg-cramps-patient-view answered 412: prefetch key conditions missing');
});

test('an order-hook request file of a patient that is no fixture is refused', async () => {
  answer = { status: 200, body: { cards: [] } };
  const request = { file: 'x.json', hook: 'order-sign' as const, patientId: 'fx-other', body: {} };
  await expect(collectCards({ ...input(), requests: [request] })).rejects.toThrow('x.json: its patient fx-other is no patient fixture');
});
