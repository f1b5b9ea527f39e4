import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import { buildReport, type GovernanceReport } from '../../src/governance/report.js';
import { expectCdsResponse, expectOutcome, topicsOf } from '../support/expect-response.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceApp, governanceDir } from '../support/governance-app.js';
import { SERVICE } from '../support/hook-requests.js';
import { scrape } from '../support/metrics-scrape.js';
import { realKnowledge, TEST_NOW } from '../support/test-app.js';

// Issue 10, "What it must show", second bullet, over real HTTP with the real pipeline and a real SQLite ledger:
// feedback checked against the cards actually sent, stored once, suppression for the same patient only, and the
// report after a restart on the same database.

const PV = SERVICE['patient-view'];
const REASONS = 'https://leg-cramps-cds.example.org/topics/override-reasons';
const FIXTURE = 'patient-view-cramps-no-labs.json';

/** The fixture call, for its own patient or, with `patientId`, for another one (every id in it rewritten). */
function call(patientId?: string): Record<string, unknown> {
  const base = loadRequestFixture(FIXTURE) as Record<string, unknown>;
  const text = patientId ? JSON.stringify(base).split('fx-cramps-no-labs').join(patientId) : JSON.stringify(base);
  return { ...(JSON.parse(text) as Record<string, unknown>), hookInstance: randomUUID() };
}

const at = (seconds: number): string => new Date(TEST_NOW.getTime() + seconds * 1000).toISOString();

test('feedback is checked against the cards sent and stored once; a suppressing override holds the topic back for that patient only; the report survives a restart', async () => {
  const place = governanceDir();
  try {
    const first = await governanceApp(place.file);
    const { app } = first;
    const cards = expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(call())).cards;
    expect(topicsOf(cards)).toEqual(expect.arrayContaining(['cramp-vs-rls', 'workup-labs']));
    const byTopic = new Map(cards.map((c) => [c.source.topic.code, c]));
    const workup = byTopic.get('workup-labs');
    const leaning = byTopic.get('cramp-vs-rls');
    const suggestion = workup?.suggestions?.[0]?.uuid ?? 'missing';
    if (!workup || !leaning) throw new Error('fixture lost its cards');
    expect(leaning.overrideReasons?.map((r) => [r.system, r.code])).toEqual([[REASONS, 'diagnosis-clarified']]);

    // Another card of the same topic (another call, another patient): its suggestion is not this card's.
    const otherCall = expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(call('fx-cramps-no-labs-third'))).cards;
    const otherSuggestion = otherCall.find((c) => c.source.topic.code === 'workup-labs')?.suggestions?.[0]?.uuid ?? 'missing';

    const post = (serviceId: string, feedback: readonly Record<string, unknown>[]) => request(app).post(`/cds-services/${serviceId}/feedback`).send({ feedback });
    const accepted = { card: workup.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: suggestion }], outcomeTimestamp: at(60) };
    const overridden = {
      card: leaning.uuid,
      outcome: 'overridden',
      overrideReason: { reason: { system: REASONS, code: 'diagnosis-clarified' }, userComment: 'asked the patient' },
      outcomeTimestamp: at(65),
    };

    // Refused, each with an OperationOutcome naming the field: nothing of these is stored.
    expectOutcome(await post(PV, [{ ...accepted, card: randomUUID() }]), 404, 'feedback[0].card');
    expectOutcome(await post(PV, [{ ...accepted, acceptedSuggestions: [{ id: otherSuggestion }] }]), 400, 'feedback[0].acceptedSuggestions[0].id');
    expectOutcome(await post(PV, [{ ...accepted, acceptedSuggestions: [{ id: suggestion }, { id: randomUUID() }] }]), 400, 'feedback[0].acceptedSuggestions[1].id');
    expectOutcome(await post(PV, [{ ...overridden, overrideReason: { reason: { system: REASONS, code: 'done-elsewhere' } } }]), 400, 'feedback[0].overrideReason.reason');
    expectOutcome(await post(SERVICE['order-sign'], [accepted]), 404, 'feedback[0].card');

    // Stored (the cards may still be in the write queue), and a repeat is the same answer, stored once.
    expect((await post(PV, [accepted, overridden])).status).toBe(204);
    // The comment is stored (the admin page shows it), never logged nor exposed in the metrics.
    expect((await first.governance.store.comments(new Date(0), new Date(TEST_NOW.getTime() + 1000))).map((c) => [c.cardUuid, c.comment])).toEqual([[leaning.uuid, 'asked the patient']]);
    expect(first.logText()).not.toContain('asked the patient');
    expect(await scrape(app)).not.toContain('asked the patient');
    expect((await post(PV, [overridden])).status).toBe(204);
    const stored = await first.governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000));
    expect(stored.filter((r) => r.outcome !== undefined).map((r) => [r.cardUuid, r.outcome, r.reasonCode ?? null]).sort()).toEqual(
      [
        [workup.uuid, 'accepted', null],
        [leaning.uuid, 'overridden', 'diagnosis-clarified'],
      ].sort(),
    );

    // Same patient: the leaning is held back (and logged as such); another patient still gets it.
    const again = expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(call())).cards;
    expect(topicsOf(again)).toEqual(topicsOf(cards).filter((t) => t !== 'cramp-vs-rls'));
    const line = first.logLines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request' && l.route === `/cds-services/:id`).at(-1);
    expect(line?.suppressed).toBe(1);
    const other = expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(call('fx-cramps-no-labs-other'))).cards;
    expect(topicsOf(other)).toEqual(topicsOf(cards));

    // The report before the restart, from the running service's own store.
    const since = new Date(TEST_NOW.getTime() - 86_400_000);
    const until = new Date(TEST_NOW.getTime() + 86_400_000);
    await first.governance.flush();
    const before = await buildReport(first.governance.store, since, until);
    await first.governance.close();
    const lineOf = (report: GovernanceReport, topic: string) => report.lines.find((l) => l.serviceId === PV && l.topic === topic);
    // Rates against cards shown: cramp-vs-rls went to three calls (and was held back from one), workup-labs to four.
    expect(lineOf(before, 'cramp-vs-rls')).toEqual({
      serviceId: PV,
      topic: 'cramp-vs-rls',
      knowledgeVersion: realKnowledge().version,
      shown: 3,
      suppressed: 1,
      accepted: 0,
      overriddenWithReason: 1,
      overriddenWithoutReason: 0,
      noFeedback: 2,
      rates: { accepted: 0, overriddenWithReason: 0.333, overriddenWithoutReason: 0, noFeedback: 0.667 },
      topOverrideReasons: [{ code: 'diagnosis-clarified', count: 1 }],
      medianMinutesToFeedback: 1.1,
    });
    expect(lineOf(before, 'workup-labs')).toMatchObject({ shown: 4, suppressed: 0, accepted: 1, overriddenWithReason: 0, noFeedback: 3, rates: { accepted: 0.25 }, medianMinutesToFeedback: 1 });

    // A restart on the same database: the repeated feedback is still the same answer and stored once, and the
    // report CLI (a real process, as `npm run governance:report` runs it) shows the same counts.
    const restarted = await governanceApp(place.file);
    expect((await request(restarted.app).post(`/cds-services/${PV}/feedback`).send({ feedback: [overridden] })).status).toBe(204);
    const after = await restarted.governance.store.reportRows(new Date(0), until);
    expect(after.filter((r) => r.outcome !== undefined)).toHaveLength(2);
    await restarted.governance.close();
    const cli = await promisify(execFile)(process.execPath, ['dist/cli/governance-report.js', '--since', since.toISOString(), '--until', until.toISOString(), '--json'], {
      env: { PATH: process.env.PATH, CDS_GOVERNANCE_SQLITE_FILE: place.file },
    });
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(before)));
  } finally {
    place.remove();
  }
});
