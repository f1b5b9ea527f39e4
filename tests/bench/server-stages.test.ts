import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scrapeStageTotals, stageMeansBetween, stageTotalsOf } from '../../bench/server-stages.js';
import { isValidCdsResponse, responseErrors } from '../../src/cards/validate-response.js';
import { sampleLine } from '../support/metrics-scrape.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

// The benchmark's reading of the service's own stage timings (bench/server-stages.ts): its arithmetic on scrapes
// written here in prom-client's format, then on the real service process as `npm run bench` starts it. No duration is
// compared with a number: only which stages ran, for how many calls, and that a call holds its stages.

const PV = { service: 'leg-cramps-patient-view', hook: 'patient-view', route: '/cds-services/:id' } as const;
const OS = { service: 'leg-cramps-order-select', hook: 'order-select', route: '/cds-services/:id' } as const;
const SCRAPES = { service: 'none', hook: 'none', route: '/metrics' } as const;

/** A histogram as prom-client writes it: buckets (the last `+Inf`), then sum and count, labels in declared order. */
function histogram(name: string, labels: Readonly<Record<string, string>>, sum: number, count: number): string[] {
  return [
    sampleLine(`${name}_bucket`, { le: '0.001', ...labels }, count),
    sampleLine(`${name}_bucket`, { le: '+Inf', ...labels }, count),
    sampleLine(`${name}_sum`, labels, sum),
    sampleLine(`${name}_count`, labels, count),
  ];
}
const request = (where: typeof PV | typeof OS | typeof SCRAPES, status: string, sum: number, count: number): string[] =>
  histogram('cds_request_duration_seconds', { service: where.service, hook: where.hook, status, route: where.route }, sum, count);
const stage = (name: string, sum: number, count: number): string[] => histogram('cds_stage_duration_seconds', { stage: name }, sum, count);

describe('stageTotalsOf and stageMeansBetween', () => {
  const scrape = (...parts: string[][]): string => ['# HELP cds_stage_duration_seconds …', '# TYPE cds_stage_duration_seconds histogram', ...parts.flat()].join('\n');

  it('sums the sum and count lines of each stage and of answered hook calls of every service, buckets left out', () => {
    const text = scrape(stage('validate', 0.5, 10), stage('bogus', 4, 4), request(PV, '200', 0.02, 8), request(OS, '200', 0.04, 2), request(PV, '412', 9, 3), request(SCRAPES, '200', 7, 5));
    expect(stageTotalsOf(text)).toEqual({ stages: { validate: { sum: 0.5, count: 10 } }, answered: { sum: 0.06, count: 10 } });
  });

  it('reads labels by name, in any order and with escaped quotes in their values', () => {
    const text = [
      'cds_request_duration_seconds_sum{status="200",route="/cds-services/:id",hook="patient-view",service="a\\"b"} 0.5',
      'cds_request_duration_seconds_count{status="200",route="/cds-services/:id",hook="patient-view",service="a\\"b"} 5',
      'cds_request_duration_seconds_count{service="x",hook="y",status="200",route="/cds-services/:id/feedback"} 7',
    ].join('\n');
    expect(stageTotalsOf(text)).toEqual({ stages: {}, answered: { sum: 0.5, count: 5 } });
  });

  it("takes each stage's mean over its own calls: a 412 after gather counts in gather, not in findings or the answered calls", () => {
    const before = stageTotalsOf(scrape(stage('gather', 1, 10), stage('findings', 2, 10), request(PV, '200', 3, 10)));
    // 4 more calls gathered (0.0008 s), 3 of them went on to findings (0.0006 s) and were answered (0.009 s); one 412.
    const after = stageTotalsOf(scrape(stage('gather', 1.0008, 14), stage('findings', 2.0006, 13), request(PV, '200', 3.009, 13), request(PV, '412', 0.001, 1)));
    expect(stageMeansBetween(before, after)).toEqual({ answered: 3, stagesUs: { gather: 200, findings: 200 }, requestUs: 3000 });
  });

  it('gives no stage and a zero request mean, not a division by zero, when nothing ran between the scrapes', () => {
    const same = stageTotalsOf(scrape(stage('validate', 0.5, 10), request(PV, '200', 1, 10)));
    expect(stageMeansBetween(same, same)).toEqual({ answered: 0, stagesUs: {}, requestUs: 0 });
  });
});

describe('scrapeStageTotals on the real service', () => {
  let service: ServiceProcess;
  let dir: string;
  const cramps = readFileSync(path.resolve('fixtures', 'requests', 'patient-view-cramps.json'), 'utf8');

  async function call(): Promise<void> {
    const res = await fetch(`${service.url}/cds-services/leg-cramps-patient-view`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: cramps });
    const body: unknown = await res.json();
    expect({ status: res.status, errors: isValidCdsResponse(body) ? [] : responseErrors(body) }).toEqual({ status: 200, errors: [] });
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bench-stages-'));
    service = await startService({ env: { CDS_GOVERNANCE_SQLITE_FILE: path.join(dir, 'governance.db'), CDS_DRAIN_MS: '0' } });
  });
  afterAll(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every stage a prefetch call runs, for the calls made between two scrapes only', async () => {
    await call();
    const before = await scrapeStageTotals(service.url);
    for (let i = 0; i < 3; i++) await call();
    const after = await scrapeStageTotals(service.url);
    if (!before || !after) throw new Error('the development service serves /metrics on its own port');
    expect({ answeredBefore: before.answered.count, answeredAfter: after.answered.count }).toEqual({ answeredBefore: 1, answeredAfter: 4 });
    const means = stageMeansBetween(before, after);
    // A development call carries no JWT, so `authenticate` does not run.
    expect({ answered: means.answered, stages: Object.keys(means.stagesUs) }).toEqual({ answered: 3, stages: ['validate', 'gather', 'findings', 'rules', 'governance', 'cards'] });
    // The stages run inside the request, so an answered call holds at least their sum.
    const stagesSum = Object.values(means.stagesUs).reduce((a, b) => a + b, 0);
    expect(means.requestUs).toBeGreaterThanOrEqual(stagesSum);
  });

  it('is undefined where the service does not serve /metrics on its own port (CDS_METRICS_PORT set)', async () => {
    const separate = await startService({ env: { CDS_GOVERNANCE_SQLITE_FILE: path.join(dir, 'separate.db'), CDS_METRICS_PORT: '0', CDS_DRAIN_MS: '0' } });
    try {
      await expect(scrapeStageTotals(separate.url)).resolves.toBeUndefined();
    } finally {
      await separate.stop();
    }
  });
});
