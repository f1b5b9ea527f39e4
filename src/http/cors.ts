import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for browser clients such as the CDS Hooks Sandbox (checklist §9): the preflight `OPTIONS` is answered
 * here with 204 before authentication runs (a preflight never carries `Authorization`). Requests are never
 * credentialed, so `Access-Control-Allow-Credentials` is never sent and `*` is safe in development.
 */

/** Headers the sandbox sends (axios: Authorization + Content-Type), plus Accept. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Accept'];

/** Methods of the CDS Hooks routes: discovery (GET), service and feedback calls (POST). */
export const CORS_ALLOWED_METHODS = ['GET', 'POST', 'OPTIONS'];

/**
 * CORS middleware for `allowedOrigins` (`config.allowedOrigins`): `*` allows any origin; otherwise the request's
 * `Origin` is echoed only when listed (with `Vary: Origin`). With no origins, preflights still get a 204 but no
 * `Access-Control-Allow-Origin`, so browsers refuse the call.
 */
export function createCors(allowedOrigins: readonly string[], options: { readonly allowPrivateNetwork?: boolean } = {}): RequestHandler {
  const handler = cors({
    origin: allowedOrigins.includes('*') ? '*' : [...allowedOrigins],
    methods: CORS_ALLOWED_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    credentials: false,
    maxAge: 600,
    preflightContinue: false,
    optionsSuccessStatus: 204,
  });
  if (options.allowPrivateNetwork !== true) return handler;
  // Chromium's Private Network Access: a public page (the sandbox) calling a service on localhost must be
  // allowed explicitly in the preflight. Development only: a production service is not reached that way.
  return (req, res, next) => {
    if (req.method === 'OPTIONS' && req.headers['access-control-request-private-network'] === 'true') {
      res.setHeader('Access-Control-Allow-Private-Network', 'true');
    }
    handler(req, res, next);
  };
}
