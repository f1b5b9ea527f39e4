/** CDS Hooks 2.0 feedback body ("Feedback"), with the FSH invariants cds-fb-1 and cds-fb-2. */

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export interface FeedbackItem {
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly acceptedSuggestions?: readonly { readonly id: string }[];
  readonly overrideReason?: { readonly reason?: { readonly system?: string; readonly code: string }; readonly userComment?: string };
  readonly outcomeTimestamp: string;
}

export interface FeedbackBody {
  readonly feedback: readonly FeedbackItem[];
}

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
