import { handleHook, type HookDeps } from '../../src/handle-hook.js';
import { createHookRequestValidator } from '../../src/hooks/validate-request.js';
import { loadServiceRegistry } from '../../src/hooks/service-registry.js';
import { OperationOutcomeError, getStatus } from '../../src/outcomes/operation-outcome.js';
import { condition } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE } from '../support/hook-requests.js';
import { realKnowledge, TEST_NOW } from '../support/test-app.js';

// No stage runs past the deadline: when it has passed by the end of a stage (here, a validation that takes longer
// than the whole deadline), the call stops with 503 instead of computing cards the EHR no longer waits for. The
// stage timer is the clock itself: an AbortSignal's timer cannot fire while synchronous work runs.
// dimensions: deadline passed during a stage (503) or not (cards)

const validate = createHookRequestValidator();
const body = hookRequest('patient-view', { patientId: 'pat-1', prefetch: prefetchOf([{ resourceType: 'Patient', id: 'pat-1' }, condition({ patientId: 'pat-1' })], 'pat-1') });

function deps(deadlineMs: number, busyMs: number): HookDeps {
  return {
    services: loadServiceRegistry('cds-services'),
    knowledge: realKnowledge(),
    validate: (b, s) => {
      const until = performance.now() + busyMs;
      while (performance.now() < until) {
        // A stage that holds the thread, as parsing a large body does.
      }
      return validate(b, s);
    },
    deadlineMs,
    maxResourcesPerKey: 1000,
    maxFhirResponseBytes: 1024 * 1024,
    now: () => TEST_NOW,
    isFhirServerAllowed: () => false,
  };
}

test('a stage that ends after the deadline stops the call with 503', async () => {
  const outcome = await handleHook(SERVICE['patient-view'], body, deps(20, 60)).catch((err: unknown) => err);
  expect(outcome).toBeInstanceOf(OperationOutcomeError);
  const { outcome: oo } = outcome as OperationOutcomeError;
  expect([getStatus(oo), oo.issue[0]?.code, oo.issue[0]?.diagnostics]).toEqual([503, 'transient', 'The deadline passed before the cards were ready']);
});

test('within the deadline the same call gives its cards', async () => {
  const { response } = await handleHook(SERVICE['patient-view'], body, deps(5000, 0));
  expect(response.cards.map((c) => c.source.topic.code)).toContain('cramp-vs-rls');
});
