import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applySiteConfig, summariseSiteConfig } from '../../src/site-config/apply-site-config.js';
import { loadSiteConfig } from '../../src/site-config/load-site-config.js';
import { SiteConfigError } from '../../src/site-config/site-config-error.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';

// CDS_SITE_CONFIG: what a site may change is checked against the shipped knowledge at start-up; every failure has a
// stable code and names the file and field. dimensions: file (missing · not JSON) · schema (misspelt key · wrong
// type · value out of range) · ids (unknown topic · unknown threshold) · unit (another spelling · another unit)

const knowledge = loadKnowledge('cds-services');
const dir = mkdtempSync(path.join(tmpdir(), 'site-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function siteFile(content: unknown): string {
  const file = path.join(dir, `site-${(n += 1)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
function failureOf(file: string): { code: string; field: string; message: string } {
  try {
    loadSiteConfig(file, knowledge);
  } catch (error) {
    if (error instanceof SiteConfigError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('loadSiteConfig accepted the file');
}

const failures = [
  { name: 'a misspelt key', content: { topic: { 'workup-labs': { enabled: false } } }, code: 'ERR_SITE_CONFIG_INVALID', field: 'topic' },
  { name: 'enabled as a string', content: { topics: { 'workup-labs': { enabled: 'no' } } }, code: 'ERR_SITE_CONFIG_INVALID', field: 'topics.workup-labs.enabled' },
  { name: 'a negative threshold', content: { thresholds: { 'tsh-high': { value: -1, unit: 'm[IU]/L' } } }, code: 'ERR_SITE_CONFIG_INVALID', field: 'thresholds.tsh-high.value' },
  { name: 'a look-back of 0 months', content: { lookbacks: { labLookbackMonths: 0 } }, code: 'ERR_SITE_CONFIG_INVALID', field: 'lookbacks.labLookbackMonths' },
  { name: 'a look-back a site may not change', content: { lookbacks: { pediatricAgeYears: 16 } }, code: 'ERR_SITE_CONFIG_INVALID', field: 'lookbacks.pediatricAgeYears' },
  { name: 'an unknown topic', content: { topics: { 'workup-lab': { enabled: false } } }, code: 'ERR_SITE_CONFIG_UNKNOWN_ID', field: 'topics.workup-lab' },
  { name: 'an unknown threshold', content: { thresholds: { 'tsh-hi': { value: 5, unit: 'm[IU]/L' } } }, code: 'ERR_SITE_CONFIG_UNKNOWN_ID', field: 'thresholds.tsh-hi' },
  { name: 'a threshold in another spelling of its unit', content: { thresholds: { 'ferritin-low': { value: 30, unit: 'ng/ml' } } }, code: 'ERR_SITE_CONFIG_UNIT', field: 'thresholds.ferritin-low.unit' },
  { name: 'a threshold in another unit', content: { thresholds: { 'potassium-low': { value: 3.4, unit: 'mg/dL' } } }, code: 'ERR_SITE_CONFIG_UNIT', field: 'thresholds.potassium-low.unit' },
  { name: 'a file that is not JSON', content: '{ "topics": ', code: 'ERR_SITE_CONFIG_UNREADABLE', field: '(file)' },
];

test.each(failures)('$name stops start-up with $code naming $field', ({ content, code, field }) => {
  const file = siteFile(content);
  const failure = failureOf(file);
  expect({ code: failure.code, field: failure.field }).toEqual({ code, field });
  expect(failure.message.startsWith(`${code}: ${file}: ${field}: `)).toBe(true);
});

test('a file that does not exist stops start-up with ERR_SITE_CONFIG_UNREADABLE', () => {
  expect(failureOf(path.join(dir, 'missing.json'))).toMatchObject({ code: 'ERR_SITE_CONFIG_UNREADABLE', field: '(file)' });
});

test('no CDS_SITE_CONFIG: the shipped knowledge, unchanged', () => {
  expect(applySiteConfig(knowledge, loadSiteConfig(undefined, knowledge))).toBe(knowledge);
});

test('a valid file: the topic runs on no hook, the threshold takes the value, the look-back is replaced; the shipped knowledge is untouched', () => {
  const content = { version: 'site-a 3', topics: { 'workup-labs': { enabled: false }, 'cramp-vs-rls': { enabled: true } }, thresholds: { 'tsh-high': { value: 4, unit: 'm[IU]/L', reason: 'local assay' } }, lookbacks: { labLookbackMonths: 18 } };
  const site = loadSiteConfig(siteFile(content), knowledge);
  const changed = applySiteConfig(knowledge, site);
  expect(changed.topics['workup-labs'].hooks).toEqual([]);
  expect(changed.topics['cramp-vs-rls']).toBe(knowledge.topics['cramp-vs-rls']);
  expect(changed.thresholds['tsh-high']).toEqual({ ...knowledge.thresholds['tsh-high'], value: 4 });
  expect(changed.labLookbackMonths).toBe(18);
  expect(changed.siteConfig?.version).toBe('site-a 3');
  expect(Object.isFrozen(changed) && Object.isFrozen(changed.thresholds)).toBe(true);
  expect(knowledge.topics['workup-labs'].hooks).toEqual(['patient-view']);
  expect(knowledge.thresholds['tsh-high']?.value).toBe(4.5);
  expect(site && summariseSiteConfig(site)).toMatchObject({ topicsOff: ['workup-labs'], thresholds: ['tsh-high'], lookbacks: ['labLookbackMonths'], sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
});
