import { requestLineLogger } from '../../src/log.js';
import { captureLog } from '../support/log-capture.js';

// dimensions: logger (service · request line) · key (top-level · nested) · redacted or our own value

test('the request line logger censors the top-level keys the service logger censors, and writes its own nested values as given', () => {
  const { log, lines } = captureLog();
  requestLineLogger(log).info(
    { patientId: 'p-1', prefetch: { patient: { resourceType: 'Patient' } }, context: { patientId: 'p-1' }, authorization: 'Bearer x', stages: { gather: 0.5 }, cards: [{ uuid: 'u-1', topic: 'cramp-vs-rls' }] },
    'request',
  );
  const line = JSON.parse(lines()[0] ?? '{}') as Record<string, unknown>;
  expect(line).toMatchObject({
    patientId: '[redacted]',
    prefetch: '[redacted]',
    context: '[redacted]',
    authorization: '[redacted]',
    stages: { gather: 0.5 },
    cards: [{ uuid: 'u-1', topic: 'cramp-vs-rls' }],
    msg: 'request',
    name: 'leg-cramps-cds',
  });
});

test('the service logger still censors nested keys (the wildcard paths) on every other line', () => {
  const { log, lines } = captureLog();
  log.info({ req: { headers: { authorization: 'Bearer x' } }, call: { prefetch: { a: 1 }, patientId: 'p-1' } }, 'other');
  const line = JSON.parse(lines()[0] ?? '{}') as Record<string, unknown>;
  expect(line).toMatchObject({ req: { headers: { authorization: '[redacted]' } }, call: { prefetch: '[redacted]', patientId: '[redacted]' } });
});
