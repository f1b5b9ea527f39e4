import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The ledger never holds a patient id: it holds an HMAC-SHA256 of issuer, tenant and patient id under a key that
 * every replica shares (`CDS_PATIENT_HASH_KEY`, required in production). Without the key, two rows can be matched to
 * each other (for suppression) but not to a patient.
 */

/** Keyed hashes for one deployment. */
export interface Hasher {
  /** Hash of the patient as this EHR (issuer + tenant) names it. */
  patient(issuer: string, tenant: string, patientId: string): string;
  /** Hash of a concept behind a card (an ingredient, an order code, a lab and criterion). */
  concept(concept: string): string;
}

// A call has a dozen concepts and one patient, and both repeat: concept strings come from the knowledge (value sets,
// criteria, variants) and the codes an EHR sends for them, a bounded set in practice, and an EHR calls the hooks of
// one open chart again and again (patient-view, then order-select at each change of the draft orders, then
// order-sign). Each HMAC is therefore kept once computed (issue 10's profile found the per-call HMACs, the patient's
// above all, a third of the governance cost). The memo lives in this process only, like the call's own data; its
// bound guards memory against an EHR sending ever new codes or patients: when reached it starts again, and the
// hashes stay the same.
const MAX_MEMOISED = 10_000;

/** `compute` remembered for up to `MAX_MEMOISED` inputs (then forgotten at once and filled again). */
function memoised(compute: (input: string) => string): (input: string) => string {
  const memo = new Map<string, string>();
  return (input) => {
    let value = memo.get(input);
    if (value === undefined) {
      if (memo.size >= MAX_MEMOISED) memo.clear();
      value = compute(input);
      memo.set(input, value);
    }
    return value;
  };
}

/** A hasher on `key` (at least 32 bytes of secret). */
export function createHasher(key: Buffer): Hasher {
  // Imported once as a KeyObject: `createHmac` would import a Buffer key again for every hash.
  const secret = createSecretKey(key);
  // Parts are joined with a separator that cannot occur in an issuer URL, a tenant or a FHIR id.
  const mac = (input: string): string => createHmac('sha256', secret).update(input).digest('hex');
  const patient = memoised((joined) => mac(`patient\u0000${joined}`));
  const concept = memoised((text) => mac(`concept\u0000${text}`).slice(0, 32));
  return {
    patient: (issuer, tenant, patientId) => patient(`${issuer}\u0000${tenant}\u0000${patientId}`),
    concept,
  };
}

/**
 * The key: `CDS_PATIENT_HASH_KEY` (at least 32 characters) when set; in development without it, one generated on
 * first start and kept in `keyFile` beside the SQLite database (mode 0600), so hashes survive a restart.
 */
export function loadPatientHashKey(configured: string | undefined, keyFile: string): Buffer {
  if (configured !== undefined) return Buffer.from(configured, 'utf8');
  if (existsSync(keyFile)) return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
  mkdirSync(path.dirname(keyFile), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  return key;
}
