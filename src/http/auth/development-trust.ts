import { existsSync, readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import type { TrustedIssuer } from './trust-types.js';

/**
 * The CDS Hooks Sandbox as a development-only issuer (checklist §9). Its private key is published in the
 * sandbox repository, so anyone can mint these tokens: it is never trusted in production.
 */

/** `iss` of every sandbox JWT ([SB] src/retrieve-data-helpers/jwt-generator.js). */
export const SANDBOX_ISSUER = 'https://sandbox.cds-hooks.org';

/** The `jku` the sandbox puts in its JWT header. */
export const SANDBOX_JWKS_URL = 'https://sandbox.cds-hooks.org/.well-known/jwks.json';

/**
 * The sandbox's FHIR servers: the DSTU2 default and R3/R4 choices, and SMART launcher sessions
 * (`/v/r4/sim/<launch-id>/fhir`).
 */
export const SANDBOX_FHIR_SERVERS: readonly string[] = [
  'https://launch.smarthealthit.org/v/*/fhir',
  'https://launch.smarthealthit.org/v/*/sim/*/fhir',
];

/** Where a checkout next to the shared project material finds the sandbox's public JWKS. */
export const DEFAULT_SANDBOX_JWKS_PATH = '../shared/cds-hooks/sandbox-jwks.json';

function readJwks(path: string): JSONWebKeySet | undefined {
  if (!existsSync(path)) return undefined;
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    throw new Error(`sandbox JWKS ${path}: must be a JSON Web Key Set`);
  }
  const jwks = value as JSONWebKeySet;
  if (jwks.keys.some((key) => 'd' in key || 'k' in key)) throw new Error(`sandbox JWKS ${path}: must hold public keys only`);
  return jwks;
}

/**
 * The sandbox issuer for development. Its third-party key is not copied into the repository: it is read at
 * start-up from `jwksPath` when that file exists (pinned, so no network is needed), and the sandbox's published
 * `jku` is always allowlisted so a checkout without the file fetches the same key from the sandbox itself.
 */
export function createSandboxIssuer(jwksPath: string = DEFAULT_SANDBOX_JWKS_PATH): TrustedIssuer {
  const jwks = readJwks(jwksPath);
  return {
    iss: SANDBOX_ISSUER,
    ...(jwks ? { jwks } : {}),
    jwksUrls: [SANDBOX_JWKS_URL],
    fhirServers: SANDBOX_FHIR_SERVERS,
  };
}
