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
    knowledgeDir: env.CDS_KNOWLEDGE_DIR ?? 'cds-services',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
