import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { hasJoseCode } from './auth-failure.js';
import { createRemoteJwks, type RemoteJwksOptions } from './remote-jwks.js';
import type { TrustConfig, TrustedIssuer } from './trust-types.js';

/**
 * Key lookup per trusted issuer. Keys come from the issuer's pinned `jwks` and from its allowlisted
 * `jwksUrls` only; a `jku` header selects one of those URLs and is never fetched otherwise
 * (CDS Hooks 2.0 "Trusting CDS Clients": fetch the JWKS from `jku` only if it is on the allowlist).
 */

export type { RemoteJwksOptions } from './remote-jwks.js';

/** Returns the key resolver for `issuer`; `jku` must already have been checked against its `jwksUrls`. */
export type IssuerKeys = (issuer: TrustedIssuer, jku: string | undefined) => JWTVerifyGetKey;

// Tries each key set in order; only "no key with this kid" moves on to the next one.
function firstMatching(sets: readonly JWTVerifyGetKey[]): JWTVerifyGetKey {
  return async (header, token) => {
    let lastError: unknown;
    for (const set of sets) {
      try {
        return await set(header, token);
      } catch (err: unknown) {
        if (!hasJoseCode(err, 'ERR_JWKS_NO_MATCHING_KEY')) throw err;
        lastError = err;
      }
    }
    throw lastError ?? new Error('no key set for this issuer');
  };
}

/** Builds the local sets and one cached remote set per allowlisted URL (`remote-jwks.ts`), once at start-up. */
export function createIssuerKeys(trust: TrustConfig, options: RemoteJwksOptions = {}): IssuerKeys {
  const local = new Map<string, JWTVerifyGetKey>();
  const remote = new Map<string, JWTVerifyGetKey>();
  for (const issuer of trust.issuers) {
    if (issuer.jwks) local.set(issuer.iss, createLocalJWKSet(issuer.jwks));
    for (const url of issuer.jwksUrls ?? []) {
      // One cache per URL, shared by the issuers that list it, so a URL has at most one fetch in flight.
      if (!remote.has(url)) remote.set(url, createRemoteJwks(new URL(url), options));
    }
  }
  return (issuer, jku) => {
    const pinned = local.get(issuer.iss);
    const urls = jku !== undefined ? [jku] : (issuer.jwksUrls ?? []);
    const fetched = urls.flatMap((url) => {
      const set = remote.get(url);
      return set ? [set] : [];
    });
    return firstMatching(pinned ? [pinned, ...fetched] : fetched);
  };
}
