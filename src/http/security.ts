import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createEhrAuth } from './auth/ehr-auth.js';
import { jwksTimeoutMs, type RemoteJwksOptions } from './auth/remote-jwks.js';
import { createMemoryReplayStore, type ReplayStore } from './auth/replay-store.js';
import { loadTrustForMode } from './auth/startup-trust.js';
import { createCors } from './cors.js';
import { createFhirServerPolicy } from './fhir-server-policy.js';
import type { FhirServerPolicy } from './routes.js';
import { createSecurityHeaders } from './security-headers.js';

/** The security pieces `createApp` plugs in (`AppDeps.fhirServerPolicy`, `guards`, `preGuards`). */
export interface Security {
  readonly fhirServerPolicy: FhirServerPolicy;
  /** Before everything: security headers, then CORS (answers preflights before auth). */
  readonly preGuards: readonly RequestHandler[];
  /** Before the `/cds-services` routes: EHR JWT authentication. */
  readonly guards: readonly RequestHandler[];
}

/** Overrides for tests and for a shared replay store when running several replicas. */
export interface SecurityOptions {
  readonly replayStore?: ReplayStore;
  readonly now?: () => Date;
  readonly sandboxJwksPath?: string;
  readonly algorithms?: readonly string[];
  readonly remoteJwks?: RemoteJwksOptions;
}

/**
 * Loads the trust configuration for the mode (production refuses to start without `CDS_TRUST_FILE` and a FHIR
 * server allowlist) and builds the middleware and the FHIR server policy from it.
 */
export async function createSecurity(config: Config, log: Logger, options: SecurityOptions = {}): Promise<Security> {
  const trust = loadTrustForMode(config, log, options.sandboxJwksPath ? { sandboxJwksPath: options.sandboxJwksPath } : {});
  const now = options.now ?? (() => new Date());
  const auth = createEhrAuth({
    trust,
    mode: config.mode,
    publicBaseUrl: config.publicBaseUrl,
    replayStore: options.replayStore ?? createMemoryReplayStore({ now, capacity: config.replayStoreCapacity, log }),
    now,
    clockSkewSeconds: config.jwtClockSkewSeconds,
    maxLifetimeSeconds: config.maxTokenLifetimeSeconds,
    remoteJwks: { timeoutMs: jwksTimeoutMs(config.deadlineMs), ...options.remoteJwks },
    log,
    ...(options.algorithms ? { algorithms: options.algorithms } : {}),
  });
  return {
    fhirServerPolicy: createFhirServerPolicy(trust, config.mode),
    preGuards: [createSecurityHeaders(), createCors(config.allowedOrigins, { allowPrivateNetwork: config.mode === 'development' })],
    guards: [auth],
  };
}
