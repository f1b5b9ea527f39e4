import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { CdsCard } from '../../src/cards/card-types.js';
import type { PostgresDatabase } from '../../src/storage/postgres-database.js';
import { expectCdsResponse, expectOutcome } from '../support/expect-response.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceApp, governanceDir } from '../support/governance-app.js';
import { SERVICE } from '../support/hook-requests.js';
import { scratchDatabase, testDatabase, waitFor } from '../support/postgres.js';
import { TEST_NOW } from '../support/test-app.js';

// Two service instances on one real PostgreSQL database (a database of this test's own, migrated by the instances
// themselves), as behind a load balancer: the card is sent by A and still in A's write queue when its feedback
// reaches B. B retries the lookup for the ledger's flush interval, finds the card once A has written it, and stores
// the feedback; a card nobody sent is still refused after the retries.

const PV = SERVICE['patient-view'];
const REASONS = 'https://leg-cramps-cds.example.org/topics/override-reasons';
const FLUSH_MS = '1500';

const hookBody = (): Record<string, unknown> => ({ ...(loadRequestFixture('patient-view-cramps-no-labs.json') as object), hookInstance: randomUUID() });
const override = (card: string) => ({
  feedback: [{ card, outcome: 'overridden', overrideReason: { reason: { system: REASONS, code: 'diagnosis-clarified' } }, outcomeTimestamp: TEST_NOW.toISOString() }],
});

type Replica = Awaited<ReturnType<typeof governanceApp>>;

/** Two replicas with `env` on a scratch database they migrate themselves; `work` runs once both are ready. */
async function onTwoReplicas(prefix: string, env: NodeJS.ProcessEnv, work: (a: Replica, b: Replica) => Promise<void>): Promise<void> {
  const scratch = await scratchDatabase(prefix);
  const place = governanceDir();
  const databases: PostgresDatabase[] = [testDatabase({ url: scratch.url }), testDatabase({ url: scratch.url })];
  const [dbA, dbB] = databases as [PostgresDatabase, PostgresDatabase];
  const a = await governanceApp(place.file, env, TEST_NOW, { database: dbA });
  const b = await governanceApp(place.file, env, TEST_NOW, { database: dbB });
  try {
    await waitFor('both replicas to migrate the database', () => dbA.isReady() && dbB.isReady());
    expect([a.governance.store.dialect, b.governance.store.dialect]).toEqual(['postgres', 'postgres']);
    await work(a, b);
  } finally {
    await a.governance.close();
    await b.governance.close();
    await Promise.all(databases.map((db) => db.close()));
    await scratch.drop();
    place.remove();
  }
}

test('feedback reaching another replica before the card was written there is stored; an unknown card still gets a 404', () =>
  onTwoReplicas('gov_replicas', { CDS_LEDGER_FLUSH_MS: FLUSH_MS }, async (a, b) => {

    const cards: readonly CdsCard[] = expectCdsResponse(await request(a.app).post(`/cds-services/${PV}`).send(hookBody())).cards;
    const leaning = cards.find((c) => c.source.topic.code === 'cramp-vs-rls');
    if (!leaning) throw new Error('fixture lost its cramp-vs-rls card');
    // Sent by A, queued at A: B cannot see it yet.
    expect(a.governance.feedback.writer.pending(leaning.uuid)?.topic).toBe('cramp-vs-rls');
    expect(b.governance.feedback.writer.pending(leaning.uuid)).toBeUndefined();

    const res = await request(b.app).post(`/cds-services/${PV}/feedback`).send(override(leaning.uuid));
    expect([res.status, res.text]).toEqual([204, '']);
    const rows = await a.governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000));
    expect(rows.filter((r) => r.outcome !== undefined).map((r) => [r.cardUuid, r.outcome, r.reasonCode])).toEqual([[leaning.uuid, 'overridden', 'diagnosis-clarified']]);

    expectOutcome(await request(b.app).post(`/cds-services/${PV}/feedback`).send(override(randomUUID())), 404, 'feedback[0].card');
  }));

// Each replica holds suppressions in memory (src/governance/suppression-index.ts): the replica that stored the
// override holds the topic back at once; the other reads it on its next refresh (every CDS_SUPPRESSION_REFRESH_MS),
// not by a read of its own. The test waits for that refresh; it asserts no duration.
test('a suppression armed through one replica holds the card back there at once, and on the other after its refresh', () =>
  onTwoReplicas('gov_replica_supp', { CDS_SUPPRESSION_REFRESH_MS: '100' }, async (a, b) => {
    const topicsAt = async (app: Replica['app']): Promise<string[]> =>
      expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(hookBody())).cards.map((c) => c.source.topic.code);
    // Both indexes loaded (empty) before the override: what A holds back later it can only have read on a refresh.
    await waitFor('both suppression indexes to load', async () => (await a.governance.feedback.suppressions?.refresh()) === true && (await b.governance.feedback.suppressions?.refresh()) === true);
    const cards: readonly CdsCard[] = expectCdsResponse(await request(a.app).post(`/cds-services/${PV}`).send(hookBody())).cards;
    const leaning = cards.find((c) => c.source.topic.code === 'cramp-vs-rls');
    if (!leaning) throw new Error('fixture lost its cramp-vs-rls card');
    expect(await topicsAt(b.app)).toContain('cramp-vs-rls');

    // The override reaches B; B holds the topic back on its very next call.
    expect((await request(b.app).post(`/cds-services/${PV}/feedback`).send(override(leaning.uuid))).status).toBe(204);
    expect(await topicsAt(b.app)).not.toContain('cramp-vs-rls');
    // A, which sent the card, holds it back once its index has read B's suppression (its own timer, no call here).
    await waitFor("A's index to read B's suppression", () => (a.governance.feedback.suppressions?.size() ?? 0) === 1);
    const fromA = await topicsAt(a.app);
    expect(fromA).not.toContain('cramp-vs-rls');
    expect(fromA.length).toBe(cards.length - 1);
  }));
