import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, PUBLIC_BASE, type SigningKey } from '../support/ehr-tokens.js';
import { liveToken, writeTrustFileFor } from '../support/live-tokens.js';
import { logLines, startService, type ServiceProcess } from '../support/service-process.js';

// A real service process whose trusted issuers' JWKS URLs fail (500, not JSON, a redirect) or hang (the TLS
// connection is accepted, the request never answered), flooded with tokens whose kid no JWKS holds. Each URL must
// be fetched a bounded number of times (negative cache with backoff, one fetch in flight), and no call may take
// longer than the hook deadline (a correctness bound, not a benchmark). The JWKS host is an https server on
// loopback (trust files accept https JWKS URLs only) with a throw-away certificate the service is told to trust.

const DEADLINE_MS = 1500;
const LOOPS_PER_ISSUER = 3;
const CALLS_PER_LOOP = 6;
const FAILURES = ['500', 'not-json', 'redirect', 'hang'] as const;
type Failure = (typeof FAILURES)[number];
const issuerOf = (failure: Failure): string => `https://${failure}.example.org`;

let jwksHost: Server;
let service: ServiceProcess;
let key: SigningKey;
const fetches = new Map<string, number>();

function throwAwayCertificate(): { key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'jwks-tls-'));
  const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

beforeAll(async () => {
  key = await generateSigningKey('ES384', 'rotated-away');
  const tls = throwAwayCertificate();
  jwksHost = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const path = req.url ?? '';
    fetches.set(path, (fetches.get(path) ?? 0) + 1);
    if (path === '/500') res.writeHead(500).end('down');
    else if (path === '/not-json') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
    else if (path === '/redirect') res.writeHead(302, { location: '/elsewhere' }).end();
    else if (path !== '/hang') res.writeHead(404).end();
    // '/hang': never answered.
  });
  await new Promise<void>((resolve) => jwksHost.listen(0, '127.0.0.1', resolve));
  const base = `https://127.0.0.1:${(jwksHost.address() as AddressInfo).port}`;
  const trustFile = writeTrustFileFor(FAILURES.map((f) => ({ iss: issuerOf(f), jwksUrls: [`${base}/${f}`] })));
  service = await startService({
    env: {
      NODE_ENV: 'production',
      CDS_TRUST_FILE: trustFile,
      CDS_PUBLIC_BASE_URL: PUBLIC_BASE,
      CDS_DEADLINE_MS: String(DEADLINE_MS),
      CDS_DRAIN_MS: '0',
      NODE_EXTRA_CA_CERTS: tls.certFile,
    },
  });
});
afterAll(async () => {
  await service.stop();
  jwksHost.closeAllConnections();
  await new Promise((resolve) => jwksHost.close(resolve));
});

interface Call {
  readonly failure: Failure;
  readonly status: number;
  readonly ms: number;
}

async function flood(failure: Failure): Promise<Call[]> {
  const calls: Call[] = [];
  for (let i = 0; i < CALLS_PER_LOOP; i += 1) {
    const token = await liveToken(key, issuerOf(failure), '/cds-services');
    const started = performance.now();
    const res = await fetch(`${service.url}/cds-services`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    calls.push({ failure, status: res.status, ms: performance.now() - started });
  }
  return calls;
}

test('unknown-kid tokens flooding failing and hanging JWKS URLs cause a few fetches, and every call ends within the deadline', async () => {
  const started = performance.now();
  const calls = (await Promise.all(FAILURES.flatMap((f) => Array.from({ length: LOOPS_PER_ISSUER }, () => flood(f))))).flat();
  // With a backoff of 1 s doubling after each failure, fetches start at the earliest at 0, 1, 3, 7 … s: within
  // the flood's duration, at most this many (however slow the machine is, the bound follows the clock).
  const maxFetches = Math.floor(Math.log2((performance.now() - started) / 1000 + 1)) + 1;

  for (const failure of FAILURES) {
    const mine = calls.filter((c) => c.failure === failure);
    expect(mine.map((c) => c.status)).toEqual(Array(LOOPS_PER_ISSUER * CALLS_PER_LOOP).fill(401));
    expect(fetches.get(`/${failure}`)).toBeGreaterThanOrEqual(1);
    expect(fetches.get(`/${failure}`)).toBeLessThanOrEqual(maxFetches);
  }
  expect(fetches.get('/elsewhere')).toBeUndefined();
  expect(Math.max(...calls.map((c) => c.ms))).toBeLessThan(DEADLINE_MS);

  expect((await service.stop()).code).toBe(0);
  const reasons = new Set(logLines(service).filter((l) => l.event === 'ehr-auth-failed').map((l) => l.reason));
  expect([...reasons]).toEqual(['jwks-unavailable']);
}, 30_000);
