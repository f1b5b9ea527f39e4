import nock from 'nock';

/** The remote EHR FHIR server that nock plays in tests (checklist §9: clients send `fhirServer`). */
export const EHR_ORIGIN = 'https://ehr.example.org';
export const EHR_BASE = `${EHR_ORIGIN}/fhir`;

/** Loopback only: any request to a host without an interceptor fails instead of leaving the machine. */
export function allowLoopbackOnly(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
}

/** Removes every interceptor, consumed or not, and aborts delayed replies still pending. */
export function resetNock(): void {
  nock.emitter.removeAllListeners('no match');
  nock.abortPendingRequests();
  nock.cleanAll();
}

/** The EHR server scope; pass `{ reqheaders }` or `{ badheaders }` to check the Authorization header. */
export const ehrServer = (options?: nock.Options): nock.Scope => nock(EHR_ORIGIN, options);

/**
 * Collects `METHOD url` of every request that reached nock without a matching interceptor, so a test
 * can assert that no request was made at all. `resetNock` stops the recording.
 */
export function recordUnmatchedRequests(): string[] {
  const unmatched: string[] = [];
  nock.emitter.on('no match', (req: { method?: string; href?: string; path?: string }) => {
    // Our own server under test listens on loopback; only requests leaving it count.
    if (/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(req.href ?? '')) return;
    unmatched.push(`${req.method ?? ''} ${req.href ?? req.path ?? ''}`);
  });
  return unmatched;
}
