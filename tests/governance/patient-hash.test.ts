import { createHmac } from 'node:crypto';
import { createHasher } from '../../src/governance/patient-hash.js';

// The ledger's keyed hashes (src/governance/patient-hash.ts): HMAC-SHA256 under the deployment's key, remembered per
// input in the process. A remembered hash must be the very hash a fresh process (another replica) computes, also
// after the memo filled and started again, or suppressions armed on one replica would not match on another.

const KEY = Buffer.alloc(32, 9);
const hmacHex = (text: string): string => createHmac('sha256', KEY).update(text).digest('hex');

test('a patient hash is HMAC-SHA256 of issuer, tenant and patient id joined by NUL, under the key', () => {
  const hasher = createHasher(KEY);
  expect(hasher.patient('https://ehr.example.org', 'tenant-a', 'pat-1')).toBe(hmacHex('patient\u0000https://ehr.example.org\u0000tenant-a\u0000pat-1'));
  // Asked again (from the memo): the same value.
  expect(hasher.patient('https://ehr.example.org', 'tenant-a', 'pat-1')).toBe(hmacHex('patient\u0000https://ehr.example.org\u0000tenant-a\u0000pat-1'));
});

test('a concept hash is the first 32 hex digits of HMAC-SHA256 of the concept', () => {
  const hasher = createHasher(KEY);
  expect(hasher.concept('medication:statins:simvastatin')).toBe(hmacHex('concept\u0000medication:statins:simvastatin').slice(0, 32));
});

test('the same patient id from another issuer or tenant hashes differently, and no part can slide into the next', () => {
  const hasher = createHasher(KEY);
  const hashes = new Set([
    hasher.patient('https://a.example.org', '', 'pat-1'),
    hasher.patient('https://b.example.org', '', 'pat-1'),
    hasher.patient('https://a.example.org', 't', 'pat-1'),
    hasher.patient('https://a.example.org', '', 'tpat-1'),
  ]);
  expect(hashes.size).toBe(4);
});

test('hashes stay the same after the memo filled and started again (10,000 inputs), and match a fresh hasher', () => {
  const hasher = createHasher(KEY);
  const first = hasher.patient('', '', 'pat-0');
  for (let i = 1; i <= 10_001; i++) hasher.patient('', '', `pat-${i}`);
  expect(hasher.patient('', '', 'pat-0')).toBe(first);
  expect(createHasher(KEY).patient('', '', 'pat-0')).toBe(first);
  expect(hasher.patient('', '', 'pat-10001')).toBe(hmacHex('patient\u0000\u0000\u0000pat-10001'));
});

test('another key gives other hashes', () => {
  expect(createHasher(Buffer.alloc(32, 1)).patient('', '', 'pat-1')).not.toBe(createHasher(KEY).patient('', '', 'pat-1'));
});
