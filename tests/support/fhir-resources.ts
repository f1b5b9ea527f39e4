import type {
  Bundle,
  Condition,
  FhirResource,
  Medication,
  MedicationRequest,
  Observation,
  OperationOutcome,
  Patient,
} from 'fhir/r4.js';

/** Small, complete FHIR R4 resources for tests. `subject` defaults to the relative `Patient/<id>` form. */

/** A Patient with `id`. */
export const patientResource = (id: string): Patient => ({ resourceType: 'Patient', id });

/** A Condition of `patientRef` (a full reference string, e.g. `Patient/p1` or `urn:uuid:…`). */
export const conditionResource = (id: string, patientRef: string, code = 'G47.62'): Condition => ({
  resourceType: 'Condition',
  id,
  subject: { reference: patientRef },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] },
});

/** A final lab Observation of `patientRef`. */
export const observationResource = (id: string, patientRef: string, loinc = '2276-4'): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  subject: { reference: patientRef },
  code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
});

/** An active MedicationRequest of `patientRef`; `medicationRef` makes it a `medicationReference`. */
export const medicationRequestResource = (id: string, patientRef: string, medicationRef?: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  id,
  status: 'active',
  intent: 'order',
  subject: { reference: patientRef },
  ...(medicationRef
    ? { medicationReference: { reference: medicationRef, display: 'quinine' } }
    : { medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '9071' }] } }),
});

/** A Medication with an RxNorm code. */
export const medicationResource = (id: string, rxnorm = '9071'): Medication => ({
  resourceType: 'Medication',
  id,
  code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: rxnorm }] },
});

/** A searchset Bundle of `resources`; `next` adds `link[relation=next]`. */
export function searchBundle(resources: readonly FhirResource[], next?: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

/** An OperationOutcome as a client puts it in place of a prefetch value it could not get. */
export const operationOutcomeResource = (): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'exception', diagnostics: 'prefetch query failed' }],
});
