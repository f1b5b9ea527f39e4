import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Mode } from '../../config.js';
import { countJwtOutcome } from '../../metrics/auth-metrics.js';
import { observeStage } from '../../metrics/stage-metrics.js';
import { OperationOutcomeError, serviceUnavailable } from '../../outcomes/operation-outcome.js';
import { AuthFailure, toAuthFailure, type AuthFailureReason } from './auth-failure.js';
import { createIssuerKeys, type RemoteJwksOptions } from './issuer-keys.js';
import type { ReplayStore } from './replay-store.js';
import type { TrustConfig } from './trust-types.js';
import { createTokenVerifier, type TokenVerifier } from './verify-ehr-token.js';

/**
 * Express middleware that authenticates the EHR on every call (discovery, service, feedback) with the JWT in
 * `Authorization: Bearer` (CDS Hooks 2.0 "Trusting CDS Clients"). Sets `res.locals.issuer` / `res.locals.tenant`.
 * Failure: 401 with an empty body, `WWW-Authenticate: Bearer` (RFC 6750 §3) and a log line with the reason code.
 * One exception: a token that passed every check but whose `jti` could not be checked because the shared replay
 * store is unreachable gets 503 with an OperationOutcome (the token may be good; retrying, or another replica, may
 * succeed). Only a validly signed token gets that far, so the 503 tells an attacker nothing.
 */

/** Options of `createEhrAuth`; defaults: ES384 + RS384, 30 s skew, 5 min maximum lifetime (inclusive). */
export interface EhrAuthOptions {
  readonly trust: TrustConfig | undefined;
  readonly mode: Mode;
  /** Configured public base URL; `aud` = this + request path, never derived from Host. */
  readonly publicBaseUrl: string;
  readonly replayStore: ReplayStore;
  readonly now?: () => Date;
  readonly log: Logger;
  readonly algorithms?: readonly string[];
  readonly clockSkewSeconds?: number;
  /** Longest `exp - iat` accepted (config `CDS_MAX_TOKEN_LIFETIME_S`); seen jtis are kept that long plus the skew. */
  readonly maxLifetimeSeconds?: number;
  /** Paths answered without a token (matched on `req.path`). */
  readonly openPaths?: readonly string[];
  readonly remoteJwks?: RemoteJwksOptions;
}

/** The sandbox's tokens live exactly 300 s; CDS Hooks best practices allow up to 1 h. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 300;

/** ES384 and RS384 are RECOMMENDED by CDS Hooks 2.0; ES256/RS256 only when configured. */
export const DEFAULT_ALGORITHMS: readonly string[] = ['ES384', 'RS384'];

// Asymmetric JWS algorithms only: "none" and HMAC SHALL NOT be used.
const ASYMMETRIC = new Set(['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519']);

/** What the middleware learnt about the caller; `issuer` is undefined for an unauthenticated development call. */
export interface EhrCaller {
  readonly issuer?: string;
  readonly tenant?: string;
}

/** Reads the caller set by `createEhrAuth` from `res.locals`, with guards instead of casts. */
export function getEhrCaller(res: Response): EhrCaller {
  const locals = res.locals as Record<string, unknown>;
  return {
    ...(typeof locals.issuer === 'string' ? { issuer: locals.issuer } : {}),
    ...(typeof locals.tenant === 'string' ? { tenant: locals.tenant } : {}),
  };
}

function bearerToken(authorization: string): string | undefined {
  const match = /^Bearer +([A-Za-z0-9_.-]+=*)\s*$/i.exec(authorization);
  return match?.[1];
}

// The exact URL called: the configured base plus the path as sent, without the query.
function audienceOf(base: string, req: Request): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  return `${base}${path}`;
}

/** Builds the authentication middleware; throws when production has no trust configuration. */
export function createEhrAuth(options: EhrAuthOptions): RequestHandler {
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
  const refused = algorithms.filter((a) => !ASYMMETRIC.has(a));
  if (refused.length > 0 || algorithms.length === 0) throw new Error(`EHR auth: algorithms not allowed: ${refused.join(', ')}`);
  if (options.mode === 'production' && !options.trust) throw new Error('EHR auth: production requires a trust file (CDS_TRUST_FILE)');
  if (options.mode === 'development') {
    options.log.warn(
      'DEVELOPMENT MODE: calls WITHOUT a JWT are accepted and the CDS Hooks sandbox (whose private key is public) is trusted. ' +
        'Never expose this service; run with NODE_ENV=production and CDS_TRUST_FILE.',
    );
  }
  const log = options.log;
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const openPaths = new Set(options.openPaths ?? ['/healthz', '/readyz']);
  const clockSkewSeconds = options.clockSkewSeconds ?? 30;
  const verify: TokenVerifier | undefined = options.trust
    ? createTokenVerifier({
        trust: options.trust,
        keys: createIssuerKeys(options.trust, options.remoteJwks),
        replayStore: options.replayStore,
        algorithms,
        now: options.now ?? (() => new Date()),
        clockSkewSeconds,
        maxLifetimeSeconds: options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS,
      })
    : undefined;

  const refuse = (req: Request, res: Response, reason: AuthFailureReason): void => {
    countJwtOutcome('refused', reason);
    (res.locals as Record<string, unknown>).authFailure = reason;
    // Reason code and method only: never the token or its claims; the request log adds the route pattern.
    log.warn({ event: 'ehr-auth-failed', reason, method: req.method }, 'EHR authentication failed');
    res.status(401).set('WWW-Authenticate', 'Bearer').end();
  };

  const unavailable = (req: Request, res: Response, next: NextFunction): void => {
    countJwtOutcome('unavailable', 'replay-store-unavailable');
    (res.locals as Record<string, unknown>).authFailure = 'replay-store-unavailable';
    log.warn({ event: 'ehr-auth-failed', reason: 'replay-store-unavailable', method: req.method }, 'EHR authentication failed');
    next(new OperationOutcomeError(serviceUnavailable('The JWT replay store cannot be reached; the token was not accepted')));
  };

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // CORS preflight carries no Authorization header by design (Fetch standard); health checks are for the platform.
    if (req.method === 'OPTIONS' || openPaths.has(req.path)) return next();
    const authorization = req.headers.authorization;
    if (authorization === undefined) {
      if (options.mode === 'development') {
        countJwtOutcome('anonymous');
        return next();
      }
      return refuse(req, res, 'missing-token');
    }
    const token = bearerToken(authorization);
    if (token === undefined) return refuse(req, res, 'malformed-authorization');
    if (!verify) return refuse(req, res, 'no-trust-configured');
    const started = performance.now();
    let caller;
    try {
      caller = await verify(token, audienceOf(base, req));
    } catch (err: unknown) {
      observeStage('authenticate', performance.now() - started);
      const { reason } = err instanceof AuthFailure ? err : toAuthFailure(err);
      if (reason === 'replay-store-unavailable') return unavailable(req, res, next);
      return refuse(req, res, reason);
    }
    observeStage('authenticate', performance.now() - started);
    countJwtOutcome('accepted');
    const locals = res.locals as Record<string, unknown>;
    locals.issuer = caller.issuer;
    locals.tenant = caller.tenant;
    next();
  };
}
