import express from 'express';
import request from 'supertest';
import { createSecurityHeaders } from '../../../src/http/security-headers.js';

test('every response carries API security headers and is not cached', async () => {
  const app = express();
  app.use(createSecurityHeaders());
  app.get('/cds-services', (_req, res) => {
    res.json({ services: [] });
  });
  const res = await request(app).get('/cds-services').expect(200);
  expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(res.headers['cross-origin-embedder-policy']).toBeUndefined();
});
