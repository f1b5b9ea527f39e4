/**
 * Service configuration from the environment, with embedded defaults so `npm start` works on a fresh checkout.
 * Validated once at start-up; a bad value stops start-up with a message naming the variable.
 */

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
  /** Maximum `next` pages followed per prefetch key. */
  readonly maxFhirPages: number;
  /** PostgreSQL URL of the JWT replay store shared by replicas; absent: an in-memory store for this process. */
  readonly replayStoreUrl?: string;
  /** Longest JWT lifetime (`exp - iat`, inclusive) accepted; seen jtis are kept that long plus the clock skew. */
  readonly maxTokenLifetimeSeconds: number;
  /** Clock skew allowed on JWT times (fixed). */
  readonly jwtClockSkewSeconds: number;
  /** Bound of the in-memory replay store: peak calls/s × (lifetime + skew), or `CDS_REPLAY_STORE_CAPACITY`. */
  readonly replayStoreCapacity: number;
  /** SIGTERM drain window: `/readyz` answers 503 while calls are still served, then the listener closes. */
  readonly drainMs: number;
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

function replayStoreUrlFrom(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('CDS_REPLAY_STORE_URL', 'must be a postgres:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new ConfigError('CDS_REPLAY_STORE_URL', 'must be a postgres:// URL');
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

/** Reads and checks the configuration; throws `ConfigError` naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode: Mode = env.NODE_ENV === 'production' ? 'production' : 'development';
  const port = intFrom(env, 'PORT', 3000, 0, 65535);
  const origins = (env.CDS_ALLOWED_ORIGINS ?? (mode === 'development' ? '*' : ''))
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  return {
    mode,
    port,
    publicBaseUrl: publicBaseUrlFrom(env, mode, port),
    ...(env.CDS_TRUST_FILE ? { trustFile: env.CDS_TRUST_FILE } : {}),
    allowedOrigins: origins,
    bodyLimitBytes: intFrom(env, 'CDS_BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    deadlineMs: intFrom(env, 'CDS_DEADLINE_MS', 1500, 50, 60000),
    maxFhirPages: intFrom(env, 'CDS_MAX_FHIR_PAGES', 10, 1, 100),
    ...(env.CDS_REPLAY_STORE_URL ? { replayStoreUrl: replayStoreUrlFrom(env.CDS_REPLAY_STORE_URL) } : {}),
    ...jwtPolicyFrom(env),
    drainMs: intFrom(env, 'CDS_DRAIN_MS', 3000, 0, 20_000),
    knowledgeDir: env.CDS_KNOWLEDGE_DIR ?? 'cds-services',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
