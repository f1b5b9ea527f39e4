import type { OperationOutcome } from 'fhir/r4.js';
import type { Response } from 'supertest';
import type { CdsCard, CdsResponse } from '../../src/cards/card-types.js';
import { isValidCdsResponse, responseErrors } from '../../src/cards/validate-response.js';

/** Asserts a 200 whose body is a schema-valid CDS Hooks response, and returns it typed. */
export function expectCdsResponse(res: Response): CdsResponse {
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body as unknown }).toEqual({ status: 200, body: 'ok' });
  const body: unknown = res.body;
  if (!isValidCdsResponse(body)) throw new Error(`invalid CDS Hooks response: ${JSON.stringify(responseErrors(body))}`);
  return body;
}

/** The sorted topic codes of a response's cards. */
export function topicsOf(cards: readonly CdsCard[]): string[] {
  return cards.map((c) => c.source.topic.code).sort();
}

/** Cards without their uuids (random per call), for comparing two responses. */
export function withoutUuids(cards: readonly CdsCard[]): unknown {
  return JSON.parse(JSON.stringify(cards), (key: string, value: unknown) => (key === 'uuid' ? undefined : value)) as unknown;
}

/** Asserts an error status with an OperationOutcome body; when given, one issue names `expression`. */
export function expectOutcome(res: Response, status: number, expression?: string): OperationOutcome {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = res.body as OperationOutcome;
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue.length).toBeGreaterThan(0);
  for (const issue of body.issue) expect(issue.severity).toBe('error');
  if (expression !== undefined) expect(body.issue.flatMap((i) => i.expression ?? [])).toContain(expression);
  return body;
}
