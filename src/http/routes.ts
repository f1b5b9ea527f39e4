import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseContentType } from 'content-type';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { handleHook, type HookDeps } from '../handle-hook.js';
import { toOutcomeDetails } from '../hooks/ajv-errors.js';
import { assertJsonWithinLimits } from './json-limits.js';
import { feedbackSchema, type FeedbackBody } from './feedback-schema.js';
import { loggableOverrideReason, offeredOverrideReasons } from './override-reason-log.js';
import { badRequest, methodNotAllowed, notFound, OperationOutcomeError, unsupportedMediaType } from '../outcomes/operation-outcome.js';

// Hostile bodies (deep nesting, huge arrays, prototype keys) stop here, before any schema walks them.
const JSON_LIMITS = { maxDepth: 64, maxArrayLength: 10_000 } as const;

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

/** Decides whether a caller's `fhirServer` may be contacted, given the verified JWT issuer (if any). */
export type FhirServerPolicy = (fhirServer: string, issuer?: string) => boolean;

/** Discovery, service calls and feedback under `/cds-services`. */
export function createCdsRoutes(deps: Omit<HookDeps, 'isFhirServerAllowed'>, policy: FhirServerPolicy, log: Logger): Router {
  const router = Router();
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const isFeedback = ajv.compile<FeedbackBody>(feedbackSchema);
  const offeredReasons = offeredOverrideReasons(deps.knowledge);

  router.get('/', (_req, res) => {
    res.json({ services: deps.services.services });
  });

  router.post('/:id', async (req, res) => {
    const body: unknown = req.body;
    assertJsonWithinLimits(body, JSON_LIMITS);
    const locals = res.locals as Record<string, unknown>;
    locals.serviceId = deps.services.find(req.params.id)?.id;
    const hookInstance = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).hookInstance : undefined;
    if (typeof hookInstance === 'string' && UUID.test(hookInstance)) locals.hookInstance = hookInstance;
    const issuer = typeof locals.issuer === 'string' ? locals.issuer : undefined;
    const outcome = await handleHook(req.params.id, body, { ...deps, isFhirServerAllowed: (url) => policy(url, issuer) });
    locals.timingsMs = outcome.timingsMs;
    // Feedback names cards by uuid only; logging each uuid with its topic lets governance join the two.
    locals.cards = outcome.response.cards.map((card) => ({ uuid: card.uuid, topic: card.source.topic.code }));
    locals.droppedWrongPatient = outcome.droppedWrongPatient;
    res.json(outcome.response);
  });

  router.post('/:id/feedback', (req, res) => {
    const service = deps.services.find(req.params.id);
    if (!service) throw new OperationOutcomeError(notFound(`Unknown CDS service '${req.params.id}'`));
    const body: unknown = req.body;
    assertJsonWithinLimits(body, JSON_LIMITS);
    if (!isFeedback(body)) throw new OperationOutcomeError(badRequest(toOutcomeDetails(isFeedback.errors)));
    // Governance reviews accepted and overridden cards. Card and suggestion uuids are checked by the schema; a reason
    // code is logged only when it is one our cards offer, since anything else is free text from the EHR.
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
