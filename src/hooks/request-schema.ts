/**
 * Hand-written JSON Schemas of the CDS Hooks 2.0 service request ("Calling a CDS Service") and of each
 * hook's context (CDS Hooks Library 1.0). Lenient where real clients are sloppy: extra fields are allowed,
 * `draftOrders` may lack `Bundle.type`, orders may lack `intent` or a medication.
 */

import { FHIR_ID_PATTERN, USER_REFERENCE_PATTERN } from './fhir-id.js';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const nonEmpty = { type: 'string', minLength: 1, maxLength: 4096 } as const;

export const hookRequestSchema = {
  $id: 'cds-hooks-request',
  type: 'object',
  required: ['hook', 'hookInstance', 'context'],
  properties: {
    hook: nonEmpty,
    hookInstance: { type: 'string', pattern: UUID },
    fhirServer: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^https?://' },
    fhirAuthorization: {
      type: 'object',
      required: ['access_token', 'token_type', 'expires_in', 'scope', 'subject'],
      properties: {
        access_token: { type: 'string', minLength: 1, maxLength: 16384 },
        token_type: { type: 'string', pattern: '^[Bb]earer$' },
        expires_in: { type: 'integer', minimum: 0 },
        scope: { type: 'string', maxLength: 8192 },
        subject: { type: 'string', maxLength: 2048 },
        patient: { type: 'string', maxLength: 2048 },
      },
    },
    context: { type: 'object' },
    prefetch: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'object' }, { type: 'null' }] },
    },
    extension: { type: 'object' },
  },
  // FSH invariant cds-r-1: fhirAuthorization requires fhirServer.
  dependencies: { fhirAuthorization: ['fhirServer'] },
} as const;

const reference = { type: 'string', minLength: 1, maxLength: 2048 } as const;

const draftOrders = {
  type: 'object',
  required: ['resourceType'],
  properties: {
    resourceType: { const: 'Bundle' },
    entry: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          resource: {
            type: 'object',
            required: ['resourceType'],
            properties: { resourceType: { type: 'string', minLength: 1 }, id: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

// Every id the prefetch templates put into a FHIR URL is a FHIR id, so a read never becomes a search or a request
// for the server's base (src/hooks/fhir-id.ts).
const baseContext = {
  userId: { type: 'string', pattern: USER_REFERENCE_PATTERN },
  patientId: { type: 'string', pattern: FHIR_ID_PATTERN },
  encounterId: { type: 'string', pattern: FHIR_ID_PATTERN },
} as const;

/** Context schemas by hook. */
export const contextSchemas = {
  'patient-view': {
    $id: 'context-patient-view',
    type: 'object',
    required: ['userId', 'patientId'],
    properties: baseContext,
  },
  'order-select': {
    $id: 'context-order-select',
    type: 'object',
    required: ['userId', 'patientId', 'selections', 'draftOrders'],
    properties: {
      ...baseContext,
      selections: { type: 'array', minItems: 1, maxItems: 1000, items: reference },
      draftOrders,
    },
  },
  'order-sign': {
    $id: 'context-order-sign',
    type: 'object',
    required: ['userId', 'patientId', 'draftOrders'],
    properties: { ...baseContext, draftOrders },
  },
} as const;
