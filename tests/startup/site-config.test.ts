import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { expectCdsResponse } from '../support/expect-response.js';
import { condition, icd10, loinc, observation } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE } from '../support/hook-requests.js';
import { logLines, MAIN, startService, type ServiceProcess } from '../support/service-process.js';
import { spawnSync } from 'node:child_process';

// CDS_SITE_CONFIG in the real service (`node dist/main.js`): a site switches a topic off and lowers a threshold
// without editing the shipped knowledge; a bad file stops start-up with its stable code, the file and the field.

const dir = mkdtempSync(path.join(tmpdir(), 'site-config-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: unknown): string => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
};

// Leg cramps and a TSH of 4.2 mIU/L ten days ago: in range for the shipped tsh-high (> 4.5), a near miss.
const PATIENT = 'pat-site';
const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
const chart = [
  { resourceType: 'Patient' as const, id: PATIENT },
  condition({ codes: [icd10('G47.62', 'Sleep related leg cramps')], patientId: PATIENT }),
  observation({ codes: [loinc('3016-3')], value: 4.2, unit: 'm[IU]/L', effectiveDateTime: tenDaysAgo, patientId: PATIENT }),
];
const body = hookRequest('patient-view', { patientId: PATIENT, prefetch: prefetchOf(chart, PATIENT) });

/** The `request` log lines, once the process has written the one of each call (it logs when the response finishes). */
async function requestLines(service: ServiceProcess, count: number): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 100; i += 1) {
    const lines = logLines(service).filter((l) => l.msg === 'request');
    if (lines.length >= count) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return logLines(service).filter((l) => l.msg === 'request');
}

async function topicsFrom(service: ServiceProcess): Promise<string[]> {
  const res = await request(service.url).post(`/cds-services/${SERVICE['patient-view']}`).send(body);
  return expectCdsResponse(res).cards.map((c) => c.source.topic?.code ?? '').sort();
}

test('a site config switching workup-labs off and lowering tsh-high to 4.0: the workup card goes, the TSH of 4.2 now fires', async () => {
  const siteFile = write('site.json', {
    version: 'hospital-a 2026-11',
    topics: { 'workup-labs': { enabled: false } },
    thresholds: { 'tsh-high': { value: 4, unit: 'm[IU]/L', reason: 'local assay reference interval' } },
  });
  const [shipped, site] = await Promise.all([startService(), startService({ env: { CDS_SITE_CONFIG: siteFile } })]);
  try {
    expect(await topicsFrom(shipped)).toEqual(['cramp-vs-rls', 'workup-labs']);
    expect(await topicsFrom(site)).toEqual(['cramp-vs-rls', 'secondary-causes']);
    const startLine = logLines(site).find((l) => l.event === 'site-config');
    expect(startLine?.siteConfig).toMatchObject({ file: siteFile, version: 'hospital-a 2026-11', topicsOff: ['workup-labs'], thresholds: ['tsh-high'], lookbacks: [] });
    const sha256 = (startLine?.siteConfig as { sha256?: string } | undefined)?.sha256 ?? '';
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await requestLines(site, 1)).map((l) => l.siteConfig)).toEqual([sha256.slice(0, 12)]);
    expect((await requestLines(shipped, 1)).map((l) => l.siteConfig)).toEqual([undefined]);
  } finally {
    await Promise.all([shipped.stop(), site.stop()]);
  }
});

const bad = [
  { name: 'an unknown topic', content: { topics: { 'workup-lab': { enabled: false } } }, expected: /ERR_SITE_CONFIG_UNKNOWN_ID: .*bad-1\.json: topics\.workup-lab: "workup-lab" is not a topic/ },
  { name: 'a threshold in the wrong unit', content: { thresholds: { 'tsh-high': { value: 4, unit: 'mIU/L' } } }, expected: /ERR_SITE_CONFIG_UNIT: .*bad-2\.json: thresholds\.tsh-high\.unit: "mIU\/L" is not m\[IU\]\/L/ },
  { name: 'a bad value', content: { lookbacks: { labLookbackMonths: 'twelve' } }, expected: /ERR_SITE_CONFIG_INVALID: .*bad-3\.json: lookbacks\.labLookbackMonths: must be integer/ },
];

test.each(bad.map((b, i) => ({ ...b, file: `bad-${i + 1}.json` })))('$name stops start-up (exit 1) naming the code, file and field', ({ content, file, expected }) => {
  const run = spawnSync(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', CDS_SITE_CONFIG: write(file, content) },
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^start-up failed: /);
  expect(run.stderr).toMatch(expected);
});
