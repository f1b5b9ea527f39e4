import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs. We log ids of our own (hookInstance, service id), statuses, timings and error codes only;
 * the redaction below is a second line of defence, not the way we keep patient data out.
 */
const REDACT = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'access_token',
  '*.access_token',
  'fhirAuthorization',
  '*.fhirAuthorization',
  'prefetch',
  '*.prefetch',
  'context',
  '*.context',
  'patientId',
  '*.patientId',
];

const CENSOR = '[redacted]';

/** The paths of `REDACT` that name a top-level key (no wildcard, no nesting). */
const TOP_LEVEL_REDACT = REDACT.filter((path) => !path.includes('*') && !path.includes('.'));

/**
 * The logger of the one request line per call (`src/http/request-log.ts`): the service logger with only the top-level
 * redaction paths. That line is built from our own values alone (route and service labels from fixed lists, a
 * `hookInstance` that passed the UUID pattern, stage timings, card uuids and topics, counts, outcome codes), so no
 * nested key of it can hold request data, and the wildcard paths, which copy every nested object of a line to look
 * inside, cost three times the rest of the line there (issue 11's profile: 17 against 5 µs per line).
 */
export function requestLineLogger(log: Logger): Logger {
  return log.child({}, { redact: { paths: TOP_LEVEL_REDACT, censor: CENSOR } });
}

/**
 * Each asynchronous write of stdout takes what is pending, up to this many bytes. sonic-boom's default (16 KiB) let
 * lines pile up in memory under a saturating load: one write completes per turn of the event loop, and a turn that
 * answers a few dozen calls logs more than 16 KiB, so the backlog grew by megabytes a minute (heap snapshots of
 * issue 11's memory check: 2.4 MB of pending lines after 25 s at c=32, 10.4 MB 96 s later).
 */
const MAX_WRITE_BYTES = 1024 * 1024;

/**
 * Creates the service logger; tests pass a destination to capture lines. Stdout is written asynchronously
 * (no synchronous I/O while serving); call `log.flush()` before exiting.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  // `name`, not `service`: request and feedback lines carry the CDS service id as `service`, and a second key
  // of the same name would make the JSON line ambiguous.
  const options = { level, base: { name: 'leg-cramps-cds' }, redact: { paths: REDACT, censor: CENSOR } };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false, maxWrite: MAX_WRITE_BYTES }));
}

export type { Logger };
