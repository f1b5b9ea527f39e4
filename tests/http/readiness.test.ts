import request from 'supertest';
import { expectOutcome } from '../support/expect-response.js';
import { testApp } from '../support/test-app.js';

// /readyz composes several checks (shutting down, the shared database): 503 naming the first that fails.

test('every check ready → 200', async () => {
  const { app } = testApp({ isReady: () => true });
  const res = await request(app).get('/readyz');
  expect([res.status, (res.body as { status: string }).status]).toEqual([200, 'ready']);
});

test.each([
  { name: 'the database unreachable', shuttingDown: false, database: false, diagnostics: 'Database unreachable' },
  { name: 'shutting down', shuttingDown: true, database: true, diagnostics: 'Shutting down' },
  { name: 'both (shutting down first)', shuttingDown: true, database: false, diagnostics: 'Shutting down' },
])('$name → 503 “$diagnostics”', async ({ shuttingDown, database, diagnostics }) => {
  const { app } = testApp({ isReady: () => !shuttingDown, readiness: [{ isReady: () => database, unready: 'Database unreachable' }] });
  const outcome = expectOutcome(await request(app).get('/readyz'), 503);
  expect(outcome.issue.map((i) => i.diagnostics)).toEqual([diagnostics]);
});
