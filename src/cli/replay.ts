import { parseArgs } from 'node:util';
import { cardsText, topicsCell } from '../replay/print-cards.js';
import { replay, responseOf, type FileOutcome, type ReplayOptions } from '../replay/replay.js';
import { HOOK_NAMES } from '../hooks/hook-types.js';
import { isHookName } from '../replay/replay-request.js';

/**
 * `npm run replay -- <file or folder> [options]` (README "Replay a patient"). Exit 0 when every call answered a
 * valid CDS Hooks response; 1 on any protocol or validation error (the OperationOutcome printed) or a bad file
 * (one line, never a stack trace); 2 on a usage error.
 */

const USAGE = `usage: npm run replay -- <bundle, hook request or folder> [options]
  --hook patient-view|order-select|order-sign   (default patient-view)
  --select <Type/id>    order-select: the draft orders to select (repeatable; default the first draft)
  --order <file>        add a draft order (repeatable; ready ones in fixtures/add)
  --add <file>          add the file's resources to the patient's record (repeatable)
  --url <base>          a running service (default: an in-process one)
  --no-prefetch         serve the record from a local FHIR server and let the service fetch it
  --now <date>          the in-process service's clock (ISO 8601), e.g. the fixtures' 2026-11-20T12:00:00Z
  --json                print the raw response`;

function fail(message: string, code: number): never {
  process.stderr.write(`replay: ${message}\n`);
  process.exit(code);
}

function optionsFrom(argv: readonly string[]): { target: string; json: boolean; options: ReplayOptions } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    allowNegative: false,
    options: {
      hook: { type: 'string' },
      select: { type: 'string', multiple: true, default: [] },
      order: { type: 'string', multiple: true, default: [] },
      add: { type: 'string', multiple: true, default: [] },
      url: { type: 'string' },
      'no-prefetch': { type: 'boolean', default: false },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const [target, ...extra] = positionals;
  if (target === undefined) throw new Error('no file or folder given');
  if (extra.length > 0) throw new Error(`one file or folder at a time (also given: ${extra.join(' ')})`);
  if (values.hook !== undefined && !isHookName(values.hook)) throw new Error(`--hook must be one of ${HOOK_NAMES.join(', ')}`);
  if (values.url !== undefined && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(values.url)) throw new Error('--url must be an http(s) base URL');
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now !== undefined && Number.isNaN(now.getTime())) throw new Error('--now must be an ISO 8601 date');
  if (now !== undefined && values.url !== undefined) throw new Error('--now sets the in-process service clock; a --url service keeps its own');
  const options: ReplayOptions = {
    ...(values.hook !== undefined && isHookName(values.hook) ? { hook: values.hook } : {}),
    select: values.select,
    orderFiles: values.order,
    addFiles: values.add,
    noPrefetch: values['no-prefetch'],
    ...(values.url !== undefined ? { url: values.url } : {}),
    ...(now !== undefined ? { now } : {}),
  };
  return { target, json: values.json, options };
}

function colourWanted(): boolean {
  return process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
}

/** Why a call failed, on one line. */
function problemOf(outcome: FileOutcome): string {
  if (!('result' in outcome)) return outcome.error;
  return outcome.result.ok ? '' : outcome.result.problems.join('; ');
}

function failureText(outcome: FileOutcome): string {
  if (!('result' in outcome)) return outcome.error;
  if (outcome.result.ok) return '';
  const body = typeof outcome.result.body === 'string' ? outcome.result.body : JSON.stringify(outcome.result.body, null, 2);
  return `${outcome.result.problems.join('\n')}\n${body}`;
}

function printOne(outcome: FileOutcome, json: boolean): void {
  if (!('result' in outcome)) return fail(outcome.error, 1);
  if (json) {
    process.stdout.write(`${JSON.stringify(outcome.result.body, null, 2)}\n`);
    if (!outcome.result.ok) process.stderr.write(`replay: ${problemOf(outcome)}\n`);
    return;
  }
  const response = responseOf(outcome);
  const head = `${outcome.label} · ${outcome.hook} → ${outcome.serviceId}`;
  if (!response) {
    process.stdout.write(`${head}: failed\n${failureText(outcome)}\n`);
    return;
  }
  const n = response.cards.length;
  process.stdout.write(`${head}: ${n} card${n === 1 ? '' : 's'}, valid CDS Hooks response\n\n${cardsText(response, { colour: colourWanted() })}\n`);
}

function printTable(outcomes: readonly FileOutcome[], json: boolean): void {
  if (json) {
    const rows = outcomes.map((o) => {
      const response = responseOf(o);
      return response
        ? { file: o.file, topics: response.cards.map((c) => c.source.topic.code).sort() }
        : { file: o.file, error: problemOf(o) };
    });
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const width = Math.max(...outcomes.map((o) => o.label.length));
  for (const o of outcomes) {
    const response = responseOf(o);
    const cell = response ? topicsCell(response) : `error: ${problemOf(o)}`;
    process.stdout.write(`${o.label.padEnd(width)}  ${cell}\n`);
  }
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = optionsFrom(process.argv.slice(2));
  } catch (err: unknown) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, 2);
  }
  const { target, json, options } = parsed;
  const outcomes = await replay(target, options);
  const folder = outcomes.length !== 1 || outcomes[0]?.file !== target;
  if (folder) printTable(outcomes, json);
  else if (outcomes[0]) printOne(outcomes[0], json);
  process.exitCode = outcomes.every((o) => responseOf(o) !== undefined) ? 0 : 1;
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
