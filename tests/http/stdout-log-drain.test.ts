import { spawnSync } from 'node:child_process';

// The service's stdout logger (src/log.ts) in a real process, its stdout a pipe as in a container, under a
// saturating load: every turn of the event loop answers calls (busy for a few ms) and logs more than 16 KiB of
// request lines. Each asynchronous write of stdout takes what is pending, so the lines leave as fast as they come and
// nothing piles up in memory. With sonic-boom's default of 16 KiB per write (one write completing per turn) the
// backlog grew by the difference every turn, for as long as the load lasted (megabytes a minute at c=32).

// The child counts the bytes it logged and the bytes stdout reported written (sonic-boom's 'write' event) and prints
// what was still pending when the load ended.
const SATURATED = `
import { pino } from 'pino';
import { createLogger } from './dist/log.js';
const log = createLogger('info');
let written = 0;
log[pino.symbols.streamSym].on('write', (n) => { written += n; });
let logged = 0;
const line = 'x'.repeat(1000);
let turns = 0;
const busy = () => {
  for (let i = 0; i < 30; i++) log.info({ hookInstance: 'load', line }, 'request');
  logged += 30;
  const until = Date.now() + 3;
  while (Date.now() < until);
  if (++turns < 40) return setImmediate(busy);
  process.stderr.write('logged ' + logged + ' lines, written ' + written + ' bytes\\n');
  log.flush(() => process.exit(0));
};
setImmediate(busy);
`;

test('under a load that logs 30 KiB per turn of the event loop, the lines leave with the turns: no backlog builds up', () => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', SATURATED], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  expect(child.status).toBe(0);
  const lines = child.stdout.split('\n').filter((l) => l.includes('"hookInstance":"load"'));
  expect(lines).toHaveLength(1200);
  const total = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
  const written = Number(/written (\d+) bytes/.exec(child.stderr)?.[1]);
  // Pending when the load ended: the lines of the last turns only (two here: the write in flight and the next; six
  // allowed for a busy machine whose pipe reader lags), not a backlog grown by every turn (with 16 KiB per write:
  // about 750 KiB, 23 turns' worth, here).
  const perTurn = total / 40;
  expect(total - written).toBeLessThanOrEqual(6 * perTurn);
});
