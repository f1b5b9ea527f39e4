import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { SchemaValidator } from '../../standalone-validators/schema-validator.js';
import { isTrustFile } from '../../standalone-validators/trust-file.js';
import { FHIR_SERVER, HTTPS_URL } from './trust-file-schema.js';
import type { TrustConfig, TrustedIssuer } from './trust-types.js';

/**
 * The trust file (`CDS_TRUST_FILE`), validated once at start-up:
 * `{"issuers": [{"iss", "jwks" | "jwksUrls", "tenants"?, "fhirServers"?}]}`.
 * Any error stops start-up with a message naming the field, e.g. `issuers/0/jwksUrls/0: must be an https URL`.
 */

interface TrustFile {
  issuers: Array<Omit<TrustedIssuer, 'fhirServers'> & { fhirServers?: string[] }>;
}

// trust-file-schema.ts as ajv standalone code (src/standalone-validators/generate.ts).
const validateTrustFile = isTrustFile as SchemaValidator<TrustFile>;

// Private (`d`, RSA primes) or symmetric (`k`) material has no place in a trust file: HMAC is forbidden
// (CDS Hooks 2.0 "JWT Signing Algorithm") and private keys must never leave the EHR.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function messageOf(e: ErrorObject): string {
  const field = e.instancePath.slice(1) || '(root)';
  if (e.keyword === 'format' && e.params.format === HTTPS_URL) return `${field}: must be an https URL`;
  if (e.keyword === 'format' && e.params.format === FHIR_SERVER) {
    return `${field}: must be an http(s) base URL or a pattern with whole-label/segment '*' (no userinfo, query or fragment)`;
  }
  return `${field}: ${e.message ?? 'is invalid'}`;
}

function semanticErrors(file: TrustFile): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  file.issuers.forEach((issuer, i) => {
    if (seen.has(issuer.iss)) errors.push(`issuers/${i}/iss: duplicate issuer`);
    seen.add(issuer.iss);
    if (!issuer.jwks && !issuer.jwksUrls) errors.push(`issuers/${i}: must have "jwks" or "jwksUrls"`);
    issuer.jwks?.keys.forEach((key, k) => {
      if (PRIVATE_MEMBERS.some((m) => m in key)) errors.push(`issuers/${i}/jwks/keys/${k}: must be a public key`);
    });
  });
  return errors;
}

/** Validates a parsed trust file; throws an Error listing each problem with its field path. */
export function parseTrustConfig(value: unknown): TrustConfig {
  if (!validateTrustFile(value)) throw new Error((validateTrustFile.errors ?? []).map(messageOf).join('; '));
  const problems = semanticErrors(value);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return {
    issuers: value.issuers.map((issuer) => ({ ...issuer, fhirServers: issuer.fhirServers ?? [] })),
  };
}

/** Reads and validates the trust file at `path`; the error message starts with the path, then the field. */
export function loadTrustFile(path: string): TrustConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err: unknown) {
    throw new Error(`trust file ${path}: cannot be read as JSON (${err instanceof Error ? err.message : 'unknown error'})`, {
      cause: err,
    });
  }
  try {
    return parseTrustConfig(value);
  } catch (err: unknown) {
    throw new Error(`trust file ${path}: ${err instanceof Error ? err.message : 'invalid'}`, { cause: err });
  }
}
