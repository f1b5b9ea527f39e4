import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Response headers for a JSON API (OWASP REST Security Cheat Sheet, "Security Headers"): a CSP that allows
 * nothing and no framing, nosniff, HSTS, no referrer, and `Cache-Control: no-store` because cards describe a
 * patient. `Cross-Origin-Resource-Policy` stays `same-origin`: it applies to no-cors loads only, and the
 * sandbox's CORS calls are unaffected.
 */
export function createSecurityHeaders(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    xFrameOptions: { action: 'deny' },
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    res.set('Cache-Control', 'no-store');
    headers(req, res, next);
  };
}
