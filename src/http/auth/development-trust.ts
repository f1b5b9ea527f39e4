import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * The sandbox's published JWKS (cds-hooks/sandbox `build/.well-known/jwks.json`), vendored unchanged inside the
 * service's configuration folder (`CDS_KNOWLEDGE_DIR`, default `cds-services`); cds-services/trust/README.md gives
 * its commit, license and checksum.
 */
export const SANDBOX_JWKS_FILE = path.join('trust', 'cds-hooks-sandbox-jwks.json');

/** The vendored sandbox JWKS inside a configuration folder. */
export function sandboxJwksPath(knowledgeDir: string): string {
  return path.join(knowledgeDir, SANDBOX_JWKS_FILE);
}

/** Where the development profile reads the sandbox's public JWKS with the default configuration folder. */
export const DEFAULT_SANDBOX_JWKS_PATH = sandboxJwksPath('cds-services');

function readJwks(file: string): JSONWebKeySet | undefined {
  if (!existsSync(file)) return undefined;
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    throw new Error(`sandbox JWKS ${file}: must be a JSON Web Key Set`);
  }
  const jwks = value as JSONWebKeySet;
  if (jwks.keys.some((key) => 'd' in key || 'k' in key)) throw new Error(`sandbox JWKS ${file}: must hold public keys only`);
  return jwks;
}

/**
 * The sandbox issuer for development. Its key is read at start-up from `jwksPath` (the vendored copy, so no network
 * is needed); the sandbox's published `jku` stays allowlisted, so a configuration folder without the file fetches
 * the same key from the sandbox itself.
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
