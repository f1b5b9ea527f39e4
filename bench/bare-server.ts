import express, { type RequestHandler } from 'express';

/**
 * The physical limit the service is measured against: Express parsing the same JSON body (the service's 5 MiB
 * limit) and answering an empty card list. `PORT` from the environment; `GET /readyz` for the bench's start-up poll.
 *
 * With `SPIN_US` set it is the p99 control of the `tail` scenario (bench/run.ts): after the parse it busy-waits that
 * many microseconds of wall clock before answering. It does no work of the service's, holds no ledger and starts no
 * thread, so its p99 at 32 connections shows what Node's HTTP server and the load generator here give a server that
 * costs that much more per call (the CPU it adds is measured beside it). The handler is chosen once, so the reference
 * itself runs no extra step per call.
 */
const spinMs = Number(process.env.SPIN_US ?? '0') / 1000;
if (!Number.isFinite(spinMs) || spinMs < 0) throw new Error('SPIN_US must be a number of microseconds ≥ 0');

const answer: RequestHandler = (_req, res) => {
  res.json({ cards: [] });
};
// A busy wait, not a timer: the event loop must stay blocked, as it is while a service computes.
const spinThenAnswer: RequestHandler = (req, res, next) => {
  const until = performance.now() + spinMs;
  while (performance.now() < until);
  answer(req, res, next);
};

const app = express();
app.disable('x-powered-by');
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ready' });
});
app.post('/cds-services/:id', express.json({ limit: 5 * 1024 * 1024 }), spinMs > 0 ? spinThenAnswer : answer);
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
server.keepAliveTimeout = 65_000;
process.once('SIGTERM', () => server.close(() => process.exit(0)));
