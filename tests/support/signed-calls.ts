import type { Patient } from 'fhir/r4.js';
import { condition } from './fhir-builders.js';
import { EHR_ISSUER, jwksOf, PUBLIC_BASE, type SigningKey } from './ehr-tokens.js';
import { liveToken, writeTrustFileFor } from './live-tokens.js';
import { hookRequest, prefetchOf, SERVICE } from './hook-requests.js';

/**
 * Signed CDS Hooks calls over real HTTP to a service process (`service-process.ts`) running in production mode:
 * a trust file for one EHR key, the environment that goes with it, and calls that each carry a fresh token on the
 * real clock (the process does not share the tests' frozen clock).
 */

/** Writes a trust file trusting `key` for `EHR_ISSUER` (FHIR server `https://ehr.example.org/fhir`); returns its path. */
export const writeTrustFile = (key: SigningKey): string => writeTrustFileFor([{ iss: EHR_ISSUER, jwks: jwksOf(key) }]);

/** The environment of a production replica that trusts the file's issuer and is called as `PUBLIC_BASE`. */
export const productionEnv = (trustFile: string): NodeJS.ProcessEnv => ({ NODE_ENV: 'production', CDS_TRUST_FILE: trustFile, CDS_PUBLIC_BASE_URL: PUBLIC_BASE });

/** What came back, and how long it took. */
export interface CallResult {
  readonly status: number;
  readonly ms: number;
  readonly contentType: string;
  readonly body: unknown;
}

// A chart the rules speak about (active RLS), with every prefetch key present, so no FHIR server is called.
const PATIENT_ID = 'pat-fault';
const patient: Patient = { resourceType: 'Patient', id: PATIENT_ID, birthDate: '1960-01-01' };
/** A patient-view request body with every prefetch key present (no FHIR server is called). */
export const hookCallBody = (): string =>
  JSON.stringify(
    hookRequest('patient-view', {
      patientId: PATIENT_ID,
      prefetch: prefetchOf([patient, condition({ patientId: PATIENT_ID })], PATIENT_ID),
    }),
  );

/** One patient-view call to `baseUrl` with a freshly signed token (fresh `jti`, `iat` = now); never throws. */
export async function signedHookCall(baseUrl: string, key: SigningKey, timeoutMs = 10_000): Promise<CallResult> {
  const path = `/cds-services/${SERVICE['patient-view']}`;
  const token = await liveToken(key, EHR_ISSUER, path);
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: hookCallBody(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, ms: performance.now() - started, contentType: res.headers.get('content-type') ?? '', body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  } catch (err: unknown) {
    // A hang or a reset connection is a result too: status 0 (never a valid HTTP status), so a test can name it.
    return { status: 0, ms: performance.now() - started, contentType: '', body: err instanceof Error ? err.name : String(err) };
  }
}

/** GET `/readyz`: its status (0 when it did not answer). */
export async function readyzStatus(baseUrl: string): Promise<number> {
  try {
    return (await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
}
