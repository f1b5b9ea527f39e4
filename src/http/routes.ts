import { parse as parseContentType } from 'content-type';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { handleHook, type HookDeps } from '../handle-hook.js';
import { toOutcomeDetails } from '../hooks/ajv-errors.js';
import { assertJsonWithinLimits } from './json-limits.js';
import { acceptFeedback, FeedbackRefused, type FeedbackDeps } from '../governance/feedback.js';
import type { FeedbackBody } from '../governance/feedback-schema.js';
import { isFeedback as isFeedbackBody } from '../standalone-validators/feedback.js';
import type { SchemaValidator } from '../standalone-validators/schema-validator.js';
import { StorageUnavailableError } from '../storage/governance-store.js';
import {
  badRequest,
  forbidden,
  methodNotAllowed,
  notFound,
  OperationOutcomeError,
  serviceUnavailable,
  unsupportedMediaType,
} from '../outcomes/operation-outcome.js';
import { loggableOverrideReason, offeredOverrideReasons } from './override-reason-log.js';

// Hostile bodies (deep nesting, huge arrays, prototype keys) stop here, before any schema walks them.
export const JSON_LIMITS = { maxDepth: 64, maxArrayLength: 10_000 } as const;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The declared charset, lower-cased; `undefined` when none is declared, `''` when the header does not parse. */
function declaredCharset(req: Request): string | undefined {
  try {
    return parseContentType(req.headers['content-type'] ?? '').parameters['charset']?.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * 415 unless the body is declared JSON (CDS Hooks: "application/json") in UTF-8, the only encoding JSON exchanged
 * between systems may use (RFC 8259 §8.1). body-parser would decode UTF-7 or UTF-16 too, and a body that reads as
 * one thing in UTF-7 and another in UTF-8 could slip past a gateway's inspection.
 */
export function requireJson(req: Request, _res: Response, next: (err?: unknown) => void): void {
  if (req.method !== 'POST') {
    next();
    return;
  }
  if (!req.is(['application/json', 'application/*+json'])) {
    next(new OperationOutcomeError(unsupportedMediaType('Content-Type must be application/json')));
    return;
  }
  const charset = declaredCharset(req);
  if (charset !== undefined && charset !== 'utf-8') {
    next(new OperationOutcomeError(unsupportedMediaType('JSON must be UTF-8: declare charset=utf-8 or no charset')));
    return;
  }
  next();
}

/** A database that cannot answer becomes a 503 whose text names no file; the log line says which. */
function unavailableAs503(log: Logger) {
  return (err: unknown): never => {
    if (!(err instanceof StorageUnavailableError)) throw err;
    log.error({ err: err.message, code: err.code }, 'governance database unavailable');
    throw new OperationOutcomeError(serviceUnavailable('The governance database cannot be written now; nothing was stored, try again later'), err);
  };
}

function refusedAsOutcome(err: unknown): never {
  if (!(err instanceof FeedbackRefused)) throw err;
  if (err.status === 'forbidden') throw new OperationOutcomeError(forbidden(err.message));
  if (err.status === 'not-found') throw new OperationOutcomeError(notFound(err.message, err.expression));
  throw new OperationOutcomeError(badRequest([{ diagnostics: err.message, ...(err.expression ? { expression: err.expression } : {}) }]));
}

/**
 * A 200 JSON answer with the bytes and headers `res.json` gives it (this app sets no JSON replacer, spacing or
 * escaping), without what `res.send` adds per call and that does nothing for a POST answer: re-parsing the
 * Content-Type to add the charset, a freshness check, and a copy of every answer over 1000 characters into a Buffer.
 */
function sendJson(res: Response, value: unknown): void {
  const body = JSON.stringify(value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Decides whether a caller's `fhirServer` may be contacted, given the verified JWT issuer (if any). */
export type FhirServerPolicy = (fhirServer: string, issuer?: string) => boolean;

/**
 * `POST /cds-services/:id`, a hook call: `src/app.ts` mounts it as one route with only what a hook call needs before
 * it (authentication, the JSON checks, the body parser), so a call does not walk the discovery and feedback routes.
 */
export function createHookCallHandler(
  deps: Omit<HookDeps, 'isFhirServerAllowed' | 'caller'>,
  policy: FhirServerPolicy,
  log: Logger,
): (req: Request<{ id: string }>, res: Response) => Promise<void> {
  return async (req, res) => {
    const body: unknown = req.body;
    assertJsonWithinLimits(body, JSON_LIMITS);
    const locals = res.locals as Record<string, unknown>;
    locals.serviceId = deps.services.find(req.params.id)?.id;
    const hookInstance = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).hookInstance : undefined;
    if (typeof hookInstance === 'string' && UUID.test(hookInstance)) locals.hookInstance = hookInstance;
    const issuer = typeof locals.issuer === 'string' ? locals.issuer : undefined;
    const tenant = typeof locals.tenant === 'string' ? locals.tenant : undefined;
    const outcome = await handleHook(req.params.id, body, {
      ...deps,
      isFhirServerAllowed: (url) => policy(url, issuer),
      caller: { ...(issuer ? { issuer } : {}), ...(tenant ? { tenant } : {}) },
    }).catch(unavailableAs503(log));
    locals.timingsMs = outcome.timingsMs;
    // Feedback names cards by uuid only; logging each uuid with its topic lets governance join the two.
    locals.cards = outcome.response.cards.map((card) => ({ uuid: card.uuid, topic: card.source.topic.code }));
    locals.droppedWrongPatient = outcome.droppedWrongPatient;
    locals.unreadableUnits = outcome.unreadableUnits;
    if (deps.knowledge.siteConfig) locals.siteConfig = deps.knowledge.siteConfig.sha256.slice(0, 12);
    if (deps.governance) locals.suppressed = outcome.suppressed;
    sendJson(res, outcome.response);
  };
}

/** Discovery and feedback under `/cds-services` (hook calls: `createHookCallHandler`), and 405 for other methods. */
export function createCdsRoutes(deps: Pick<HookDeps, 'services' | 'knowledge'>, log: Logger, feedback?: FeedbackDeps): Router {
  const router = Router();
  // feedback-schema.ts as ajv standalone code (src/standalone-validators/generate.ts).
  const isFeedback = isFeedbackBody as SchemaValidator<FeedbackBody>;
  const offeredReasons = offeredOverrideReasons(deps.knowledge);

  router.get('/', (_req, res) => {
    res.json({ services: deps.services.services });
  });

  router.post('/:id/feedback', async (req, res) => {
    const service = deps.services.find(req.params.id);
    if (!service) throw new OperationOutcomeError(notFound(`Unknown CDS service '${req.params.id}'`));
    const body: unknown = req.body;
    assertJsonWithinLimits(body, JSON_LIMITS);
    if (!isFeedback(body)) throw new OperationOutcomeError(badRequest(toOutcomeDetails(isFeedback.errors)));
    // Checked against the ledger and stored before anything is logged or answered.
    if (feedback) {
      const issuer = (res.locals as Record<string, unknown>).issuer;
      await acceptFeedback(service.id, body.feedback, typeof issuer === 'string' ? issuer : undefined, feedback).catch(unavailableAs503(log)).catch(refusedAsOutcome);
    }
    // Governance reviews accepted and overridden cards. A reason code is logged only when it is one our cards offer,
    // since anything else is free text from the EHR (without a store, nothing else has checked it).
    for (const item of body.feedback) {
      log.info(
        {
          service: service.id,
          card: item.card,
          outcome: item.outcome,
          acceptedSuggestions: item.acceptedSuggestions?.map((s) => s.id),
          overrideReason: loggableOverrideReason(item.overrideReason?.reason, offeredReasons),
        },
        'feedback',
      );
    }
    // The spec gives no status for feedback; 204 once stored (a repeat is the same answer, stored once).
    res.status(204).end();
  });

  router.all('/', () => {
    throw new OperationOutcomeError(methodNotAllowed('Use GET for discovery'));
  });
  router.all('/:id', () => {
    throw new OperationOutcomeError(methodNotAllowed('Use POST to call a service'));
  });
  return router;
}
