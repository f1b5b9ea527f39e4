import { generateSigningKey, jwksOf, PUBLIC_BASE, type SigningKey } from '../support/ehr-tokens.js';
import { liveToken, writeTrustFileFor } from '../support/live-tokens.js';
import { logLines, startService, type ServiceProcess } from '../support/service-process.js';

// The in-memory replay store of a real process, filled past its bound by one issuer (a small capacity, so it is
// quick): the noisy issuer is refused, another issuer is still served.

const NOISY = 'https://noisy.example.org';
const QUIET = 'https://quiet.example.org';
const CAPACITY = 20;
let noisyKey: SigningKey;
let quietKey: SigningKey;
let service: ServiceProcess;

beforeAll(async () => {
  [noisyKey, quietKey] = await Promise.all([generateSigningKey('ES384', 'noisy'), generateSigningKey('ES384', 'quiet')]);
  const trustFile = writeTrustFileFor([
    { iss: NOISY, jwks: jwksOf(noisyKey) },
    { iss: QUIET, jwks: jwksOf(quietKey) },
  ]);
  service = await startService({
    env: { NODE_ENV: 'production', CDS_TRUST_FILE: trustFile, CDS_PUBLIC_BASE_URL: PUBLIC_BASE, CDS_REPLAY_STORE_CAPACITY: String(CAPACITY), CDS_DRAIN_MS: '0' },
  });
});
afterAll(async () => {
  await service.stop();
});

async function discovery(key: SigningKey, iss: string): Promise<number> {
  const token = await liveToken(key, iss, '/cds-services');
  return (await fetch(`${service.url}/cds-services`, { headers: { authorization: `Bearer ${token}` } })).status;
}

async function statuses(key: SigningKey, iss: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) out.push(await discovery(key, iss));
  return out;
}

test('one issuer filling the store is refused with 401 while another issuer still gets 200', async () => {
  expect(await statuses(noisyKey, NOISY, CAPACITY)).toEqual(Array(CAPACITY).fill(200));
  expect(await statuses(noisyKey, NOISY, 5)).toEqual(Array(5).fill(401));
  expect(await statuses(quietKey, QUIET, 5)).toEqual(Array(5).fill(200));
  // The quiet issuer's tokens took places of the noisy one's, which stays refused, so none of those can be replayed.
  expect(await statuses(noisyKey, NOISY, 2)).toEqual([401, 401]);

  // The log is written asynchronously and flushed at exit.
  expect((await service.stop()).code).toBe(0);
  const lines = logLines(service);
  const refusals = lines.filter((l) => l.event === 'ehr-auth-failed').map((l) => l.reason);
  expect(refusals).toEqual(Array(7).fill('replay-store-full'));
  expect(lines.filter((l) => l.event === 'replay-store-high-water').map((l) => [l.entries, l.capacity])).toEqual([[16, CAPACITY]]);
  expect(lines.filter((l) => l.event === 'replay-store-full').map((l) => l.issuer)).toEqual([NOISY]);
});
