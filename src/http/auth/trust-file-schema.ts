import { compileFhirServerPattern } from './fhir-server-pattern.js';

/**
 * The schema of the trust file (`CDS_TRUST_FILE`, read by trust-file.ts) and its two formats: JWKS URLs must be https,
 * FHIR server entries a base URL or a pattern (fhir-server-pattern.ts).
 */

/** Format names. */
export const HTTPS_URL = 'https-url';
export const FHIR_SERVER = 'fhir-server';

/** The schema of the trust file (its validator is generated: src/standalone-validators/generate.ts). */
export const trustFileSchema = {
  type: 'object',
  required: ['issuers'],
  additionalProperties: false,
  properties: {
    issuers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['iss'],
        additionalProperties: false,
        properties: {
          iss: { type: 'string', minLength: 1 },
          jwks: {
            type: 'object',
            required: ['keys'],
            properties: {
              keys: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  required: ['kty', 'kid'],
                  properties: { kty: { enum: ['EC', 'RSA', 'OKP'] }, kid: { type: 'string', minLength: 1 } },
                },
              },
            },
          },
          jwksUrls: { type: 'array', minItems: 1, items: { type: 'string', format: HTTPS_URL } },
          tenants: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          fhirServers: { type: 'array', items: { type: 'string', format: FHIR_SERVER } },
        },
      },
    },
  },
} as const;

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password && !url.hash;
  } catch {
    return false;
  }
}

/** The trust file's own formats, by name; the generated validator calls them (src/standalone-validators/generate.ts). */
export const trustFileFormats = {
  [HTTPS_URL]: isHttpsUrl,
  [FHIR_SERVER]: (v: string): boolean => compileFhirServerPattern(v) !== undefined,
};
