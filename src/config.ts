/**
 * Service configuration from the environment, with embedded defaults so `npm start` works on a fresh checkout.
 * Validated once at start-up; a bad value stops start-up with a message naming the variable.
 */

import { isIP } from 'node:net';

export type Mode = 'development' | 'production';

export interface Config {
  readonly mode: Mode;
  readonly port: number;
  /** Base URL clients call (JWT `aud` is computed from it, never from the Host header). */
  readonly publicBaseUrl: string;
  /** Path of the trust file (issuers, keys, FHIR servers); required in production. */
  readonly trustFile?: string;
  /** CORS origins; `*` in development by default. */
  readonly allowedOrigins: readonly string[];
  /** Request body limit in bytes. */
  readonly bodyLimitBytes: number;
  /** One deadline for a whole hook call, FHIR round-trips included. */
  readonly deadlineMs: number;
  /** `HOST`: the listening address; 127.0.0.1 in development (which accepts unauthenticated calls), else 0.0.0.0. */
  readonly host: string;
  /** `CDS_REQUEST_TIMEOUT_MS`: headers and body must arrive within this (slow clients are cut); default deadline + 3 s. */
  readonly requestTimeoutMs: number;
  /** `CDS_MAX_RESOURCES_PER_KEY`: most resources one prefetch key may hold, all pages together; more is a 412. */
  readonly maxResourcesPerKey: number;
  /** `CDS_MAX_FHIR_RESPONSE_BYTES`: most bytes read of one FHIR server answer; more is a 412. */
  readonly maxFhirResponseBytes: number;
  /**
   * `CDS_DATABASE_URL`: the PostgreSQL database of every store the replicas share (the JWT replay store now);
   * absent: in-memory stores for this process. `CDS_REPLAY_STORE_URL` is its deprecated alias.
   */
  readonly databaseUrl?: string;
  /** Bound on connecting to the database (or waiting for a pooled connection); default a third of the deadline. */
  readonly databaseConnectTimeoutMs: number;
  /** `statement_timeout` of every database statement; default a third of the deadline. */
  readonly databaseStatementTimeoutMs: number;
  /** Longest JWT lifetime (`exp - iat`, inclusive) accepted; seen jtis are kept that long plus the clock skew. */
  readonly maxTokenLifetimeSeconds: number;
  /** Clock skew allowed on JWT times (fixed). */
  readonly jwtClockSkewSeconds: number;
  /** Bound of the in-memory replay store: peak calls/s × (lifetime + skew), or `CDS_REPLAY_STORE_CAPACITY`. */
  readonly replayStoreCapacity: number;
  /** SIGTERM drain window: `/readyz` answers 503 while calls are still served, then the listener closes. */
  readonly drainMs: number;
  /** `CDS_METRICS_TOKEN`: the bearer token `GET /metrics` requires wherever it is served (at least 16 characters). */
  readonly metricsToken?: string;
  /**
   * `CDS_METRICS_PORT`: `/metrics` on a listener of its own (on `HOST`) and not on `PORT`, for a port the Kubernetes
   * Service does not expose; `0` picks a free port. Where `/metrics` is served: `src/http/metrics-endpoint.ts`.
   */
  readonly metricsPort?: number;
  /** Folder of service definitions and knowledge. */
  readonly knowledgeDir: string;
  readonly logLevel: string;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max}`);
  }
  return value;
}

function urlFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] ?? fallback;
  try {
    const url = new URL(raw);
    return url.href.replace(/\/$/, '');
  } catch {
    throw new ConfigError(name, 'must be an absolute URL');
  }
}

/**
 * The URL EHRs call, which every JWT `aud` must equal. Production has no default (a wrong guess would refuse every
 * call with 401) and must be https (CDS Hooks: services MUST be served over TLS; a proxy may terminate it).
 */
function publicBaseUrlFrom(env: NodeJS.ProcessEnv, mode: Mode, port: number): string {
  if (mode === 'development') return urlFrom(env, 'CDS_PUBLIC_BASE_URL', `http://localhost:${port}`);
  if (env.CDS_PUBLIC_BASE_URL === undefined) throw new ConfigError('CDS_PUBLIC_BASE_URL', 'is required in production');
  const url = urlFrom(env, 'CDS_PUBLIC_BASE_URL', '');
  if (!url.startsWith('https://')) throw new ConfigError('CDS_PUBLIC_BASE_URL', 'must be an https:// URL in production');
  return url;
}

function postgresUrlFrom(variable: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, 'must be a postgres:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new ConfigError(variable, 'must be a postgres:// URL');
  return raw;
}

const JWT_CLOCK_SKEW_SECONDS = 30;
// ≈ 200 bytes an entry (measured on Node 20), so at most ≈ 800 MB: beyond that, use the PostgreSQL store.
const MAX_REPLAY_STORE_CAPACITY = 4_000_000;

/**
 * The in-memory replay store must hold every token seen within one token lifetime at the peak call rate (entries
 * expire with their token plus the skew); an explicit `CDS_REPLAY_STORE_CAPACITY` overrides the product.
 */
function replayStoreCapacityFrom(env: NodeJS.ProcessEnv, maxTokenLifetimeSeconds: number): number {
  const explicit = intFrom(env, 'CDS_REPLAY_STORE_CAPACITY', 0, 1, MAX_REPLAY_STORE_CAPACITY);
  if (explicit > 0) return explicit;
  const peak = intFrom(env, 'CDS_PEAK_CALLS_PER_SECOND', 1000, 1, 100_000);
  const capacity = peak * (maxTokenLifetimeSeconds + JWT_CLOCK_SKEW_SECONDS);
  if (capacity > MAX_REPLAY_STORE_CAPACITY) {
    throw new ConfigError(
      'CDS_PEAK_CALLS_PER_SECOND',
      `× (CDS_MAX_TOKEN_LIFETIME_S + ${JWT_CLOCK_SKEW_SECONDS} s) = ${capacity} remembered tokens, more than the in-memory store's ${MAX_REPLAY_STORE_CAPACITY}: lower them or use the PostgreSQL store`,
    );
  }
  return capacity;
}

function jwtPolicyFrom(env: NodeJS.ProcessEnv): Pick<Config, 'maxTokenLifetimeSeconds' | 'jwtClockSkewSeconds' | 'replayStoreCapacity'> {
  // Inclusive 5 min by default (the sandbox's tokens live exactly 300 s); at most the best practices' 1 h.
  const maxTokenLifetimeSeconds = intFrom(env, 'CDS_MAX_TOKEN_LIFETIME_S', 300, 1, 3600);
  return {
    maxTokenLifetimeSeconds,
    jwtClockSkewSeconds: JWT_CLOCK_SKEW_SECONDS,
    replayStoreCapacity: replayStoreCapacityFrom(env, maxTokenLifetimeSeconds),
  };
}

/** `CDS_DATABASE_URL`, or its deprecated alias `CDS_REPLAY_STORE_URL`; both set and different is an error. */
function databaseUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const current = env.CDS_DATABASE_URL ? postgresUrlFrom('CDS_DATABASE_URL', env.CDS_DATABASE_URL) : undefined;
  const alias = env.CDS_REPLAY_STORE_URL ? postgresUrlFrom('CDS_REPLAY_STORE_URL', env.CDS_REPLAY_STORE_URL) : undefined;
  if (current !== undefined && alias !== undefined && current !== alias) {
    throw new ConfigError('CDS_REPLAY_STORE_URL', 'is a deprecated alias of CDS_DATABASE_URL and names another database; set CDS_DATABASE_URL only');
  }
  return current ?? alias;
}

/**
 * Database timeouts: a connection attempt and a statement together take at most 80 % of the hook deadline (the
 * driver allows a little more than the statement timeout, and the call has other work), so a stalled database
 * costs a call a bounded wait, never the whole deadline.
 */
function databaseTimeoutsFrom(env: NodeJS.ProcessEnv, deadlineMs: number): { connectMs: number; statementMs: number } {
  const third = Math.max(10, Math.floor(deadlineMs / 3));
  const connectMs = intFrom(env, 'CDS_DATABASE_CONNECT_TIMEOUT_MS', third, 10, 60000);
  const statementMs = intFrom(env, 'CDS_DATABASE_STATEMENT_TIMEOUT_MS', third, 10, 60000);
  if (connectMs + statementMs > deadlineMs * 0.8) {
    throw new ConfigError('CDS_DATABASE_STATEMENT_TIMEOUT_MS', `plus CDS_DATABASE_CONNECT_TIMEOUT_MS must be at most 80 % of CDS_DEADLINE_MS (${deadlineMs})`);
  }
  return { connectMs, statementMs };
}

/** Start-up warnings about the configuration (deprecated variables); `main.ts` logs them. */
export function configWarnings(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  return env.CDS_REPLAY_STORE_URL ? ['CDS_REPLAY_STORE_URL is deprecated: set CDS_DATABASE_URL (the database of every shared store) instead'] : [];
}

/**
 * The listening address. Development accepts unauthenticated calls, so by default it listens on loopback only;
 * production (or an explicit `HOST`) listens where the operator says, by default on every interface.
 */
function hostFrom(env: NodeJS.ProcessEnv, mode: Mode): string {
  const raw = env.HOST;
  if (raw === undefined || raw === '') return mode === 'production' ? '0.0.0.0' : '127.0.0.1';
  const host = raw.replace(/^\[(.*)\]$/, '$1');
  if (host !== 'localhost' && isIP(host) === 0) throw new ConfigError('HOST', 'must be an IP address (127.0.0.1, 0.0.0.0, ::, ...) or localhost');
  return host;
}

/**
 * `CDS_MAX_FHIR_PAGES` bounded pages, whose size the FHIR server chooses; `CDS_MAX_RESOURCES_PER_KEY` bounds what
 * is actually read. The two do not translate, so the old variable stops start-up rather than be silently ignored.
 */
function refuseReplacedVariables(env: NodeJS.ProcessEnv): void {
  if (env.CDS_MAX_FHIR_PAGES !== undefined) {
    throw new ConfigError('CDS_MAX_FHIR_PAGES', 'was replaced by CDS_MAX_RESOURCES_PER_KEY (most resources per prefetch key, default 1000): remove it');
  }
}

/** `CDS_METRICS_TOKEN` and `CDS_METRICS_PORT`; the metrics port may not be the service's own. */
function metricsFrom(env: NodeJS.ProcessEnv, port: number): Pick<Config, 'metricsToken' | 'metricsPort'> {
  const token = env.CDS_METRICS_TOKEN;
  if (token !== undefined && token.length < 16) throw new ConfigError('CDS_METRICS_TOKEN', 'must be at least 16 characters');
  const metricsPort = env.CDS_METRICS_PORT === undefined || env.CDS_METRICS_PORT === '' ? undefined : intFrom(env, 'CDS_METRICS_PORT', 0, 0, 65535);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) throw new ConfigError('CDS_METRICS_PORT', 'must differ from PORT');
  return { ...(token !== undefined ? { metricsToken: token } : {}), ...(metricsPort !== undefined ? { metricsPort } : {}) };
}

/** Reads and checks the configuration; throws `ConfigError` naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode: Mode = env.NODE_ENV === 'production' ? 'production' : 'development';
  const port = intFrom(env, 'PORT', 3000, 0, 65535);
  const origins = (env.CDS_ALLOWED_ORIGINS ?? (mode === 'development' ? '*' : ''))
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  const deadlineMs = intFrom(env, 'CDS_DEADLINE_MS', 1500, 50, 60000);
  refuseReplacedVariables(env);
  const databaseUrl = databaseUrlFrom(env);
  const databaseTimeouts = databaseTimeoutsFrom(env, deadlineMs);
  return {
    mode,
    port,
    publicBaseUrl: publicBaseUrlFrom(env, mode, port),
    ...(env.CDS_TRUST_FILE ? { trustFile: env.CDS_TRUST_FILE } : {}),
    allowedOrigins: origins,
    bodyLimitBytes: intFrom(env, 'CDS_BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    deadlineMs,
    host: hostFrom(env, mode),
    requestTimeoutMs: intFrom(env, 'CDS_REQUEST_TIMEOUT_MS', deadlineMs + 3000, deadlineMs, 600000),
    maxResourcesPerKey: intFrom(env, 'CDS_MAX_RESOURCES_PER_KEY', 1000, 1, 100000),
    maxFhirResponseBytes: intFrom(env, 'CDS_MAX_FHIR_RESPONSE_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    databaseConnectTimeoutMs: databaseTimeouts.connectMs,
    databaseStatementTimeoutMs: databaseTimeouts.statementMs,
    ...jwtPolicyFrom(env),
    drainMs: intFrom(env, 'CDS_DRAIN_MS', 3000, 0, 20_000),
    ...metricsFrom(env, port),
    knowledgeDir: env.CDS_KNOWLEDGE_DIR ?? 'cds-services',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
