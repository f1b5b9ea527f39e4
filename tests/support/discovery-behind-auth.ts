import express from 'express';
import { createEhrAuth } from '../../src/http/auth/ehr-auth.js';
import type { ReplayStore } from '../../src/http/auth/replay-store.js';
import { createErrorHandler } from '../../src/http/error-handler.js';
import { AUTH_NOW, EHR_ISSUER, jwksOf, PUBLIC_BASE, type SigningKey } from './ehr-tokens.js';
import { captureLog } from './log-capture.js';

/**
 * A production EHR authentication trusting `key` for `EHR_ISSUER` with the given replay store, in front of an empty
 * discovery (`GET /cds-services`), and the error middleware: the JWT check and the replay store alone, over HTTP.
 * `reasons` are the reason codes of the `ehr-auth-failed` log lines so far.
 */
export function discoveryBehindAuth(key: SigningKey, store: ReplayStore): { app: express.Express; reasons: () => unknown[] } {
  const { log, lines } = captureLog();
  const auth = createEhrAuth({
    trust: { issuers: [{ iss: EHR_ISSUER, jwks: jwksOf(key), fhirServers: [] }] },
    mode: 'production',
    publicBaseUrl: PUBLIC_BASE,
    replayStore: store,
    now: () => AUTH_NOW,
    log,
  });
  const server = express();
  server.get('/cds-services', auth, (_req, res) => {
    res.json({ services: [] });
  });
  server.use(createErrorHandler(log));
  const reasons = (): unknown[] => lines().map((l) => JSON.parse(l) as { event?: string; reason?: unknown }).filter((l) => l.event === 'ehr-auth-failed').map((l) => l.reason);
  return { app: server, reasons };
}
