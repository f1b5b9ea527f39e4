import express from 'express';
import { createFhirApp } from '../src/fhir-server/fhir-app.js';
import { createFhirStore } from '../src/fhir-server/fhir-store.js';
import { benchPatients } from './bodies.js';

/**
 * The local FHIR server of `npm run fhir` (src/fhir-server) serving one bench patient (dates shifted as in
 * bench/bodies.ts), each answer held back `DELAY_MS`, counting waves: a request arriving more than half the delay
 * after the first request of the current wave starts a new one (requests sent together arrive together).
 * `GET /__bench/waves` returns and resets the counts. Usage: PORT=… DELAY_MS=50 PATIENT=<name> node …
 *
 * Each answer is computed once and then replayed for the same request (the record does not change during a run):
 * medplum's in-memory search costs about 3.5 ms of CPU per search for a bench patient, and this one process serves a
 * call's 15 parallel searches one after the other, so without the replay the FHIR server's own CPU (≈ 50 ms per
 * call, measured with CPU time per call) added a second "delay" to every call that a FHIR server answering
 * concurrent requests in parallel does not have. With the replay an answer leaves `DELAY_MS` after it arrived.
 */
const delayMs = Number(process.env.DELAY_MS ?? '50');
const patient = benchPatients(new Date()).find((p) => p.name === process.env.PATIENT);
if (!patient) throw new Error(`no bench patient ${process.env.PATIENT ?? ''}`);
const store = await createFhirStore([{ patientId: patient.patientId, resources: patient.resources }]);
const port = Number(process.env.PORT);
const base = `http://127.0.0.1:${port}`;
const resourceTypes = [...new Set(patient.resources.map((r) => r.resourceType))];
const fhir = createFhirApp(store, { fallbackBase: () => base, startedAt: new Date().toISOString(), resourceTypes });

let requests = 0;
let waves = 0;
let waveStartedAt = -Infinity;
const app = express();
app.get('/__bench/waves', (_req, res) => {
  res.json({ requests, waves });
  requests = 0;
  waves = 0;
  waveStartedAt = -Infinity;
});
/** Answers already computed, by method, Host (paging links name it) and URL. */
const answers = new Map<string, { readonly status: number; readonly type: string; readonly body: string }>();
app.use((req, res, next) => {
  const now = performance.now();
  requests += 1;
  if (now - waveStartedAt > delayMs / 2) {
    waves += 1;
    waveStartedAt = now;
  }
  const key = `${req.method} ${req.headers.host ?? ''} ${req.originalUrl}`;
  const known = req.method === 'GET' ? answers.get(key) : undefined;
  setTimeout(() => {
    if (known) {
      res.status(known.status).type(known.type).send(known.body);
      return;
    }
    const send = res.send.bind(res);
    res.send = ((body: unknown) => {
      if (req.method === 'GET' && typeof body === 'string') answers.set(key, { status: res.statusCode, type: String(res.get('content-type')), body });
      return send(body);
    }) as typeof res.send;
    next();
  }, delayMs);
});
app.use(fhir);
const server = app.listen(port, '127.0.0.1');
server.keepAliveTimeout = 65_000;
process.once('SIGTERM', () => server.close(() => process.exit(0)));
