import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { replayStoreErrors } from '../../metrics/auth-metrics.js';
import { DatabaseUnavailableError } from '../../storage/database-errors.js';
import { AuthFailure, toAuthFailure } from './auth-failure.js';
import type { IssuerKeys } from './issuer-keys.js';
import { ReplayStoreFullError, type ReplayStore } from './replay-store.js';
import type { TrustConfig, TrustedIssuer } from './trust-types.js';

/**
 * Verifies an EHR's JWT (CDS Hooks 2.0 "Trusting CDS Clients"; best-practice steps in checklist §7.3).
 * Cheap header and issuer checks run before any key lookup, so an untrusted token never causes a fetch.
 */

/** The verified caller, for downstream use (FHIR server policy, logs). */
export interface VerifiedCaller {
  readonly issuer: string;
  readonly tenant?: string;
  readonly jti: string;
}

/** What the verifier needs; all times in seconds, "now" injected. */
export interface TokenVerifierOptions {
  readonly trust: TrustConfig;
  readonly keys: IssuerKeys;
  readonly replayStore: ReplayStore;
  readonly algorithms: readonly string[];
  readonly now: () => Date;
  readonly clockSkewSeconds: number;
  readonly maxLifetimeSeconds: number;
}

/** Verifies one token for the endpoint URL `audience`; throws `AuthFailure`. */
export type TokenVerifier = (token: string, audience: string) => Promise<VerifiedCaller>;

const MAX_JTI_LENGTH = 256;

function decode(token: string): { header: ProtectedHeaderParameters; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch (err: unknown) {
    throw new AuthFailure('malformed-token', err);
  }
}

function checkHeader(header: ProtectedHeaderParameters, algorithms: readonly string[]): void {
  // "none" and HMAC SHALL NOT be used (CDS Hooks 2.0 "JWT Signing Algorithm"); only the allowlist passes.
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) throw new AuthFailure('alg-not-allowed');
  if (typeof header.kid !== 'string' || header.kid === '') throw new AuthFailure('kid-missing');
}

function checkIssuer(claims: JWTPayload, header: ProtectedHeaderParameters, trust: TrustConfig): TrustedIssuer {
  const issuer = typeof claims.iss === 'string' ? trust.issuers.find((i) => i.iss === claims.iss) : undefined;
  if (!issuer) throw new AuthFailure('iss-untrusted');
  if (header.jku !== undefined && !(issuer.jwksUrls ?? []).includes(header.jku)) throw new AuthFailure('jku-not-allowed');
  return issuer;
}

function checkClaims(payload: JWTPayload, issuer: TrustedIssuer, maxLifetimeSeconds: number): { jti: string; tenant?: string; exp: number } {
  const { exp, iat, jti, tenant } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number') throw new AuthFailure('claim-missing');
  // Seen jtis are kept for the token's lifetime, so the lifetime must be bounded (best practices: ≤ 1 h); a
  // lifetime equal to the maximum passes (the sandbox's tokens live exactly 300 s, our default maximum).
  if (exp - iat > maxLifetimeSeconds) throw new AuthFailure('lifetime-too-long');
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) throw new AuthFailure('claim-invalid');
  if (tenant !== undefined && typeof tenant !== 'string') throw new AuthFailure('claim-invalid');
  if (issuer.tenants && (tenant === undefined || !issuer.tenants.includes(tenant))) throw new AuthFailure('tenant-not-allowed');
  return { jti, exp, ...(typeof tenant === 'string' ? { tenant } : {}) };
}

/** Builds the verifier once at start-up. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  return async (token, audience) => {
    const { header, claims } = decode(token);
    checkHeader(header, options.algorithms);
    const issuer = checkIssuer(claims, header, options.trust);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys(issuer, header.jku), {
        algorithms: [...options.algorithms],
        issuer: issuer.iss,
        // `aud` MUST be the exact URL of the endpoint called; a string or an array holding it.
        audience,
        typ: 'JWT',
        currentDate: options.now(),
        clockTolerance: options.clockSkewSeconds,
        maxTokenAge: options.maxLifetimeSeconds,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
      }));
    } catch (err: unknown) {
      throw toAuthFailure(err);
    }
    const { jti, tenant, exp } = checkClaims(payload, issuer, options.maxLifetimeSeconds);
    let fresh: boolean;
    try {
      // Remember the jti as long as the token could still pass the exp check.
      fresh = await options.replayStore.checkAndRemember(issuer.iss, jti, (exp + options.clockSkewSeconds) * 1000);
    } catch (err: unknown) {
      // Unreachable: the token may be good, so the caller is told to retry (503). Full: only the issuer holding the
      // most entries gets here (replay-store.ts). Any other store error refuses the token.
      const full = err instanceof ReplayStoreFullError;
      const unavailable = err instanceof DatabaseUnavailableError;
      replayStoreErrors.labels(unavailable ? 'unavailable' : full ? 'full' : 'error').inc();
      if (unavailable) throw new AuthFailure('replay-store-unavailable', err);
      throw new AuthFailure(full ? 'replay-store-full' : 'replay-store-error', err);
    }
    if (!fresh) throw new AuthFailure('jti-replayed');
    return { issuer: issuer.iss, jti, ...(tenant !== undefined ? { tenant } : {}) };
  };
}
