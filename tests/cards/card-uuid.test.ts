import { cardUuid } from '../../src/cards/card-uuid.js';

// Card uuids are UUIDv7 (RFC 9562 §5.7): version 7, variant 10, the creation time in their first 48 bits, so a
// later card sorts after an earlier one (the ledger's primary key grows at its end), and distinct across many
// (its random bits come from a pool refilled from Node's CSPRNG).

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (uuid: string): number => parseInt(uuid.replace(/-/g, '').slice(0, 12), 16);

test('version 7 with the time of its creation; distinct across more uuids than one random pool holds', () => {
  const before = Date.now();
  const uuids = Array.from({ length: 5000 }, () => cardUuid());
  const after = Date.now();
  for (const uuid of uuids) expect(uuid).toMatch(V7);
  expect(new Set(uuids).size).toBe(uuids.length);
  expect(uuids.every((u) => millisOf(u) >= before && millisOf(u) <= after)).toBe(true);
  // 74 random bits each: no two share them (a pool served twice would repeat them).
  expect(new Set(uuids.map((u) => u.slice(19))).size).toBe(uuids.length);
});

test('a card made in a later millisecond sorts after one made earlier', () => {
  const first = cardUuid();
  const start = millisOf(first);
  // Wait for the clock's next millisecond (no duration is asserted).
  while (Date.now() <= start) continue;
  expect([cardUuid() > first, first > cardUuid()]).toEqual([true, false]);
});
