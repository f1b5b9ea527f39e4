import { isValidCdsResponse } from '../../../src/cards/validate-response.js';
import type { CdsResponse } from '../../../src/cards/card-types.js';
import { validHookBody } from '../../support/hostile-endpoints.js';
import { startLiveServer, type LiveServer, type RawResponse } from '../../support/hostile-http.js';
import { SERVICE, type TestHook } from '../../support/hook-requests.js';
import { testApp } from '../../support/test-app.js';

// A JSON `null` inside a resource (medicationReference: null, ingredient: [null], contained: [null], a null
// coding, a null reference) is skipped as missing, never a 500: the type guards of gather and findings check each
// nested element where they read it. Over real HTTP, on the chart of tests/support/hostile-endpoints.ts, which
// holds every resource type and element the pipeline reads.
// dimensions: where (every path inside every prefetch and draft-order resource; every array there) · what (null
// in place of the value; null inserted into the array) · named cases: which cards still follow from the rest

type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function edited(root: unknown, path: Path, edit: (parent: Record<string | number, unknown>, last: string | number) => void): unknown {
  const copy: unknown = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  edit(parent, path[path.length - 1] ?? '');
  return copy;
}

const valueAt = (root: unknown, path: Path): unknown => path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root);
const isInsideResource = (p: Path): boolean => (p[0] === 'prefetch' && p.length > 2) || (p[1] === 'draftOrders' && p.length > 4);

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer(testApp().app, 8);
});
afterAll(() => server.close());

const call = (hook: TestHook, body: unknown): Promise<RawResponse> =>
  server.send({ method: 'POST', path: `/cds-services/${SERVICE[hook]}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function topicsOf(res: RawResponse): string[] {
  const body = JSON.parse(res.text) as unknown;
  if (res.status !== 200 || !isValidCdsResponse(body)) throw new Error(`${res.status}: ${res.text.slice(0, 300)}`);
  return (body as CdsResponse).cards.map((c) => c.source.topic.code).sort();
}

/** Sends every edited body (8 at a time) and returns the labels of those that did not get a 200 or a 4xx. */
async function failures(hook: TestHook, bodies: readonly { label: string; body: unknown }[]): Promise<string[]> {
  const failed: string[] = [];
  for (let i = 0; i < bodies.length; i += 8) {
    await Promise.all(
      bodies.slice(i, i + 8).map(async ({ label, body }) => {
        const res = await call(hook, body);
        const ok = res.status === 200 ? isValidCdsResponse(JSON.parse(res.text)) : res.status >= 400 && res.status < 500;
        if (!ok) failed.push(`${label} → ${res.status}`);
      }),
    );
  }
  return failed;
}

// order-sign reads the whole prefetch and every draft order, so it walks every resource the pipeline reads.
const base = validHookBody('order-sign');
const insidePaths = pathsOf(base).filter(isInsideResource);

test('null in place of any value inside any resource answers 200 schema-valid or 4xx, never 5xx', async () => {
  expect(insidePaths.length).toBeGreaterThan(150);
  const bodies = insidePaths.map((path) => ({ label: `${path.join('.')} := null`, body: edited(base, path, (parent, last) => (parent[last] = null)) }));
  expect(await failures('order-sign', bodies)).toEqual([]);
});

test('null inserted into any array inside any resource answers 200 schema-valid or 4xx, never 5xx', async () => {
  const arrays = insidePaths.filter((path) => Array.isArray(valueAt(base, path)));
  expect(arrays.length).toBeGreaterThan(20);
  const bodies = arrays.map((path) => ({
    label: `${path.join('.')} += null`,
    body: edited(base, path, (parent, last) => (parent[last] = [null, ...(parent[last] as unknown[])])),
  }));
  expect(await failures('order-sign', bodies)).toEqual([]);
});

const MS = ['prefetch', 'medicationStatements', 'entry', 0, 'resource'];
const MS_REF = ['prefetch', 'medicationStatements', 'entry', 1, 'resource'];
const MED = ['prefetch', 'medicationRequests', 'entry', 1, 'resource'];
const RLS = ['prefetch', 'conditions', 'entry', 1, 'resource'];
const pv = validHookBody('patient-view');
const set = (path: Path, value: unknown): unknown => edited(pv, path, (parent, last) => (parent[last] = value));

// The unedited chart: RLS with sertraline (contained Medication), leg cramps with furosemide (Medication/<id>) and
// atorvastatin, ferritin 22 ng/mL, TSH 6.1 mIU/L.
const ALL = ['cramp-drug-culprit', 'cramp-vs-rls', 'iron-deficiency', 'rls-aggravating-drug', 'secondary-causes', 'workup-labs'];

test.each<{ name: string; body: () => unknown; topics: readonly string[] }>([
  { name: 'the unedited chart', body: () => pv, topics: ALL },
  { name: 'medicationReference: null drops that statement only (no sertraline → no RLS-aggravating card)', body: () => set([...MS, 'medicationReference'], null), topics: ALL.filter((t) => t !== 'rls-aggravating-drug') },
  { name: 'contained: [null] leaves the #reference unresolved', body: () => set([...MS, 'contained'], [null]), topics: ALL.filter((t) => t !== 'rls-aggravating-drug') },
  { name: 'contained: [null, Medication] still finds the Medication', body: () => set([...MS, 'contained'], [null, valueAt(pv, [...MS, 'contained', 0])]), topics: ALL },
  { name: 'ingredient: [null] on the Medication keeps its code', body: () => set([...MED, 'ingredient'], [null]), topics: ALL },
  { name: 'ingredient null inside the contained Medication keeps its code', body: () => set([...MS, 'contained', 0, 'ingredient'], [null, { itemCodeableConcept: null }, { itemReference: null }]), topics: ALL },
  { name: 'a null coding beside the RLS coding keeps the RLS problem', body: () => set([...RLS, 'code', 'coding'], [null, { system: null, code: null }, ...(valueAt(pv, [...RLS, 'code', 'coding']) as unknown[])]), topics: ALL },
  // Without a reference the documented drug-name fallback reads the display ("furosemide 40 MG").
  { name: 'a null reference on the statement of Medication/<id> leaves its display, still furosemide', body: () => set([...MS_REF, 'medicationReference', 'reference'], null), topics: ALL },
  { name: 'a null reference and a null display drop that statement, but the atorvastatin request stays a culprit', body: () => set([...MS_REF, 'medicationReference'], { reference: null, display: null }), topics: ALL },
  { name: 'null clinicalStatus and abatement read as absent: RLS stays active', body: () => set(RLS, { ...(valueAt(pv, RLS) as object), clinicalStatus: null, abatementDateTime: null }), topics: ALL },
])('$name', async ({ body, topics }) => {
  expect(topicsOf(await call('patient-view', body()))).toEqual([...topics].sort());
});
