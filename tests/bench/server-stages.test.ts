import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scrapeStageTotals, stageMeansBetween, stageTotalsOf } from '../../bench/server-stages.js';
import { isValidCdsResponse, responseErrors } from '../../src/cards/validate-response.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

// The benchmark's reading of the service's own stage timings (bench/server-stages.ts): its arithmetic on a scrape
// written out here, then against the real service process as `npm run bench` starts it. No timing is asserted.

const scrapeText = (validateSum: number, calls: number, extra = ''): string =>
  [
    '# HELP cds_stage_duration_seconds Time each stage of a hook call took',
    '# TYPE cds_stage_duration_seconds histogram',
    'cds_stage_duration_seconds_bucket{le="0.00005",stage="validate"} 1',
    `cds_stage_duration_seconds_sum{stage="validate"} ${validateSum}`,
    `cds_stage_duration_seconds_count{stage="validate"} ${calls}`,
    `cds_request_duration_seconds_sum{service="leg-cramps-patient-view",hook="patient-view",status="200",route="/cds-services/:id"} ${calls * 0.002}`,
    `cds_request_duration_seconds_count{service="leg-cramps-patient-view",hook="patient-view",status="200",route="/cds-services/:id"} ${calls}`,
    `cds_request_duration_seconds_sum{service="leg-cramps-order-select",hook="order-select",status="200",route="/cds-services/:id"} ${calls * 0.004}`,
    `cds_request_duration_seconds_count{service="leg-cramps-order-select",hook="order-select",status="200",route="/cds-services/:id"} ${calls}`,
    'cds_request_duration_seconds_sum{service="leg-cramps-patient-view",hook="patient-view",status="412",route="/cds-services/:id"} 9',
    'cds_request_duration_seconds_count{service="leg-cramps-patient-view",hook="patient-view",status="412",route="/cds-services/:id"} 3',
    'cds_request_duration_seconds_sum{service="none",hook="none",status="200",route="/metrics"} 7',
    'cds_request_duration_seconds_count{service="none",hook="none",status="200",route="/metrics"} 5',
    extra,
  ].join('\n');

describe('stageTotalsOf and stageMeansBetween', () => {
  it('sums the stage histograms and the answered hook calls of every service, leaving out errors and other routes', () => {
    expect(stageTotalsOf(scrapeText(0.5, 10, 'cds_stage_duration_seconds_sum{stage="bogus"} 4'))).toEqual({
      stages: { validate: { sum: 0.5, count: 10 } },
      hookCalls: { sum: 0.06, count: 20 },
    });
  });

  it('gives mean µs per answered call between two scrapes, and no entry for a stage that did not run', () => {
    const means = stageMeansBetween(stageTotalsOf(scrapeText(0.5, 10)), stageTotalsOf(scrapeText(0.5 + 0.0008, 12)));
    // 4 more answered calls (2 per service): 0.8 ms of validate is 200 µs per call; 0.012 s of requests, 3000 µs.
    expect(means).toEqual({ calls: 4, stagesUs: { validate: 200 }, requestUs: 3000 });
  });

  it('gives zeros, not a division by zero, when no call was answered between the scrapes', () => {
    const same = stageTotalsOf(scrapeText(0.5, 10));
    expect(stageMeansBetween(same, same)).toEqual({ calls: 0, stagesUs: {}, requestUs: 0 });
  });
});

describe('scrapeStageTotals on the real service', () => {
  let service: ServiceProcess;
  const cramps = readFileSync(path.resolve('fixtures', 'requests', 'patient-view-cramps.json'), 'utf8');

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-stages-'));
    service = await startService({ env: { CDS_GOVERNANCE_SQLITE_FILE: path.join(dir, 'governance.db'), CDS_DRAIN_MS: '0' } });
  });
  afterAll(async () => {
    await service.stop();
  });

  it('reads every stage a prefetch call runs, for exactly the calls made between two scrapes', async () => {
    const before = await scrapeStageTotals(service.url);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${service.url}/cds-services/leg-cramps-patient-view`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: cramps });
      const body: unknown = await res.json();
      expect({ status: res.status, errors: isValidCdsResponse(body) ? [] : responseErrors(body) }).toEqual({ status: 200, errors: [] });
    }
    const after = await scrapeStageTotals(service.url);
    if (!before || !after) throw new Error('the development service serves /metrics');
    const means = stageMeansBetween(before, after);
    // A development call carries no JWT, so `authenticate` does not run; the prefetch is complete, so gather asks nothing.
    expect({ calls: means.calls, stages: Object.keys(means.stagesUs) }).toEqual({ calls: 3, stages: ['validate', 'gather', 'findings', 'rules', 'governance', 'cards'] });
    const stagesSum = Object.values(means.stagesUs).reduce((a, b) => a + b, 0);
    expect(means.requestUs).toBeGreaterThanOrEqual(stagesSum);
  });

  it('is undefined where the service does not serve /metrics on its own port (CDS_METRICS_PORT set)', async () => {
    const separate = await startService({ env: { CDS_METRICS_PORT: '0', CDS_DRAIN_MS: '0' } });
    try {
      await expect(scrapeStageTotals(separate.url)).resolves.toBeUndefined();
    } finally {
      await separate.stop();
    }
  });
});
