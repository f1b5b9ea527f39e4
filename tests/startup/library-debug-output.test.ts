import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { condition, medicationStatement } from '../support/fhir-builders.js';
import { medicationResource } from '../support/fhir-resources.js';
import { hookRequest, searchset, SERVICE } from '../support/hook-requests.js';
import { startService } from '../support/service-process.js';

// Logs hold only what the service chose. Libraries that write through the `debug` package print URLs (with the
// patient id), request headers (with the bearer token) and bodies to stderr when DEBUG names them; the service
// silences them whatever DEBUG says. A real process (nock cannot cross processes) calls a loopback FHIR server
// for every prefetch key, with a token, at the most verbose log level.

const TOKEN = 'ehr-token-5d1f0c7a9b3e';
const PATIENT = 'patient-77f3c1';

/** A loopback FHIR server: the patient, an RLS problem, a statement naming Medication/med-1, the Medication. */
function startFhirServer(seen: string[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers.authorization ?? '-'}`);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const resource =
      path === `/fhir/Patient/${PATIENT}`
        ? { resourceType: 'Patient', id: PATIENT }
        : path === '/fhir/Medication' && req.url?.endsWith('?_id=med-1&_count=1')
          ? searchset([medicationResource('med-1', '36437')])
          : path === '/fhir/Condition'
            ? searchset([condition({ id: 'c-1', patientId: PATIENT })])
            : path === '/fhir/MedicationStatement'
              ? searchset([medicationStatement({ id: 'ms-1', patientId: PATIENT, medicationReference: { reference: 'Medication/med-1' } })])
              : searchset([]);
    res.setHeader('content-type', 'application/fhir+json');
    res.end(JSON.stringify(resource));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('with DEBUG=* and LOG_LEVEL=trace, a call with FHIR fallback writes no library debug line, no token and no patient id', async () => {
  const seen: string[] = [];
  const fhir = await startFhirServer(seen);
  const fhirBase = `http://127.0.0.1:${(fhir.address() as AddressInfo).port}/fhir`;
  const service = await startService({ env: { DEBUG: '*', LOG_LEVEL: 'trace' } });
  try {
    const res = await fetch(`${service.url}/cds-services/${SERVICE['patient-view']}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hookRequest('patient-view', { patientId: PATIENT, fhirServer: fhirBase, accessToken: TOKEN })),
    });
    const body = (await res.json()) as { cards: { source: { topic: { code: string } } }[] };
    // The fallback really ran: every key was fetched with the token, and the Medication it named was read.
    expect(res.status).toBe(200);
    expect(body.cards.map((c) => c.source.topic.code)).toContain('rls-aggravating-drug');
    expect(seen).toContain(`GET /fhir/Medication?_id=med-1&_count=1 Bearer ${TOKEN}`);
    expect(seen.every((line) => line.endsWith(`Bearer ${TOKEN}`))).toBe(true);
  } finally {
    await service.stop();
    await new Promise<void>((resolve) => fhir.close(() => resolve()));
  }
  const output = service.stdout() + service.stderr();
  expect(service.stderr()).toBe('');
  expect(output).not.toContain(TOKEN);
  expect(output).not.toContain(PATIENT);
  expect(output).toContain('"msg":"request"');
});
