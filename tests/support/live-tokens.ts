import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PUBLIC_BASE, signToken, type SigningKey } from './ehr-tokens.js';

/**
 * Tokens and trust files for a service running as a real process (`service-process.ts`): the process has the real
 * clock, not the tests' frozen one, so `iat` is now.
 */

/** One trusted issuer of a trust file. */
export interface LiveIssuer {
  readonly iss: string;
  readonly jwks?: { readonly keys: readonly object[] };
  readonly jwksUrls?: readonly string[];
}

/** Writes a trust file for these issuers (FHIR server `https://ehr.example.org/fhir`); returns its path. */
export function writeTrustFileFor(issuers: readonly LiveIssuer[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cds-trust-')), 'trust.json');
  writeFileSync(file, JSON.stringify({ issuers: issuers.map((i) => ({ ...i, fhirServers: ['https://ehr.example.org/fhir'] })) }));
  return file;
}

/** A token of `iss` for `path` under `PUBLIC_BASE`, issued now and living the sandbox's 300 s. */
export function liveToken(key: SigningKey, iss: string, path: string, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signToken(key, { claims: { iss, aud: `${PUBLIC_BASE}${path}`, iat: now, exp: now + 300 }, header });
}
