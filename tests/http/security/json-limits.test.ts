import { assertJsonWithinLimits, type JsonLimits } from '../../../src/http/json-limits.js';
import { OperationOutcomeError } from '../../../src/outcomes/operation-outcome.js';

// dimensions: depth · array length · string length (values and keys) · forbidden keys · where the error points

const LIMITS: JsonLimits = { maxDepth: 64, maxArrayLength: 10_000, maxStringLength: 1_000 };

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

function outcomeOf(value: unknown, limits: JsonLimits = LIMITS): { expression?: string[]; diagnostics?: string } | undefined {
  try {
    assertJsonWithinLimits(value, limits);
    return undefined;
  } catch (err: unknown) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    expect(err.outcome.id).toBe('bad-request');
    return err.outcome.issue[0];
  }
}

test('a typical hook request passes', () => {
  expect(outcomeOf({ hook: 'patient-view', context: { patientId: '1', draftOrders: { entry: [{ resource: {} }] } } })).toBeUndefined();
});

test('64 levels of nesting pass and 65 are refused', () => {
  expect(outcomeOf(nested(64))).toBeUndefined();
  expect(outcomeOf(nested(65))?.diagnostics).toContain('is nested deeper than 64 levels');
});

test('a very deep body is refused without overflowing the stack', () => {
  expect(outcomeOf(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))?.diagnostics).toContain('nested deeper');
});

test('an array over the limit is refused at its path', () => {
  const outcome = outcomeOf({ context: { draftOrders: { entry: new Array(10_001).fill(0) } } });
  expect(outcome?.expression).toEqual(['context.draftOrders.entry']);
  expect(outcome?.diagnostics).toBe('context.draftOrders.entry has more than 10000 items');
});

test('a string over the limit is refused at its path', () => {
  expect(outcomeOf({ context: { selections: ['x', 'y'.repeat(1_001)] } })?.expression).toEqual(['context.selections[1]']);
});

test('a key over the string limit is refused', () => {
  expect(outcomeOf({ context: { ['k'.repeat(1_001)]: 1 } })?.diagnostics).toBe('context has a key that is too long');
});

test('without maxStringLength, long strings pass', () => {
  expect(outcomeOf({ a: 'y'.repeat(100_000) }, { maxDepth: 64, maxArrayLength: 10_000 })).toBeUndefined();
});

test.each(['__proto__', 'constructor', 'prototype'])('a %s key anywhere is refused', (key) => {
  const body: unknown = JSON.parse(`{"context":{"draftOrders":{"entry":[{"${key}":{"polluted":true}}]}}}`);
  expect(outcomeOf(body)?.expression).toEqual([`context.draftOrders.entry[0].${key}`]);
});

test('a string value over the limit is refused at its key', () => {
  expect(outcomeOf({ context: { patientId: 'y'.repeat(1_001) } })?.expression).toEqual(['context.patientId']);
});

test('a body that is only a string is measured too', () => {
  expect(outcomeOf('y'.repeat(1_001))?.expression).toEqual(['body']);
  expect(outcomeOf('y'.repeat(1_000))).toBeUndefined();
});

test('keys as long as the forbidden ones pass (reference, valueString)', () => {
  expect(outcomeOf({ entry: [{ reference: 'Patient/1', valueString: 'x', proto: 1, constructo: 2 }] })).toBeUndefined();
});
