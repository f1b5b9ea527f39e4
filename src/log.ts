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

/**
 * Creates the service logger; tests pass a destination to capture lines. Stdout is written asynchronously
 * (no synchronous I/O while serving); call `log.flush()` before exiting.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  // `name`, not `service`: request and feedback lines carry the CDS service id as `service`, and a second key
  // of the same name would make the JSON line ambiguous.
  const options = { level, base: { name: 'leg-cramps-cds' }, redact: { paths: REDACT, censor: '[redacted]' } };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

export type { Logger };
