import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Response headers for a JSON API (OWASP REST Security Cheat Sheet, "Security Headers"): a CSP that allows
 * nothing and no framing, nosniff, HSTS, no referrer, and `Cache-Control: no-store` because cards describe a
 * patient. `Cross-Origin-Resource-Policy` stays `same-origin`: it applies to no-cors loads only, and the
 * sandbox's CORS calls are unaffected.
 */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  xFrameOptions: { action: 'deny' },
} as const;

/** One header helmet sets (a value) or removes (`undefined`). */
type HeaderStep = readonly [name: string, value: string | undefined];

/**
 * The headers helmet sets, learnt once at start-up by running its middleware on a response that only records them.
 * With these options every header is static (no CSP nonce, nothing read from the request), so each answer gets the
 * same block without helmet's eleven middleware calls per request (issue 11's profile). Throws when helmet would
 * need the request or fail, so a change of options that makes a header dynamic cannot pass unnoticed.
 */
export function helmetHeaderBlock(): readonly HeaderStep[] {
  const steps: HeaderStep[] = [];
  const recorder = {
    setHeader(name: string, value: unknown): void {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a non-string value`);
      steps.push([name, value]);
    },
    removeHeader(name: string): void {
      steps.push([name, undefined]);
    },
  };
  let done = false;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err !== undefined) throw new Error(`helmet refused its options: ${String(err)}`);
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return steps;
}

/** The security headers of every answer, then `Cache-Control: no-store`, as one precomputed block. */
export function createSecurityHeaders(): RequestHandler {
  const block: readonly HeaderStep[] = [...helmetHeaderBlock(), ['Cache-Control', 'no-store']];
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of block) {
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}
