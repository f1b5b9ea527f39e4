import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { AuthFailure } from './auth-failure.js';
import type { TrustConfig, TrustedIssuer } from './trust-types.js';

/**
 * Key lookup per trusted issuer. Keys come from the issuer's pinned `jwks` and from its allowlisted
 * `jwksUrls` only; a `jku` header selects one of those URLs and is never fetched otherwise
 * (CDS Hooks 2.0 "Trusting CDS Clients": fetch the JWKS from `jku` only if it is on the allowlist).
 */

/** How allowlisted JWKS URLs are cached (jose `createRemoteJWKSet` options). */
export interface RemoteJwksOptions {
  /** How long a fetched JWKS is used before it is fetched again (default 10 min). */
  readonly cacheMaxAgeMs?: number;
  /** Minimum time between refetches triggered by an unknown `kid` (key rotation; default 30 s). */
  readonly cooldownMs?: number;
  /** Timeout of one JWKS fetch (default 5 s). */
  readonly timeoutMs?: number;
}

/** Returns the key resolver for `issuer`; `jku` must already have been checked against its `jwksUrls`. */
export type IssuerKeys = (issuer: TrustedIssuer, jku: string | undefined) => JWTVerifyGetKey;

function joseCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

function isNoMatchingKey(err: unknown): boolean {
  return joseCode(err) === 'ERR_JWKS_NO_MATCHING_KEY';
}

// A JWKS URL that can't be fetched (network, timeout, non-200, not a JWKS) is one reason code, whatever
// fetch implementation threw it.
function reportingUnavailable(set: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await set(header, token);
    } catch (err: unknown) {
      const code = joseCode(err);
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw err;
      throw new AuthFailure('jwks-unavailable', err);
    }
  };
}

// Tries each key set in order; only "no key with this kid" moves on to the next one.
function firstMatching(sets: readonly JWTVerifyGetKey[]): JWTVerifyGetKey {
  return async (header, token) => {
    let lastError: unknown;
    for (const set of sets) {
      try {
        return await set(header, token);
      } catch (err: unknown) {
        if (!isNoMatchingKey(err)) throw err;
        lastError = err;
      }
    }
    throw lastError ?? new Error('no key set for this issuer');
  };
}

/** Builds the local sets and one cached remote set per allowlisted URL, once at start-up. */
export function createIssuerKeys(trust: TrustConfig, options: RemoteJwksOptions = {}): IssuerKeys {
  const remoteOptions = {
    ...(options.cacheMaxAgeMs !== undefined ? { cacheMaxAge: options.cacheMaxAgeMs } : {}),
    ...(options.cooldownMs !== undefined ? { cooldownDuration: options.cooldownMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutDuration: options.timeoutMs } : {}),
  };
  const local = new Map<string, JWTVerifyGetKey>();
  const remote = new Map<string, JWTVerifyGetKey>();
  for (const issuer of trust.issuers) {
    if (issuer.jwks) local.set(issuer.iss, createLocalJWKSet(issuer.jwks));
    for (const url of issuer.jwksUrls ?? []) {
      // jose fetches with `redirect: 'manual'` and accepts only a 200, so a JWKS URL can't bounce elsewhere.
      if (!remote.has(url)) remote.set(url, reportingUnavailable(createRemoteJWKSet(new URL(url), remoteOptions)));
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
