import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCardsReport } from '../review/cards-report.js';

// `npm run cards:report [-- --out <dir>] [--now <ISO date>]`: the cards of every fixture patient as one HTML page.
const USAGE = 'usage: npm run cards:report -- [--out <dir>] [--now <ISO 8601 date-time>]';

function fail(message: string): never {
  process.stderr.write(`cards:report: ${message}\n`);
  process.exit(1);
}

function nowFrom(raw: string | undefined): Date {
  if (raw === undefined) return new Date();
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) fail(`--now must be an ISO 8601 date-time, got ${JSON.stringify(raw)}\n${USAGE}`);
  return date;
}

let values: { out?: string; now?: string };
try {
  ({ values } = parseArgs({ options: { out: { type: 'string' }, now: { type: 'string' } }, strict: true, allowPositionals: false }));
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
}

writeCardsReport({
  outDir: path.resolve(values.out ?? 'reports'),
  now: nowFrom(values.now),
  knowledgeDir: process.env.CDS_KNOWLEDGE_DIR ?? 'cds-services',
  fixturesDir: 'fixtures',
}).then(
  (file) => process.stdout.write(`${file}\n`),
  // Messages name the fixture file or the call and the service's reason; fixtures are synthetic.
  (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
);
