import { createHmac, randomBytes } from 'node:crypto';
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

/** A hasher on `key` (at least 32 bytes of secret). */
export function createHasher(key: Buffer): Hasher {
  const mac = (label: string, parts: readonly string[]): string =>
    // Parts are joined with a separator that cannot occur in an issuer URL, a tenant or a FHIR id.
    createHmac('sha256', key).update(`${label}\u0000${parts.join('\u0000')}`).digest('hex');
  return {
    patient: (issuer, tenant, patientId) => mac('patient', [issuer, tenant, patientId]),
    concept: (concept) => mac('concept', [concept]).slice(0, 32),
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
