/**
 * FHIR ids and the references the service puts into FHIR URLs. FHIR R4 §2.1.0.1 "id": "Any combination of upper-
 * or lower-case ASCII letters, numerals, '-' and '.', with a length limit of 64 characters"
 * (https://hl7.org/fhir/R4/datatypes.html#id). `.` and `..` fit that pattern but are path segments: as ids they
 * would turn a read into a request for the server's base or a type-level search, so they are refused too.
 */

/** The FHIR id pattern as a JSON Schema `pattern` (ajv compiles it with the `u` flag). */
export const FHIR_ID_PATTERN = '^(?!\\.{1,2}$)[A-Za-z0-9\\-.]{1,64}$';

/**
 * `context.userId`: CDS Hooks Library (patient-view, order-select, order-sign) allows a reference of these types
 * only, "in the format `[ResourceType]/[id]`".
 */
export const USER_REFERENCE_PATTERN = '^(Practitioner|PractitionerRole|Patient|RelatedPerson)/(?!\\.{1,2}$)[A-Za-z0-9\\-.]{1,64}$';

const FHIR_ID = new RegExp(FHIR_ID_PATTERN, 'u');

/** True when `value` is a FHIR id safe to use as one path segment of a FHIR URL. */
export function isFhirId(value: unknown): value is string {
  return typeof value === 'string' && FHIR_ID.test(value);
}
