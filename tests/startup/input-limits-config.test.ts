import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startService } from '../support/service-process.js';

// The listening address and the input limits, read from the environment at start-up.
// dimensions: HOST (unset in development or production; set; invalid) · CDS_REQUEST_TIMEOUT_MS (default from the
// deadline; set; below the deadline) · CDS_MAX_RESOURCES_PER_KEY and CDS_MAX_FHIR_RESPONSE_BYTES (defaults; set) ·
// the replaced CDS_MAX_FHIR_PAGES · a real process: where it listens

const PRODUCTION = { NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org' };

test.each([
  { name: 'development without HOST listens on loopback only', env: {}, host: '127.0.0.1' },
  { name: 'production without HOST listens on every interface', env: PRODUCTION, host: '0.0.0.0' },
  { name: 'an explicit HOST wins in development', env: { HOST: '0.0.0.0' }, host: '0.0.0.0' },
  { name: 'an explicit HOST wins in production', env: { ...PRODUCTION, HOST: '10.0.0.5' }, host: '10.0.0.5' },
  { name: 'an IPv6 HOST, bracketed or not', env: { HOST: '[::1]' }, host: '::1' },
  { name: 'localhost', env: { HOST: 'localhost' }, host: 'localhost' },
])('$name ($host)', ({ env, host }) => {
  expect(loadConfig(env).host).toBe(host);
});

test('limits default from the deadline and the documented values', () => {
  const config = loadConfig({ CDS_DEADLINE_MS: '2000' });
  expect([config.requestTimeoutMs, config.maxResourcesPerKey, config.maxFhirResponseBytes]).toEqual([5000, 1000, 5 * 1024 * 1024]);
});

test('limits can be set', () => {
  const config = loadConfig({ CDS_REQUEST_TIMEOUT_MS: '9000', CDS_MAX_RESOURCES_PER_KEY: '250', CDS_MAX_FHIR_RESPONSE_BYTES: '65536' });
  expect([config.requestTimeoutMs, config.maxResourcesPerKey, config.maxFhirResponseBytes]).toEqual([9000, 250, 65536]);
});

test.each([
  { name: 'a HOST that is no address', env: { HOST: 'cds.example.org' }, message: 'HOST: must be an IP address (127.0.0.1, 0.0.0.0, ::, ...) or localhost' },
  { name: 'a request timeout below the deadline', env: { CDS_DEADLINE_MS: '1500', CDS_REQUEST_TIMEOUT_MS: '1000' }, message: 'CDS_REQUEST_TIMEOUT_MS: must be an integer between 1500 and 600000' },
  { name: 'a resource cap of 0', env: { CDS_MAX_RESOURCES_PER_KEY: '0' }, message: 'CDS_MAX_RESOURCES_PER_KEY: must be an integer between 1 and 100000' },
  {
    name: 'the replaced CDS_MAX_FHIR_PAGES',
    env: { CDS_MAX_FHIR_PAGES: '10' },
    message: 'CDS_MAX_FHIR_PAGES: was replaced by CDS_MAX_RESOURCES_PER_KEY (most resources per prefetch key, default 1000): remove it',
  },
])('$name stops start-up naming the variable', ({ env, message }) => {
  expect(() => loadConfig(env)).toThrow(new ConfigError(message.split(': ')[0] ?? '', message.slice(message.indexOf(': ') + 2)));
});

/** Resolves true when a TCP connection to host:port opens. */
function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// This machine's first non-loopback IPv4 address, when it has one (CI containers do).
const outside = Object.values(networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal)?.address;

test('a development process listens on 127.0.0.1 only: not on the machine\'s other addresses', async () => {
  const service = await startService();
  try {
    expect(/"host":"127\.0\.0\.1"[^\n]*"msg":"listening"/.test(service.stdout())).toBe(true);
    expect(await canConnect('127.0.0.1', service.port)).toBe(true);
    if (outside !== undefined) expect(await canConnect(outside, service.port)).toBe(false);
  } finally {
    await service.stop();
  }
});
