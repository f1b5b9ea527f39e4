/**
 * Why a caller was refused. The code goes to the log (never the token); the response is a bare 401
 * (CDS Hooks best practices: "respond with 401 and no detail").
 */
export type AuthFailureReason =
  | 'missing-token'
  | 'malformed-authorization'
  | 'malformed-token'
  | 'no-trust-configured'
  | 'alg-not-allowed'
  | 'typ-invalid'
  | 'kid-missing'
  | 'iss-untrusted'
  | 'jku-not-allowed'
  | 'key-not-found'
  | 'jwks-unavailable'
  | 'signature-invalid'
  | 'aud-mismatch'
  | 'expired'
  | 'not-yet-valid'
  | 'iat-in-future'
  | 'lifetime-too-long'
  | 'claim-missing'
  | 'claim-invalid'
  | 'tenant-not-allowed'
  | 'jti-replayed'
  | 'replay-store-full'
  | 'replay-store-error'
  | 'replay-store-unavailable'
  | 'verification-failed';

/** A refused token, with a stable reason code for logs and tests. */
export class AuthFailure extends Error {
  readonly reason: AuthFailureReason;
  constructor(reason: AuthFailureReason, cause?: unknown) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'AuthFailure';
    this.reason = reason;
  }
}

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null && name in err ? (err as Record<string, unknown>)[name] : undefined;
}

/** True when `err` is the jose error with this stable `code` (e.g. `ERR_JWKS_NO_MATCHING_KEY`). */
export function hasJoseCode(err: unknown, code: string): boolean {
  return field(err, 'code') === code;
}

function claimFailure(claim: unknown, reason: unknown): AuthFailureReason {
  if (reason === 'missing') return 'claim-missing';
  switch (claim) {
    case 'aud':
      return 'aud-mismatch';
    case 'iss':
      return 'iss-untrusted';
    case 'typ':
      return 'typ-invalid';
    case 'nbf':
      return 'not-yet-valid';
    case 'iat':
      return reason === 'check_failed' ? 'iat-in-future' : 'claim-invalid';
    default:
      return 'claim-invalid';
  }
}

/** Maps a jose error (by its stable `code`) or anything else thrown while verifying to a reason. */
export function toAuthFailure(err: unknown): AuthFailure {
  if (err instanceof AuthFailure) return err;
  switch (field(err, 'code')) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new AuthFailure('alg-not-allowed', err);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new AuthFailure('signature-invalid', err);
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new AuthFailure('key-not-found', err);
    case 'ERR_JWT_EXPIRED':
      // maxTokenAge reports an `iat` too far in the past as expired too.
      return new AuthFailure('expired', err);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return new AuthFailure(claimFailure(field(err, 'claim'), field(err, 'reason')), err);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return new AuthFailure('malformed-token', err);
    default:
      return new AuthFailure('verification-failed', err);
  }
}
