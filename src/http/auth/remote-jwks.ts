import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { jwksFetches } from '../../metrics/auth-metrics.js';
import { AuthFailure, hasJoseCode } from './auth-failure.js';

/**
 * One allowlisted JWKS URL, fetched and cached. jose's `createRemoteJWKSet` refetches a failing URL on every token
 * that needs it (it remembers successes only), so a JWKS host answering 500 is hammered by every call with an
 * unknown `kid`. This cache keeps jose for what it does well (key selection by `kid`/`alg`/`kty`, via
 * `createLocalJWKSet`) and owns the fetching policy:
 * - one fetch in flight per URL, shared by every call waiting for it;
 * - each fetch bounded by a timeout well inside the hook deadline (redirects refused, body size capped);
 * - a failed fetch is remembered: no new fetch before a backoff that doubles with each failure (negative cache);
 * - a fetched set is used for `cacheMaxAgeMs`, and kept past that while refetching fails (keys still verify);
 * - an unknown `kid` (key rotation) refetches at most once per `cooldownMs`.
 */

/** Caching and fetching policy of allowlisted JWKS URLs. */
export interface RemoteJwksOptions {
  /** How long a fetched JWKS is used before it is fetched again (default 10 min). */
  readonly cacheMaxAgeMs?: number;
  /** Minimum time between refetches triggered by an unknown `kid` (key rotation; default 30 s). */
  readonly cooldownMs?: number;
  /** Timeout of one JWKS fetch, body included (default 500 ms; `security.ts` derives it from the hook deadline). */
  readonly timeoutMs?: number;
  /** No fetch for this long after a failed one (default 1 s), doubling with each further failure... */
  readonly failureBackoffMs?: number;
  /** ...up to this (default 60 s). */
  readonly maxFailureBackoffMs?: number;
  /** Largest JWKS body accepted (default 256 KiB). */
  readonly maxBytes?: number;
  /** Monotonic clock in ms (default `performance.now`), injectable for tests. */
  readonly clock?: () => number;
}

/** The fetch timeout for a hook deadline: a third of it, so a failed fetch still leaves time to answer. */
export const jwksTimeoutMs = (deadlineMs: number): number => Math.max(50, Math.floor(deadlineMs / 3));

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error(`JWKS body of ${declared} bytes exceeds ${maxBytes}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new Error(`JWKS body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function download(url: URL, timeoutMs: number, maxBytes: number): Promise<JSONWebKeySet> {
  // A JWKS URL can't bounce elsewhere: a redirect is a failure like any answer but 200.
  const response = await fetch(url, {
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/jwk-set+json, application/json' },
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`JWKS URL answered ${response.status}`);
  }
  return JSON.parse(await readCapped(response, maxBytes)) as JSONWebKeySet;
}

/** The key resolver of one JWKS URL; a fetch failure is `AuthFailure('jwks-unavailable')`. */
export function createRemoteJwks(url: URL, options: RemoteJwksOptions = {}): JWTVerifyGetKey {
  const clock = options.clock ?? (() => performance.now());
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 600_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 500;
  const backoffMs = options.failureBackoffMs ?? 1000;
  const maxBackoffMs = options.maxFailureBackoffMs ?? 60_000;
  const maxBytes = options.maxBytes ?? 256 * 1024;

  let keys: JWTVerifyGetKey | undefined;
  let fetchedAt = -Infinity;
  let failures = 0;
  let retryAt = -Infinity;
  let lastFailure: unknown;
  let inFlight: Promise<void> | undefined;

  const fetchOnce = async (): Promise<void> => {
    try {
      // createLocalJWKSet throws on anything that is not a JWK Set.
      keys = createLocalJWKSet(await download(url, timeoutMs, maxBytes));
      fetchedAt = clock();
      failures = 0;
      retryAt = -Infinity;
      jwksFetches.inc({ outcome: 'ok' });
    } catch (err: unknown) {
      failures += 1;
      retryAt = clock() + Math.min(maxBackoffMs, backoffMs * 2 ** (failures - 1));
      lastFailure = err;
      jwksFetches.inc({ outcome: 'failed' });
      throw new AuthFailure('jwks-unavailable', err);
    }
  };

  // Single flight: concurrent calls share one fetch; during the backoff they fail at once, without a fetch.
  const refresh = (): Promise<void> => {
    if (!inFlight && clock() < retryAt) return Promise.reject(new AuthFailure('jwks-unavailable', lastFailure));
    inFlight ??= fetchOnce().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return async (header, token) => {
    if (!keys || clock() - fetchedAt >= cacheMaxAgeMs) {
      try {
        await refresh();
      } catch (err: unknown) {
        // Stale keys still verify while the host is down; only without any keys is the token refused.
        if (!keys) throw err;
      }
    }
    const current = keys;
    if (!current) throw new AuthFailure('jwks-unavailable', lastFailure);
    try {
      return await current(header, token);
    } catch (err: unknown) {
      // An unknown kid may be a rotated key: refetch, but at most once per cooldown.
      if (!hasJoseCode(err, 'ERR_JWKS_NO_MATCHING_KEY') || clock() - fetchedAt < cooldownMs) throw err;
      await refresh();
      return (keys ?? current)(header, token);
    }
  };
}
