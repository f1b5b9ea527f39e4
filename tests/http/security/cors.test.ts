import express, { type Express } from 'express';
import request from 'supertest';
import { createCors } from '../../../src/http/cors.js';

// dimensions: preflight vs actual request · allowed origins (*, a list, none) · origin listed or not ·
// never a credentials header

function corsApp(origins: readonly string[]): Express {
  const app = express();
  app.use(createCors(origins));
  // Stands in for auth: anything that gets past CORS without being answered is refused.
  app.use((_req, res) => {
    res.status(401).end();
  });
  return app;
}

const SANDBOX = 'https://sandbox.cds-hooks.org';
const preflight = (app: Express, origin = SANDBOX): request.Test =>
  request(app)
    .options('/cds-services/leg-cramps-patient-view')
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization,content-type');

test('a preflight is answered 204 before auth, with the methods and headers the sandbox needs', async () => {
  const res = await preflight(corsApp(['*']));
  expect(res.status).toBe(204);
  expect(res.headers['access-control-allow-origin']).toBe('*');
  expect(res.headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
  expect(res.headers['access-control-allow-headers']).toBe('Authorization,Content-Type,Accept');
  expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  expect(res.text).toBe('');
});

test('an actual request from any origin gets Allow-Origin * in development', async () => {
  const res = await request(corsApp(['*'])).get('/cds-services').set('Origin', SANDBOX);
  expect(res.headers['access-control-allow-origin']).toBe('*');
  expect(res.headers['access-control-allow-credentials']).toBeUndefined();
});

test('a listed origin is echoed with Vary: Origin', async () => {
  const res = await preflight(corsApp([SANDBOX, 'https://ehr.example.org']));
  expect(res.status).toBe(204);
  expect(res.headers['access-control-allow-origin']).toBe(SANDBOX);
  expect(res.headers['vary']).toContain('Origin');
});

test('an unlisted origin gets a 204 preflight but no Allow-Origin, so the browser refuses', async () => {
  const res = await preflight(corsApp([SANDBOX]), 'https://evil.example.com');
  expect(res.status).toBe(204);
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
});

test('with no origins configured, preflights are still answered without Allow-Origin', async () => {
  const res = await preflight(corsApp([]));
  expect(res.status).toBe(204);
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
});

test('with private-network access allowed, a Private Network Access preflight gets Allow-Private-Network', async () => {
  const app = express();
  app.use(createCors(['*'], { allowPrivateNetwork: true }));
  const res = await preflight(app).set('Access-Control-Request-Private-Network', 'true');
  expect([res.status, res.headers['access-control-allow-private-network']]).toEqual([204, 'true']);
});

test('by default a Private Network Access preflight gets no Allow-Private-Network', async () => {
  const res = await preflight(corsApp(['*'])).set('Access-Control-Request-Private-Network', 'true');
  expect([res.status, res.headers['access-control-allow-private-network']]).toEqual([204, undefined]);
});
