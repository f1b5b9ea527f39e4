import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import {
  badRequest,
  getStatus,
  normalizeOperationOutcome,
  OperationOutcomeError,
  outcomeCode,
  payloadTooLarge,
  unsupportedMediaType,
} from '../outcomes/operation-outcome.js';

/**
 * body-parser marks its errors with `type`; these are client errors, never 500s. Others carry only a 4xx
 * `status`: body-parser wrapping a zlib error (Content-Encoding gzip or deflate on bytes that are not), or the
 * router's URIError for a malformed `%` escape in a path parameter. Both are 400 with generic text.
 */
function fromBodyParser(err: unknown): OperationOutcomeError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  if (!('type' in err)) return isClientHttpError(err) ? new OperationOutcomeError(badRequest([{ diagnostics: 'Unreadable request' }])) : undefined;
  switch ((err as { type: unknown }).type) {
    case 'entity.too.large':
      return new OperationOutcomeError(payloadTooLarge('Request body is over the size limit'));
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new OperationOutcomeError(unsupportedMediaType('Unsupported body charset or encoding'));
    case 'entity.parse.failed':
      return new OperationOutcomeError(badRequest([{ diagnostics: 'Body is not valid JSON', expression: 'body' }]));
    default:
      return new OperationOutcomeError(badRequest([{ diagnostics: 'Unreadable request body', expression: 'body' }]));
  }
}

/** The only error middleware: every failure leaves as an OperationOutcome; 401s leave with no body. */
export function createErrorHandler(log: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const outcome = normalizeOperationOutcome(fromBodyParser(err) ?? err);
    const status = getStatus(outcome);
    if (status >= 500) log.error({ err: errorSummary(err), hookInstance: res.locals.hookInstance }, 'request failed');
    res.locals.outcomeCode = outcomeCode(outcome);
    if (res.headersSent) return;
    if (status === 401) {
      res.status(401).end();
      return;
    }
    res.status(status).type('application/fhir+json').json(outcome);
  };
}

function isClientHttpError(err: object): boolean {
  const { status } = err as { status?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500;
}

// Name and stack only: messages of foreign errors can carry request data.
function errorSummary(err: unknown): { name: string; stack?: string } {
  return err instanceof Error ? { name: err.name, ...(err.stack ? { stack: err.stack.split('\n').slice(1, 6).join('\n') } : {}) } : { name: typeof err };
}
