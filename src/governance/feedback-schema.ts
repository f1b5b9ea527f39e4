import type { FromSchema } from 'json-schema-to-ts';

/**
 * CDS Hooks 2.0 feedback body ("Feedback", https://cds-hooks.hl7.org/2.0/#feedback), with the FSH invariants cds-fb-1
 * and cds-fb-2. One place for the shape: `http/routes.ts` validates the body with this schema (ajv), and the
 * governance layer's input type is derived from it (json-schema-to-ts), so the two cannot drift apart.
 */

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const feedbackSchema = {
  type: 'object',
  required: ['feedback'],
  properties: {
    feedback: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['card', 'outcome', 'outcomeTimestamp'],
        properties: {
          card: { type: 'string', pattern: UUID },
          outcome: { enum: ['accepted', 'overridden'] },
          acceptedSuggestions: {
            type: 'array',
            maxItems: 100,
            items: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: UUID } } },
          },
          overrideReason: {
            type: 'object',
            properties: {
              reason: {
                type: 'object',
                required: ['code'],
                properties: { system: { type: 'string', maxLength: 512 }, code: { type: 'string', maxLength: 128 } },
              },
              userComment: { type: 'string', maxLength: 4096 },
            },
          },
          outcomeTimestamp: { type: 'string', format: 'date-time' },
        },
        if: { properties: { outcome: { const: 'accepted' } } },
        then: { required: ['acceptedSuggestions'] },
      },
    },
  },
} as const;

/** A feedback request body as the schema admits it. */
export type FeedbackBody = FromSchema<typeof feedbackSchema>;

/** One feedback item: the governance layer's input (`feedback.ts`). */
export type FeedbackInput = FeedbackBody['feedback'][number];
