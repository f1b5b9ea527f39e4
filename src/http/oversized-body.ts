import type { RequestHandler } from 'express';
import { OperationOutcomeError, payloadTooLarge } from '../outcomes/operation-outcome.js';
import { declaredContentLength } from './http-server.js';

/**
 * 413 as soon as the headers declare a body over the limit, before any of it is read and before authentication,
 * so a client cannot make the server wait for (or buffer) what it will refuse anyway. `Connection: close`: the
 * unread body must not be taken for the next request on the connection.
 */
export function refuseOversizedBody(limitBytes: number): RequestHandler {
  return (req, res, next) => {
    const length = declaredContentLength(req);
    if (length === undefined || length <= limitBytes) {
      next();
      return;
    }
    res.set('Connection', 'close');
    next(new OperationOutcomeError(payloadTooLarge(`Request body of ${length} bytes is over the limit of ${limitBytes} bytes`)));
  };
}
