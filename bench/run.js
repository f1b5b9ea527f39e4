// Benchmark: the patient-view pipeline against a bare Express server parsing the same body.
// Loopback only, bounded in time. Usage: npm run bench [-- --seconds 5 --connections 10]
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import express from 'express';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';
import { loadServiceRegistry } from '../dist/hooks/service-registry.js';
import { loadKnowledge } from '../dist/knowledge/load-knowledge.js';
import { createLogger } from '../dist/log.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' } } });
const duration = Math.min(Number(values.seconds), 30);
const connections = Math.min(Number(values.connections), 100);

/** The largest Synthea patient as full prefetch, plus one leg-cramp Condition so every rule runs. */
function benchBody() {
  const dir = path.resolve('fixtures', 'synthea');
  const file = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().find((f) => f.startsWith('Donnell')) ?? 'missing';
  const resources = JSON.parse(readFileSync(path.join(dir, file), 'utf8')).entry.map((e) => e.resource);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const of = (type) => resources.filter((r) => r.resourceType === type);
  const bundle = (rs) => ({ resourceType: 'Bundle', type: 'searchset', entry: rs.map((resource) => ({ resource })) });
  const cramp = {
    resourceType: 'Condition', id: 'bench-cramp', subject: { reference: `Patient/${patient.id}` },
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G47.62' }] },
  };
  return JSON.stringify({
    hook: 'patient-view',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context: { userId: 'Practitioner/bench', patientId: patient.id },
    prefetch: {
      patient,
      conditions: bundle([...of('Condition'), cramp]),
      medicationStatements: bundle([]),
      medicationRequests: bundle(of('MedicationRequest')),
      ferritin: bundle([]), thyroid: bundle([]),
      glucose: bundle(of('Observation')), renal: bundle([]), electrolytes: bundle([]),
    },
  });
}

function listen(app) {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function measure(name, url, body) {
  const result = await autocannon({ url, method: 'POST', connections, duration, body, headers: { 'content-type': 'application/json' } });
  const ok = result['2xx'];
  const row = { name, requests: result.requests.total, ok, non2xx: result.non2xx, rps: Math.round(result.requests.average), p50ms: result.latency.p50, p97_5ms: result.latency.p97_5, p99ms: result.latency.p99 };
  console.log(JSON.stringify(row));
  return row;
}

const body = benchBody();
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const log = createLogger('silent');
const ours = createApp({
  config, log,
  knowledge: loadKnowledge(config.knowledgeDir),
  services: loadServiceRegistry(config.knowledgeDir),
  fhirServerPolicy: () => false,
});
const bare = express();
bare.post('/cds-services/leg-cramps-patient-view', express.json({ limit: '5mb' }), (_req, res) => { res.json({ cards: [] }); });

const [s1, s2] = await Promise.all([listen(ours), listen(bare)]);
console.log(`body ${(body.length / 1024).toFixed(0)} KiB, ${connections} connections, ${duration}s each`);
const baseline = await measure('bare express + JSON parse', `http://127.0.0.1:${s2.address().port}/cds-services/leg-cramps-patient-view`, body);
const service = await measure('leg-cramps patient-view', `http://127.0.0.1:${s1.address().port}/cds-services/leg-cramps-patient-view`, body);
console.log(JSON.stringify({ throughputRatio: +(service.rps / baseline.rps).toFixed(2), addedP50ms: +(service.p50ms - baseline.p50ms).toFixed(2) }));
s1.close(); s2.close();
if (service.non2xx > 0) process.exitCode = 1;
