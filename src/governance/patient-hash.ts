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

// Concept strings come from the knowledge (value sets, criteria, variants) and the codes an EHR sends for them: a
// bounded set in practice, so each one's HMAC is kept once computed (a call has a dozen concepts and one patient;
// issue 10's profile found the per-call HMACs a fifth of the governance cost). The bound only guards memory against
// an EHR sending ever new codes: when reached the memo starts again, the hashes stay the same.
const MAX_MEMOISED_CONCEPTS = 10_000;

/** A hasher on `key` (at least 32 bytes of secret). */
export function createHasher(key: Buffer): Hasher {
  // Imported once as a KeyObject: `createHmac` would import a Buffer key again for every hash.
  const secret = createSecretKey(key);
  const mac = (label: string, parts: readonly string[]): string =>
    // Parts are joined with a separator that cannot occur in an issuer URL, a tenant or a FHIR id.
    createHmac('sha256', secret).update(`${label}\u0000${parts.join('\u0000')}`).digest('hex');
  const concepts = new Map<string, string>();
  return {
    patient: (issuer, tenant, patientId) => mac('patient', [issuer, tenant, patientId]),
    concept(concept) {
      let hash = concepts.get(concept);
      if (hash === undefined) {
        if (concepts.size >= MAX_MEMOISED_CONCEPTS) concepts.clear();
        hash = mac('concept', [concept]).slice(0, 32);
        concepts.set(concept, hash);
      }
      return hash;
    },
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
