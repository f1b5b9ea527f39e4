import express from 'express';

/**
 * The physical limit the service is measured against: Express parsing the same JSON body (the service's 5 MiB
 * limit) and answering an empty card list. `PORT` from the environment; `GET /readyz` for the bench's start-up poll.
 */
const app = express();
app.disable('x-powered-by');
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ready' });
});
app.post('/cds-services/:id', express.json({ limit: 5 * 1024 * 1024 }), (_req, res) => {
  res.json({ cards: [] });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
server.keepAliveTimeout = 65_000;
process.once('SIGTERM', () => server.close(() => process.exit(0)));
