import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { CdsCard } from '../../src/cards/card-types.js';
import { EHR_ISSUER, generateSigningKey, jwksOf, PUBLIC_BASE, signToken, type SigningKey } from '../support/ehr-tokens.js';
import { expectCdsResponse, expectOutcome } from '../support/expect-response.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceApp, governanceDir } from '../support/governance-app.js';
import { SERVICE } from '../support/hook-requests.js';
import { writeTrustFileFor } from '../support/live-tokens.js';
import { TEST_NOW } from '../support/test-app.js';

// Issue 10, feedback checked against the card as it was sent, over real HTTP on a real SQLite ledger: in production
// the issuer must be the card's; feedback later than the configured age is refused; a card still in the ledger's
// write queue counts as sent (and is written before the feedback that names it).

const PV = SERVICE['patient-view'];
const REASONS = 'https://leg-cramps-cds.example.org/topics/override-reasons';
const DAY_MS = 86_400_000;
const FEEDBACK_PATH = `/cds-services/${PV}/feedback`;

const hookBody = (): Record<string, unknown> => ({ ...(loadRequestFixture('patient-view-cramps-no-labs.json') as object), hookInstance: randomUUID() });
const leaningOf = (cards: readonly CdsCard[]): CdsCard => {
  const card = cards.find((c) => c.source.topic.code === 'cramp-vs-rls');
  if (!card) throw new Error('fixture lost its cramp-vs-rls card');
  return card;
};
const override = (card: CdsCard) => ({
  feedback: [{ card: card.uuid, outcome: 'overridden', overrideReason: { reason: { system: REASONS, code: 'diagnosis-clarified' } }, outcomeTimestamp: TEST_NOW.toISOString() }],
});

describe('in production', () => {
  const OTHER_ISSUER = 'https://other-ehr.example.org';
  let ehrKey: SigningKey;
  let otherKey: SigningKey;
  let trustFile: string;
  beforeAll(async () => {
    [ehrKey, otherKey] = await Promise.all([generateSigningKey('ES384'), generateSigningKey('ES384')]);
    trustFile = writeTrustFileFor([
      { iss: EHR_ISSUER, jwks: jwksOf(ehrKey) },
      { iss: OTHER_ISSUER, jwks: jwksOf(otherKey) },
    ]);
  });
  const bearer = async (key: SigningKey, iss: string, path: string): Promise<string> => `Bearer ${await signToken(key, { claims: { iss, aud: `${PUBLIC_BASE}${path}` } })}`;

  test("feedback from another trusted EHR is refused with 403 and an OperationOutcome; the card's own EHR is heard", async () => {
    const place = governanceDir();
    const { app, governance } = await governanceApp(place.file, {}, TEST_NOW, { trustFile });
    try {
      const res = await request(app).post(`/cds-services/${PV}`).set('authorization', await bearer(ehrKey, EHR_ISSUER, `/cds-services/${PV}`)).send(hookBody());
      const leaning = leaningOf(expectCdsResponse(res).cards);

      // Authenticated like every endpoint: without a token, nothing is looked at.
      const anonymous = await request(app).post(FEEDBACK_PATH).send(override(leaning));
      expect([anonymous.status, anonymous.text]).toEqual([401, '']);

      const refused = await request(app).post(FEEDBACK_PATH).set('authorization', await bearer(otherKey, OTHER_ISSUER, FEEDBACK_PATH)).send(override(leaning));
      const outcome = expectOutcome(refused, 403);
      expect(outcome.issue.map((i) => [i.code, i.diagnostics])).toEqual([['forbidden', 'Feedback must come from the EHR the card was sent to']]);
      await governance.flush();
      expect((await governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000))).filter((r) => r.outcome !== undefined)).toEqual([]);

      const heard = await request(app).post(FEEDBACK_PATH).set('authorization', await bearer(ehrKey, EHR_ISSUER, FEEDBACK_PATH)).send(override(leaning));
      expect([heard.status, heard.text]).toEqual([204, '']);
      const stored = await governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000));
      expect(stored.filter((r) => r.outcome !== undefined).map((r) => [r.cardUuid, r.outcome, r.reasonCode])).toEqual([[leaning.uuid, 'overridden', 'diagnosis-clarified']]);
    } finally {
      await governance.close();
      place.remove();
    }
  });
});

test('feedback is refused once the card is older than the configured age (default 30 days), before that it is stored', async () => {
  const place = governanceDir();
  let clock = TEST_NOW;
  const { app, governance } = await governanceApp(place.file, {}, TEST_NOW, { clock: () => clock });
  try {
    const first = leaningOf(expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(hookBody())).cards);
    const second = leaningOf(expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(hookBody())).cards);

    clock = new Date(TEST_NOW.getTime() + 29.9 * DAY_MS);
    expect((await request(app).post(FEEDBACK_PATH).send(override(first))).status).toBe(204);
    clock = new Date(TEST_NOW.getTime() + 30 * DAY_MS + 60_000);
    const late = expectOutcome(await request(app).post(FEEDBACK_PATH).send(override(second)), 400, 'feedback[0].card');
    expect(late.issue.map((i) => i.diagnostics)).toEqual(['Feedback arrives more than 30 days after the card']);

    const stored = await governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000));
    expect(stored.filter((r) => r.outcome !== undefined).map((r) => r.cardUuid)).toEqual([first.uuid]);
  } finally {
    await governance.close();
    place.remove();
  }
});

test('CDS_FEEDBACK_MAX_AGE_DAYS sets the age: 2 days refuses feedback on the third', async () => {
  const place = governanceDir();
  const { app, governance } = await governanceApp(place.file, { CDS_FEEDBACK_MAX_AGE_DAYS: '2' }, TEST_NOW, { clock: () => new Date(TEST_NOW.getTime() + 2.5 * DAY_MS) });
  try {
    const card = leaningOf(expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(hookBody())).cards);
    const late = expectOutcome(await request(app).post(FEEDBACK_PATH).send(override(card)), 400, 'feedback[0].card');
    expect(late.issue.map((i) => i.diagnostics)).toEqual(['Feedback arrives more than 2 days after the card']);
  } finally {
    await governance.close();
    place.remove();
  }
});

test('a card still in the write queue counts as sent: its feedback is stored, and the card is written first', async () => {
  const place = governanceDir();
  // A flush interval far longer than the test: only the feedback can make the card reach the database.
  const { app, governance } = await governanceApp(place.file, { CDS_LEDGER_FLUSH_MS: '10000' });
  try {
    const card = leaningOf(expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(hookBody())).cards);
    expect(await governance.store.findCard(card.uuid)).toBeUndefined();

    // Found in the queue, the answer comes at once; a lookup of the database alone would keep retrying until the
    // writer's timer (10 s) wrote the card, well past this request's 8 s timeout.
    const res = await request(app).post(FEEDBACK_PATH).timeout(8000).send(override(card));
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await governance.store.findCard(card.uuid))?.topic).toBe('cramp-vs-rls');
    const stored = await governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000));
    expect(stored.filter((r) => r.outcome !== undefined).map((r) => [r.cardUuid, r.outcome])).toEqual([[card.uuid, 'overridden']]);
  } finally {
    await governance.close();
    place.remove();
  }
});
