import express from 'express';

/**
 * A control for the p99 of the benchmark: bare Express (bench/bare-server.ts) that, after parsing the body,
 * busy-waits `SPIN_US` microseconds of wall clock before answering. It does no work of the service's, holds no ledger
 * and starts no thread, so its p99 at 32 connections shows what Node's HTTP server and the load generator here give
 * a server that costs that much more per call (the `tail` scenario of bench/run.ts; the CPU it adds is measured).
 */
const spinMs = Number(process.env.SPIN_US ?? '0') / 1000;
if (!Number.isFinite(spinMs) || spinMs < 0) throw new Error('SPIN_US must be a number of microseconds ≥ 0');
const app = express();
app.disable('x-powered-by');
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ready' });
});
app.post('/cds-services/:id', express.json({ limit: 5 * 1024 * 1024 }), (_req, res) => {
  // A busy wait, not a timer: the event loop must stay blocked, as it is while a service computes.
  const until = performance.now() + spinMs;
  while (performance.now() < until);
  res.json({ cards: [] });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
server.keepAliveTimeout = 65_000;
process.once('SIGTERM', () => server.close(() => process.exit(0)));
