/**
 * JSON Schema (draft-07) of a CDS Hooks 2.0 service response ("CDS Service Response"), hand-written from the
 * spec (no official schema exists) plus the cross-field rules of the FSH invariants (cds-resp-1..3) and our
 * own stricter house rules, marked [house]:
 * - "Use of JSON": no null, "" or [] in optional fields → every string minLength 1, every optional array minItems 1.
 * - Card.summary "less than 140 characters" → maxLength 139.
 * - suggestions ⇒ selectionBehavior (cds-resp-1); [house] selectionBehavior only with suggestions.
 * - Action delete ⇒ resourceId and no resource (cds-resp-2); create/update ⇒ resource.
 * - Link.appContext only for smart links (cds-resp-3).
 * - overrideReasons Codings need display ("Coding": display REQUIRED in overrideReasons).
 * - [house] uuid required on every card and suggestion (the spec makes them optional; feedback needs them).
 * - `extension` (reserved, any object) is allowed on every object and must be a non-empty object.
 */

const nonEmptyString = { type: 'string', minLength: 1 } as const;
const uri = { type: 'string', minLength: 1, format: 'uri' } as const;
const extension = { type: 'object', minProperties: 1 } as const;

const coding = {
  type: 'object',
  required: ['system', 'code'],
  additionalProperties: false,
  properties: { system: nonEmptyString, code: nonEmptyString, display: nonEmptyString, extension },
} as const;

const action = {
  type: 'object',
  required: ['type', 'description'],
  additionalProperties: false,
  properties: {
    type: { enum: ['create', 'update', 'delete'] },
    description: nonEmptyString,
    resource: {
      type: 'object',
      required: ['resourceType'],
      properties: { resourceType: nonEmptyString },
    },
    resourceId: nonEmptyString,
    extension,
  },
  allOf: [
    {
      if: { properties: { type: { const: 'delete' } } },
      then: { required: ['resourceId'], not: { required: ['resource'] } },
      else: { required: ['resource'] },
    },
  ],
} as const;

const suggestion = {
  type: 'object',
  required: ['label', 'uuid'],
  additionalProperties: false,
  properties: {
    label: nonEmptyString,
    uuid: { type: 'string', format: 'uuid' },
    isRecommended: { type: 'boolean' },
    actions: { type: 'array', minItems: 1, items: action },
    extension,
  },
} as const;

const link = {
  type: 'object',
  required: ['label', 'url', 'type'],
  additionalProperties: false,
  properties: {
    label: nonEmptyString,
    url: uri,
    type: { enum: ['absolute', 'smart'] },
    appContext: nonEmptyString,
    autolaunchable: { type: 'boolean' },
    extension,
  },
  if: { required: ['appContext'] },
  then: { properties: { type: { const: 'smart' } } },
} as const;

const card = {
  type: 'object',
  required: ['uuid', 'summary', 'indicator', 'source'],
  additionalProperties: false,
  properties: {
    uuid: { type: 'string', format: 'uuid' },
    summary: { type: 'string', minLength: 1, maxLength: 139 },
    detail: nonEmptyString,
    indicator: { enum: ['info', 'warning', 'critical'] },
    source: {
      type: 'object',
      required: ['label'],
      additionalProperties: false,
      properties: { label: nonEmptyString, url: uri, icon: uri, topic: coding, extension },
    },
    suggestions: { type: 'array', minItems: 1, items: suggestion },
    selectionBehavior: { enum: ['at-most-one', 'any'] },
    overrideReasons: { type: 'array', minItems: 1, items: { ...coding, required: ['system', 'code', 'display'] } },
    links: { type: 'array', minItems: 1, items: link },
    extension,
  },
  allOf: [
    { if: { required: ['suggestions'] }, then: { required: ['selectionBehavior'] } },
    { if: { required: ['selectionBehavior'] }, then: { required: ['suggestions'] } },
  ],
} as const;

/** The CDS Hooks 2.0 response `{ cards, systemActions? }`; `{"cards": []}` is valid. */
export const cdsResponseSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://leg-cramps-cds.example.org/schemas/cds-hooks-2.0-response.json',
  type: 'object',
  required: ['cards'],
  additionalProperties: false,
  properties: {
    cards: { type: 'array', items: card },
    systemActions: { type: 'array', minItems: 1, items: action },
    extension,
  },
} as const;
