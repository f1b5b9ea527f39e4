import fc from 'fast-check';
import type { Resource } from 'fhir/r4.js';
import { condition, cpt, icd10, medicationRequest, observation, rxnorm, serviceRequest } from './fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE, type TestHook } from './hook-requests.js';
import type { RawRequest } from './hostile-http.js';

/**
 * fast-check generators of malformed and hostile requests for every route of the app: wrong types, huge strings,
 * deep nesting, prototype-pollution keys, invalid UTF-8, truncated JSON, wrong content types and encodings,
 * empty bodies. Most start from a valid request and break one thing, so they get past the early checks.
 */

/** What a route is, which decides which success (if any) a hostile body may still earn. */
export type EndpointKind = 'service' | 'feedback' | 'discovery' | 'other';

/** A method and raw path; `hook` picks the valid request that hostile bodies are derived from. */
export interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly kind: EndpointKind;
  readonly hook: TestHook;
}

const HOOKS: readonly TestHook[] = ['patient-view', 'order-select', 'order-sign'];

/** Every service, every feedback route, discovery, and routes that do not exist or are malformed. */
export const ENDPOINTS: readonly Endpoint[] = [
  ...HOOKS.map((hook): Endpoint => ({ method: 'POST', path: `/cds-services/${SERVICE[hook]}`, kind: 'service', hook })),
  ...HOOKS.map((hook): Endpoint => ({ method: 'POST', path: `/cds-services/${SERVICE[hook]}/feedback`, kind: 'feedback', hook })),
  { method: 'GET', path: '/cds-services', kind: 'discovery', hook: 'patient-view' },
  ...[
    ['POST', '/cds-services'],
    ['DELETE', '/cds-services'],
    ['PUT', `/cds-services/${SERVICE['order-sign']}`],
    ['POST', '/cds-services/no-such-service'],
    ['POST', '/cds-services/no-such-service/feedback'],
    ['POST', `/cds-services/${SERVICE['patient-view']}/feedback/extra`],
    ['POST', '/cds-services/__proto__'],
    ['POST', '/cds-services/constructor/feedback'],
    ['POST', '/cds-services/%E0%A4%A'],
    ['POST', '/cds-services/%ZZ/feedback'],
    ['POST', '/cds-services/..%2F..%2Fetc%2Fpasswd'],
    ['GET', '/no-such-route'],
    ['POST', '/'],
  ].map(([method, path]): Endpoint => ({ method: method ?? 'POST', path: path ?? '/', kind: 'other', hook: 'order-select' })),
];

// Distinct ids so a mutation can land on any of them; the chart is unremarkable so valid requests stay quick.
const PATIENT = 'hostile-patient';
const drafts: Resource[] = [serviceRequest({ id: 'hostile-sr', patientId: PATIENT, codes: [cpt('95810')] })];
const chart: Resource[] = [
  { resourceType: 'Patient', id: PATIENT },
  condition({ id: 'hostile-c', patientId: PATIENT, codes: [icd10('I10', 'Essential hypertension')], onsetDateTime: '2020-01-01' }),
  medicationRequest({ id: 'hostile-mr', patientId: PATIENT, codes: [rxnorm('197361', 'Amlodipine 5 MG Oral Tablet')], authoredOn: '2026-01-01' }),
  observation({ id: 'hostile-o', patientId: PATIENT, value: 80, effectiveDateTime: '2026-06-01T00:00:00Z' }),
];

/** A valid call of the hook's service: full prefetch, draft orders and a selection (fixed hookInstance: reproducible). */
export function validHookBody(hook: TestHook): Record<string, unknown> {
  const body = hookRequest(hook, { patientId: PATIENT, prefetch: prefetchOf(chart, PATIENT), draftOrders: drafts });
  return { ...body, hookInstance: '2c5e8f4a-1b3d-4e6f-9a0b-c1d2e3f4a5b6' };
}

/** A valid feedback body (CDS Hooks 2.0 "Feedback"): one overridden card. */
export function validFeedbackBody(): Record<string, unknown> {
  return {
    feedback: [
      {
        card: '8f3c2b1a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        outcome: 'overridden',
        overrideReason: { reason: { system: 'http://example.org/reasons', code: 'not-relevant' }, userComment: 'no' },
        outcomeTimestamp: '2026-11-20T12:00:00Z',
      },
    ],
  };
}

/** The valid body hostile bodies for this endpoint start from. */
export const validBodyFor = (endpoint: Endpoint): Record<string, unknown> =>
  endpoint.kind === 'feedback' ? validFeedbackBody() : validHookBody(endpoint.hook);

const JSON_TYPE = { 'content-type': 'application/json' } as const;
const asJson = (label: string, body: string | Buffer | undefined): RawRequest & { label: string } => ({
  label,
  method: '',
  path: '',
  headers: JSON_TYPE,
  ...(body === undefined ? {} : { body }),
});

/** A hostile request without method and path (the endpoint adds them); `label` names the generator. */
export type HostileBody = RawRequest & { readonly label: string };

type Path = readonly (string | number)[];

/** Every path to a value inside `value` (objects and arrays walked), root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** A deep copy with the value at `path` replaced (or removed when `value` is `undefined`). */
function withValueAt(root: unknown, path: Path, value: unknown): unknown {
  const copy: unknown = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return copy;
}

const MARKER = '\u0001HOSTILE\u0001';
const markerKey = JSON.stringify(MARKER);

/** The valid body with a marker value at an object-valued or leaf path, stringified; `splice` replaces the marker. */
function spliced(base: unknown, path: Path, splice: string): string {
  return JSON.stringify(withValueAt(base, path, MARKER)).replace(markerKey, splice);
}

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, '', [], {}, 'Bundle', 'patient-view', '00000000-0000-0000-0000-000000000000'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant(undefined),
);

const pathIn = (base: unknown): fc.Arbitrary<Path> => fc.constantFrom(...pathsOf(base));

/** One field of a valid body replaced by a value of another type, or removed. */
const mutatedField = (base: unknown): fc.Arbitrary<HostileBody> =>
  fc.tuple(pathIn(base), wrongValue).map(([path, value]) => asJson(`field ${path.join('.')} := ${String(JSON.stringify(value)).slice(0, 40)}`, JSON.stringify(withValueAt(base, path, value))));

const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 10_000, max: 1_000_000 }), fc.constantFrom('x', 'é', '"', '\\', '\u0000', '\ud83d\ude00'))
  .map(([n, ch]) => ch.repeat(Math.ceil(n / ch.length)));

/** A string of up to ~1 MB as a field value, as a key, or as the whole body. */
const hugeBody = (base: unknown): fc.Arbitrary<HostileBody> =>
  fc.oneof(
    fc.tuple(pathIn(base), hugeString).map(([path, s]) => asJson(`huge string (${s.length}) at ${path.join('.')}`, JSON.stringify(withValueAt(base, path, s)))),
    hugeString.map((s) => asJson(`huge key (${s.length})`, JSON.stringify({ ...(base as object), [s]: 1 }))),
    hugeString.map((s) => asJson(`huge bare string (${s.length})`, JSON.stringify(s))),
  );

/** Arrays or objects nested up to 10,000 levels, whole body or in place of one field. */
const deepBody = (base: unknown): fc.Arbitrary<HostileBody> =>
  fc.tuple(fc.integer({ min: 60, max: 10_000 }), fc.boolean(), fc.option(pathIn(base), { nil: undefined })).map(([n, arrays, path]) => {
    const deep = arrays ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    return asJson(`depth ${n} ${arrays ? 'arrays' : 'objects'} at ${path?.join('.') ?? 'body'}`, path ? spliced(base, path, deep) : deep);
  });

const objectPaths = (base: unknown): Path[] => [[], ...pathsOf(base)].filter((p) => {
  const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], base);
  return typeof v === 'object' && v !== null && !Array.isArray(v);
});

/** `__proto__`, `constructor` or `prototype` written as a real key (raw JSON) into any object of the body. */
const prototypeKeys = (base: unknown): fc.Arbitrary<HostileBody> =>
  fc
    .tuple(
      fc.constantFrom(...objectPaths(base)),
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom('{"polluted":"yes"}', '{"prototype":{"polluted":"yes"}}', '{"toString":1,"hasOwnProperty":"x"}', 'null', '"x"'),
    )
    .map(([path, key, payload]) => {
      const marked = withValueAt(base, [...path, MARKER], 0);
      const text = JSON.stringify(marked).replace(`${markerKey}:0`, `"${key}":${payload}`);
      return asJson(`${key} key at ${path.join('.') || 'body'}`, text);
    });

const BAD_UTF8: readonly (readonly number[])[] = [[0xc3, 0x28], [0xff], [0xfe, 0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

/** Invalid UTF-8 bytes inserted at any offset of a valid body. */
const invalidUtf8 = (base: unknown): fc.Arbitrary<HostileBody> => {
  const bytes = Buffer.from(JSON.stringify(base), 'utf8');
  return fc.tuple(fc.integer({ min: 0, max: bytes.length }), fc.constantFrom(...BAD_UTF8)).map(([at, bad]) =>
    asJson(`bytes ${bad.map((b) => b.toString(16)).join(' ')} at ${at}`, Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)])),
  );
};

/** A valid body cut short at any point. */
const truncated = (base: unknown): fc.Arbitrary<HostileBody> => {
  const text = JSON.stringify(base);
  return fc.integer({ min: 0, max: text.length - 1 }).map((n) => asJson(`truncated at ${n}`, text.slice(0, n)));
};

const WRONG_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-7',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/fhir+json; charset=klingon',
  'json',
  '',
];

/** A valid body declared as something else, or compressed with an encoding it is not in. */
const wrongDeclaration = (base: unknown): fc.Arbitrary<HostileBody> =>
  fc.oneof(
    fc.constantFrom(...WRONG_TYPES).map((type) => ({ label: `content-type '${type}'`, method: '', path: '', headers: { 'content-type': type }, body: JSON.stringify(base) })),
    fc.constant({ label: 'no content-type', method: '', path: '', body: JSON.stringify(base) }),
    fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'x-unknown').map((encoding) => ({
      label: `content-encoding ${encoding} on plain bytes`,
      method: '',
      path: '',
      headers: { ...JSON_TYPE, 'content-encoding': encoding },
      body: JSON.stringify(base),
    })),
  );

/** Arbitrary JSON or JS values, serialised; `undefined` means no body. */
const arbitraryValues: fc.Arbitrary<HostileBody> = fc.oneof(
  fc.jsonValue().map((v) => asJson('json value', JSON.stringify(v))),
  fc.anything().map((v) => asJson('anything', safeStringify(v))),
  fc.string({ unit: 'binary' }).map((s) => asJson('raw text', s)),
  fc.constant(asJson('empty body', undefined)),
  fc.constant(asJson('empty string body', '')),
);

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const byEndpoint = new Map<Endpoint, fc.Arbitrary<HostileBody>>();

/** Any hostile body for the endpoint, weighted toward those derived from a valid request (built once per endpoint). */
export function hostileBody(endpoint: Endpoint): fc.Arbitrary<HostileBody> {
  const known = byEndpoint.get(endpoint);
  if (known) return known;
  const base = validBodyFor(endpoint);
  const arbitrary = fc.oneof(
    { arbitrary: arbitraryValues, weight: 4 },
    { arbitrary: mutatedField(base), weight: 6 },
    { arbitrary: hugeBody(base), weight: 1 },
    { arbitrary: deepBody(base), weight: 2 },
    { arbitrary: prototypeKeys(base), weight: 3 },
    { arbitrary: invalidUtf8(base), weight: 3 },
    { arbitrary: truncated(base), weight: 3 },
    { arbitrary: wrongDeclaration(base), weight: 2 },
  );
  byEndpoint.set(endpoint, arbitrary);
  return arbitrary;
}

/** An endpoint and a hostile body for it, ready to send. */
export const hostileRequest: fc.Arbitrary<HostileBody & { readonly endpoint: Endpoint }> = fc
  .constantFrom(...ENDPOINTS)
  .chain((endpoint) => hostileBody(endpoint).map((b) => ({ ...b, method: endpoint.method, path: endpoint.path, endpoint })));
