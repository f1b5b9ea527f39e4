import express from 'express';
import request from 'supertest';
import helmet from 'helmet';
import { createSecurityHeaders, HELMET_OPTIONS, helmetHeaderBlock } from '../../../src/http/security-headers.js';

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

test('the precomputed block holds exactly the headers helmet itself sets with the same options', async () => {
  const fromHelmet = express();
  fromHelmet.disable('x-powered-by');
  fromHelmet.use(
helmet(HELMET_OPTIONS));
  fromHelmet.get('/', (_req, res) => {
    res.end();
  });
  const ours = express();
  ours.disable('x-powered-by');
  ours.use(createSecurityHeaders());
  ours.get('/', (_req, res) => {
    res.end();
  });
  const securityHeaders = (headers: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'cache-control'].includes(name)));
  const expected = securityHeaders((await request(fromHelmet).get('/').expect(200)).headers as Record<string, string>);
  expect(Object.keys(expected).length).toBeGreaterThanOrEqual(12);
  expect(securityHeaders((await request(ours).get('/').expect(200)).headers as Record<string, string>)).toEqual(expected);
  expect(helmetHeaderBlock().map(([name]) => name.toLowerCase())).toEqual(expect.arrayContaining(Object.keys(expected)));
});
