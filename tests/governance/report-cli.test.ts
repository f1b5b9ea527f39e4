import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { GovernanceReport } from '../../src/governance/report.js';
import type { LedgerEntry } from '../../src/storage/governance-store.js';
import { openSqliteStore } from '../../src/storage/open-store.js';
import { governanceDir } from '../support/governance-app.js';

// The compiled report CLI (`npm run governance:report` runs it) as a real process on a real SQLite database:
// buckets and rates against cards shown, top reasons, median time, the silent-topic warning, and no comments.

const run = promisify(execFile);
const day = (d: string): Date => new Date(`${d}T12:00:00Z`);

function card(topic: string, sentAt: Date, suppressed = false): LedgerEntry {
  return {
    cardUuid: randomUUID(), suggestionUuids: [], serviceId: 'leg-cramps-patient-view', hook: 'patient-view', topic, indicator: 'info',
    hookInstance: randomUUID(), issuer: '', tenant: '', patientHash: 'p', conceptHashes: [], overrideReasons: ['done-elsewhere'],
    suppressed, sentAt, knowledgeVersion: '2.1.0',
  };
}

test('the report counts buckets against cards shown, names the top reasons, warns of a silent topic, and never prints comments', async () => {
  const place = governanceDir();
  try {
    const store = await openSqliteStore(place.file);
    const shown = [card('workup-labs', day('2026-03-02')), card('workup-labs', day('2026-03-03')), card('workup-labs', day('2026-03-04')), card('workup-labs', day('2026-03-05'))];
    await store.writeLedger([...shown, card('workup-labs', day('2026-03-06'), true), card('iron-deficiency', day('2026-02-10'))]);
    const fb = (c: LedgerEntry, outcome: 'accepted' | 'overridden', minutes: number, code?: string, comment?: string) => ({
      key: randomUUID(), cardUuid: c.cardUuid, serviceId: c.serviceId, outcome, acceptedSuggestions: [],
      ...(code ? { reason: { system: 's', code } } : {}), outcomeAt: new Date(c.sentAt.getTime() + minutes * 60_000), receivedAt: c.sentAt,
      ...(comment ? { comment } : {}),
    });
    const [a, b, c] = shown as [LedgerEntry, LedgerEntry, LedgerEntry];
    await store.saveFeedback([fb(a, 'accepted', 2), fb(b, 'overridden', 4, 'done-elsewhere', 'SECRET COMMENT'), fb(c, 'overridden', 10)]);
    await store.close();

    const env = { PATH: process.env.PATH, CDS_GOVERNANCE_SQLITE_FILE: place.file };
    const json = await run(process.execPath, ['dist/cli/governance-report.js', '--since', '2026-03-01', '--until', '2026-04-01', '--json'], { env });
    const report = JSON.parse(json.stdout) as GovernanceReport;
    expect(report.lines).toEqual([
      {
        serviceId: 'leg-cramps-patient-view', topic: 'workup-labs', knowledgeVersion: '2.1.0',
        shown: 4, suppressed: 1, accepted: 1, overriddenWithReason: 1, overriddenWithoutReason: 1, noFeedback: 1,
        rates: { accepted: 0.25, overriddenWithReason: 0.25, overriddenWithoutReason: 0.25, noFeedback: 0.25 },
        topOverrideReasons: [{ code: 'done-elsewhere', count: 1 }],
        medianMinutesToFeedback: 4,
      },
    ]);
    expect(report.silentTopics).toEqual([{ serviceId: 'leg-cramps-patient-view', topic: 'iron-deficiency', previousShown: 1 }]);

    const text = await run(process.execPath, ['dist/cli/governance-report.js', '--since', '2026-03-01', '--until', '2026-04-01'], { env });
    expect(text.stdout).toContain('accepted 1 (25.0%), overridden with reason 1 (25.0%), overridden without reason 1 (25.0%), no feedback 1 (25.0%)');
    expect(text.stdout).toContain('WARNING: leg-cramps-patient-view iron-deficiency fired 1 times in the previous period and not at all in this one');
    expect(`${json.stdout}${text.stdout}${text.stderr}`).not.toContain('SECRET');
  } finally {
    place.remove();
  }
});
