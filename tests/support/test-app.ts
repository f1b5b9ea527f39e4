import type { Express, RequestHandler } from 'express';
import { createApp, type ReadinessCheck } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { loadServiceRegistry } from '../../src/hooks/service-registry.js';
import type { FhirServerPolicy } from '../../src/http/routes.js';
import type { Knowledge } from '../../src/knowledge/knowledge-types.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { captureLog } from './log-capture.js';

/** The remote EHR FHIR server that nock simulates in tests. */
export const EHR_FHIR = 'https://ehr.example.org/fhir';

/** A fixed "now" so look-backs are deterministic. */
export const TEST_NOW = new Date('2026-11-20T12:00:00Z');

let knowledge: Knowledge | undefined;
/** The real knowledge base, loaded once per test file. */
export function realKnowledge(): Knowledge {
  knowledge ??= loadKnowledge('cds-services');
  return knowledge;
}

export interface TestAppOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly policy?: FhirServerPolicy;
  readonly guards?: readonly RequestHandler[];
  readonly preGuards?: readonly RequestHandler[];
  readonly now?: Date;
  readonly isReady?: () => boolean;
  readonly readiness?: readonly ReadinessCheck[];
}

/** The real app (real knowledge, real services, real pipeline) with a captured log. */
export function testApp(options: TestAppOptions = {}): { app: Express; config: Config; logText: () => string; logLines: () => string[] } {
  const config = loadConfig({ CDS_PUBLIC_BASE_URL: 'http://127.0.0.1', ...options.env });
  const { log, text, lines } = captureLog();
  const app = createApp({
    config,
    knowledge: realKnowledge(),
    services: loadServiceRegistry('cds-services'),
    log,
    fhirServerPolicy: options.policy ?? ((url) => url.startsWith(EHR_FHIR)),
    ...(options.guards ? { guards: options.guards } : {}),
    ...(options.preGuards ? { preGuards: options.preGuards } : {}),
    now: () => options.now ?? TEST_NOW,
    ...(options.isReady ? { isReady: options.isReady } : {}),
    ...(options.readiness ? { readiness: options.readiness } : {}),
  });
  return { app, config, logText: text, logLines: lines };
}
