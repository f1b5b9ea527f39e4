import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidCdsResponse } from '../../src/cards/validate-response.js';
import { generateSigningKey, type SigningKey } from '../support/ehr-tokens.js';
import { SERVICE } from '../support/hook-requests.js';
import { sampleLine, samplesOf } from '../support/metrics-scrape.js';
import { logLines, startService, type ServiceProcess } from '../support/service-process.js';
import { productionEnv, signedHookCall, writeTrustFile } from '../support/signed-calls.js';

// The compiled service as a real process in production: `/metrics` on the separate CDS_METRICS_PORT listener
// (behind CDS_METRICS_TOKEN too), never on the service's port; prom-client's process metrics and the event-loop lag
// beside ours; the drain on SIGTERM closes the metrics listener as well; without token or port, not served at all.
// dimensions: CDS_METRICS_PORT (set, unset) · port asked (service, metrics) · token (none, right) · SIGTERM

const PV = SERVICE['patient-view'];
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

let key: SigningKey;

beforeAll(async () => {
  key = await generateSigningKey('ES384', 'metrics-port');
});

const baseEnv = (): NodeJS.ProcessEnv => ({
  ...productionEnv(writeTrustFile(key)),
  CDS_GOVERNANCE_SQLITE_FILE: join(mkdtempSync(join(tmpdir(), 'metrics-port-')), 'governance.db'),
  CDS_DRAIN_MS: '1500',
});

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function get(url: string, token?: string): Promise<{ status: number; type: string; text: string; challenge: string | null }> {
  const res = await fetch(url, { headers: token !== undefined ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), challenge: res.headers.get('www-authenticate') };
}

describe('CDS_METRICS_PORT and CDS_METRICS_TOKEN set', () => {
  let service: ServiceProcess;
  let metricsUrl: string;

  beforeAll(async () => {
    service = await startService({ env: { ...baseEnv(), CDS_METRICS_PORT: '0', CDS_METRICS_TOKEN: METRICS_TOKEN } });
    const listening = logLines(service).find((l) => l.msg === 'listening');
    expect(typeof listening?.metricsPort).toBe('number');
    expect(listening?.metricsPort).not.toBe(service.port);
    metricsUrl = `http://127.0.0.1:${String(listening?.metricsPort)}`;
  });
  afterAll(async () => {
    await service.stop('SIGKILL');
  });

  test('the service port answers 404 for /metrics, token or not', async () => {
    for (const token of [undefined, METRICS_TOKEN]) {
      const res = await get(`${service.url}/metrics`, token);
      expect({ status: res.status, type: res.type, resourceType: (JSON.parse(res.text) as { resourceType?: string }).resourceType }).toEqual({
        status: 404,
        type: 'application/fhir+json; charset=utf-8',
        resourceType: 'OperationOutcome',
      });
    }
  });

  test('the metrics port: 401 without the token, 200 with it; nothing else is served there', async () => {
    expect(await get(`${metricsUrl}/metrics`)).toEqual({ status: 401, type: '', text: '', challenge: 'Bearer' });
    expect((await get(`${metricsUrl}/metrics`, METRICS_TOKEN)).status).toBe(200);
    expect((await get(`${metricsUrl}/cds-services`, METRICS_TOKEN)).status).toBe(404);
    expect((await get(`${metricsUrl}/healthz`, METRICS_TOKEN)).status).toBe(404);
  });

  test('after a signed hook call the metrics port reports it, with the process metrics and the event-loop lag', async () => {
    const call = await signedHookCall(service.url, key);
    expect(call.status).toBe(200);
    expect(isValidCdsResponse(call.body)).toBe(true);
    const res = await get(`${metricsUrl}/metrics`, METRICS_TOKEN);
    expect([res.status, res.type]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    expect(samplesOf(res.text, 'cds_requests_total')).toContain(sampleLine('cds_requests_total', { service: PV, hook: 'patient-view', status: '200', route: '/cds-services/:id' }, 1));
    expect(samplesOf(res.text, 'cds_jwt_outcomes_total')).toEqual([sampleLine('cds_jwt_outcomes_total', { outcome: 'accepted', reason: 'none' }, 1)]);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
      expect({ name, samples: samplesOf(res.text, name).length }).toEqual({ name, samples: 1 });
    }
  });

  test('SIGTERM: scrapes are still answered in the drain window, then the metrics listener closes with the service listener, exit 0', async () => {
    const stopped = service.stop('SIGTERM');
    await until(() => logLines(service).some((l) => l.event === 'drain-started' && l.listener === 'metrics'));
    expect((await get(`${metricsUrl}/metrics`, METRICS_TOKEN)).status).toBe(200);
    const exit = await stopped;
    expect(exit).toEqual({ code: 0, signal: null });
    const closed = logLines(service).filter((l) => l.event === 'listener-closed').map((l) => l.listener).sort();
    expect(closed).toEqual(['metrics', 'service']);
    expect(logLines(service).find((l) => l.event === 'exiting')).toMatchObject({ drained: true, stepsOk: true });
    await expect(fetch(`${metricsUrl}/metrics`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});

describe('production with neither CDS_METRICS_TOKEN nor CDS_METRICS_PORT', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startService({ env: baseEnv() });
  });
  afterAll(async () => {
    await service.stop('SIGKILL');
  });

  test('/metrics is not served (404) and start-up says so', async () => {
    expect((await get(`${service.url}/metrics`)).status).toBe(404);
    expect(logLines(service).filter((l) => l.event === 'metrics-not-served')).toHaveLength(1);
    expect(logLines(service).find((l) => l.msg === 'listening')?.metricsPort).toBeUndefined();
  });
});
