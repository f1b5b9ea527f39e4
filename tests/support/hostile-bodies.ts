import fc from 'fast-check';
import { ENDPOINTS, validBodyFor, type Endpoint, type EndpointKind } from './hostile-endpoints.js';
import type { RawRequest } from './hostile-http.js';

/**
 * fast-check generators of malformed and hostile requests for every route of the app: wrong types, huge strings,
 * deep nesting, prototype-pollution keys, invalid UTF-8, truncated JSON, wrong content types and encodings,
 * empty bodies. Most start from a valid request and break one thing, so they get past the early checks.
 */

/**
 * A hostile request (the endpoint adds method and path); `label` says what was done to it. `mayPass` marks bodies
 * that can still be valid by design: FHIR content the pipeline tolerates (real EHR data is sloppy) and bad bytes
 * that land inside a string (decoded as U+FFFD). Any other success would mean a check is missing.
 */
export type HostileBody = RawRequest & { readonly label: string; readonly mayPass?: boolean };

const JSON_TYPE = { 'content-type': 'application/json' } as const;
const asJson = (label: string, body: string | Buffer | undefined, mayPass = false): HostileBody => ({
  label,
  method: '',
  path: '',
  headers: JSON_TYPE,
  ...(body === undefined ? {} : { body }),
  ...(mayPass ? { mayPass } : {}),
});

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
  // Names of Object.prototype members break lookups in plain-object tables (a unit, a code, a key).
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant(undefined),
);

const pathIn = (base: unknown): fc.Arbitrary<Path> => fc.constantFrom(...pathsOf(base));

// Inside a FHIR resource (a prefetch Bundle's entries, a draft order): content, not request structure.
const isFhirContent = (path: Path): boolean =>
  (path[0] === 'prefetch' && path.length > 2) || (path[1] === 'draftOrders' && path.length > 4);

const label = (path: Path, value: unknown): string => `field ${path.join('.')} := ${String(JSON.stringify(value)).slice(0, 40)}`;

/** One field of the request's structure (envelope, context, prefetch keys) retyped or removed. */
const mutatedField = (base: unknown): fc.Arbitrary<HostileBody> => {
  const structural = pathsOf(base).filter((p) => !isFhirContent(p));
  return fc.tuple(fc.constantFrom(...structural), wrongValue).map(([path, value]) => asJson(label(path, value), JSON.stringify(withValueAt(base, path, value))));
};

/** One field inside a prefetch or draft-order resource retyped or removed: a 4xx, or a tolerated 200. */
const mutatedFhirContent = (base: unknown): fc.Arbitrary<HostileBody> => {
  const content = pathsOf(base).filter(isFhirContent);
  if (content.length === 0) return mutatedField(base);
  return fc.tuple(fc.constantFrom(...content), wrongValue).map(([path, value]) => asJson(label(path, value), JSON.stringify(withValueAt(base, path, value)), true));
};

/** Element names the pipeline reads in some resource type: a hostile value may land under any of them, present or not. */
const FHIR_ELEMENTS = [
  'resourceType', 'id', 'status', 'intent', 'subject', 'patient', 'reference', 'display', 'code', 'coding', 'system', 'text',
  'category', 'reasonCode', 'clinicalStatus', 'verificationStatus', 'recordedDate', 'onsetDateTime', 'abatementDateTime',
  'medicationCodeableConcept', 'medicationReference', 'contained', 'ingredient', 'itemCodeableConcept', 'itemReference',
  'effectiveDateTime', 'effectivePeriod', 'start', 'end', 'dateAsserted', 'authoredOn', 'issued', 'valueQuantity', 'value',
  'unit', 'comparator', 'referenceRange', 'interpretation', 'birthDate', 'gender', 'entry', 'resource', 'link', 'url', 'relation',
] as const;

/** Values shaped like FHIR elements with something hostile inside: a null coding, a null reference, null in arrays. */
const hostileElement: fc.Arbitrary<unknown> = fc.oneof(
  wrongValue,
  fc.constantFrom<unknown>(
    [null],
    [null, null],
    [[]],
    [{}],
    { coding: null },
    { coding: [null] },
    { coding: [{ system: null, code: null }] },
    { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: 5 }] },
    { reference: null },
    { reference: 'Medication/..' },
    { reference: '#' },
    { reference: 42, display: null },
    [{ resourceType: 'Medication', id: null }],
    [{ resourceType: null }],
    { start: null, end: {} },
    { value: null, unit: null, system: null, code: null },
    { value: '12', unit: 'ng/mL' },
  ),
);

/** Every object or array inside a prefetch or draft-order resource (the resource itself included). */
const containersInResources = (base: unknown): Path[] =>
  pathsOf(base).filter((p) => {
    if (!isFhirContent(p) && !((p[0] === 'prefetch' && p.length === 2) || (p[1] === 'draftOrders' && p.length === 4))) return false;
    const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], base);
    return typeof v === 'object' && v !== null;
  });

/**
 * A hostile value put INSIDE a resource the service reads (Patient, Condition, MedicationStatement,
 * MedicationRequest, Medication, Observation, ServiceRequest, Bundle entries): into an array at any index, or into
 * an object under any element name the pipeline reads. Valid requests may still result: a 200 or a 4xx, never a 5xx.
 */
const insertedInResource = (base: unknown): fc.Arbitrary<HostileBody> => {
  const containers = containersInResources(base);
  if (containers.length === 0) return mutatedField(base);
  return fc.tuple(fc.constantFrom(...containers), hostileElement, fc.constantFrom(...FHIR_ELEMENTS), fc.nat()).map(([path, value, element, n]) => {
    const copy = structuredClone(base);
    const target = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy);
    if (Array.isArray(target)) {
      const at = n % (target.length + 1);
      target.splice(at, 0, value);
      return asJson(`insert at ${path.join('.')}[${at}] := ${String(JSON.stringify(value)).slice(0, 40)}`, JSON.stringify(copy), true);
    }
    (target as Record<string, unknown>)[element] = value;
    return asJson(`field ${[...path, element].join('.')} := ${String(JSON.stringify(value)).slice(0, 40)}`, JSON.stringify(copy), true);
  });
};

const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 10_000, max: 1_000_000 }), fc.constantFrom('x', 'é', '"', '\\', '\u0000', '\ud83d\ude00'))
  .map(([n, ch]) => ch.repeat(Math.ceil(n / ch.length)));

/** A string of up to ~1 MB as a field value, as a key, or as the whole body. */
const hugeBody = (base: unknown): fc.Arbitrary<HostileBody> =>
  fc.oneof(
    fc.tuple(pathIn(base), hugeString).map(([path, s]) => asJson(`huge string (${s.length}) at ${path.join('.')}`, JSON.stringify(withValueAt(base, path, s)), isFhirContent(path))),
    // Unknown keys are allowed (CDS Hooks: extensions), and the 5 MB body limit bounds them.
    hugeString.map((s) => asJson(`huge key (${s.length})`, JSON.stringify({ ...(base as object), [s]: 1 }), true)),
    hugeString.map((s) => asJson(`huge bare string (${s.length})`, JSON.stringify(s))),
  );

/** Arrays or objects nested up to 10,000 levels, whole body or in place of one field. */
const deepBody = (base: unknown): fc.Arbitrary<HostileBody> =>
  fc.tuple(fc.integer({ min: 65, max: 10_000 }), fc.boolean(), fc.option(pathIn(base), { nil: undefined })).map(([n, arrays, path]) => {
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
    asJson(`bytes ${bad.map((b) => b.toString(16)).join(' ')} at ${at}`, Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]), true),
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
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  // UTF-7 decodes plain ASCII JSON unchanged; only UTF-8 is accepted (RFC 8259 §8.1).
  'application/json; charset=utf-7',
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
    { arbitrary: mutatedField(base), weight: 4 },
    { arbitrary: mutatedFhirContent(base), weight: 3 },
    { arbitrary: insertedInResource(base), weight: 4 },
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

// Most traffic goes to the services, where bodies travel furthest; every other route still gets hundreds.
const WEIGHT: Readonly<Record<EndpointKind, number>> = { service: 6, feedback: 2, discovery: 2, other: 1 };

/** An endpoint (services weighted up) and a hostile body for it, ready to send. */
export const hostileRequest: fc.Arbitrary<HostileBody & { readonly endpoint: Endpoint }> = fc
  .oneof(...ENDPOINTS.map((endpoint) => ({ arbitrary: fc.constant(endpoint), weight: WEIGHT[endpoint.kind] })))
  .chain((endpoint) => hostileBody(endpoint).map((b) => ({ ...b, method: endpoint.method, path: endpoint.path, endpoint })));
