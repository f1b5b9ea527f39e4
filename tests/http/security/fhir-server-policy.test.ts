import type { Mode } from '../../../src/config.js';
import { createFhirServerPolicy } from '../../../src/http/fhir-server-policy.js';
import type { TrustConfig } from '../../../src/http/auth/trust-types.js';

// dimensions: mode · issuer (trusted with a list, trusted without, none) · exact base vs pattern · scheme ·
// host class (public, loopback, link-local/metadata) · userinfo/query/fragment · parser confusion

const EHR = 'https://ehr.example.org';
const trust: TrustConfig = {
  issuers: [
    { iss: EHR, jwksUrls: [`${EHR}/jwks.json`], fhirServers: ['https://ehr.example.org/fhir', 'https://*.hospital.example.org/r4/fhir'] },
    { iss: 'https://other.example.org', jwksUrls: ['https://other.example.org/jwks.json'], fhirServers: [] },
    { iss: 'https://legacy.example.org', jwksUrls: ['https://legacy.example.org/jwks.json'], fhirServers: ['http://legacy.example.org:8080/fhir'] },
  ],
};

interface PolicyCase {
  readonly name: string;
  readonly mode: Mode;
  readonly issuer?: string;
  readonly url: string;
  readonly allowed: boolean;
}

const cases: PolicyCase[] = [
  { name: 'exact base URL for its issuer', mode: 'production', issuer: EHR, url: 'https://ehr.example.org/fhir', allowed: true },
  { name: 'exact base URL with a trailing slash', mode: 'production', issuer: EHR, url: 'https://ehr.example.org/fhir/', allowed: true },
  { name: 'exact base URL with the default port written out', mode: 'production', issuer: EHR, url: 'https://ehr.example.org:443/fhir', allowed: true },
  { name: 'a longer path under an exact base', mode: 'production', issuer: EHR, url: 'https://ehr.example.org/fhir/other', allowed: false },
  { name: 'another port on an exact base', mode: 'production', issuer: EHR, url: 'https://ehr.example.org:8443/fhir', allowed: false },
  { name: 'pattern with one host label', mode: 'production', issuer: EHR, url: 'https://north.hospital.example.org/r4/fhir', allowed: true },
  { name: 'pattern does not span two labels', mode: 'production', issuer: EHR, url: 'https://a.b.hospital.example.org/r4/fhir', allowed: false },
  { name: 'pattern needs a label for *', mode: 'production', issuer: EHR, url: 'https://hospital.example.org/r4/fhir', allowed: false },
  { name: 'look-alike host is not the pattern', mode: 'production', issuer: EHR, url: 'https://north.hospital.example.org.evil.com/r4/fhir', allowed: false },
  { name: 'a base allowed for another issuer only', mode: 'production', issuer: 'https://other.example.org', url: 'https://ehr.example.org/fhir', allowed: false },
  { name: 'an untrusted issuer', mode: 'production', issuer: 'https://evil.example.com', url: 'https://ehr.example.org/fhir', allowed: false },
  { name: 'no issuer in production', mode: 'production', url: 'https://ehr.example.org/fhir', allowed: false },
  { name: 'http in production even when listed', mode: 'production', issuer: 'https://legacy.example.org', url: 'http://legacy.example.org:8080/fhir', allowed: false },
  { name: 'http when listed in development', mode: 'development', issuer: 'https://legacy.example.org', url: 'http://legacy.example.org:8080/fhir', allowed: true },
  { name: 'cloud metadata 169.254.169.254', mode: 'development', url: 'http://169.254.169.254/latest/meta-data', allowed: false },
  { name: 'metadata as a decimal IPv4', mode: 'development', url: 'http://2852039166/fhir', allowed: false },
  { name: 'metadata as IPv4-mapped IPv6', mode: 'development', url: 'http://[::ffff:169.254.169.254]/fhir', allowed: false },
  { name: 'IPv6 link-local', mode: 'development', url: 'http://[fe80::1]/fhir', allowed: false },
  { name: 'GCP metadata name', mode: 'development', url: 'http://metadata.google.internal/fhir', allowed: false },
  { name: '0.0.0.0', mode: 'development', url: 'http://0.0.0.0:8080/fhir', allowed: false },
  { name: 'loopback in production', mode: 'production', issuer: EHR, url: 'http://127.0.0.1:1/', allowed: false },
  { name: 'loopback in development without a token', mode: 'development', url: 'http://127.0.0.1:1/', allowed: true },
  { name: 'localhost in development', mode: 'development', url: 'http://localhost:8080/fhir', allowed: true },
  { name: 'IPv6 loopback in development', mode: 'development', url: 'http://[::1]:8080/fhir', allowed: true },
  { name: 'loopback in development with a token', mode: 'development', issuer: EHR, url: 'http://127.0.0.1:8080/fhir', allowed: true },
  { name: 'sandbox DSTU2 server in development without a token', mode: 'development', url: 'https://launch.smarthealthit.org/v/r2/fhir', allowed: true },
  { name: 'sandbox R4 server in development without a token', mode: 'development', url: 'https://launch.smarthealthit.org/v/r4/fhir', allowed: true },
  {
    name: 'sandbox SMART launcher session in development',
    mode: 'development',
    url: 'https://launch.smarthealthit.org/v/r4/sim/eyJoIjoiMSIsImoiOiIxIn0/fhir',
    allowed: true,
  },
  { name: 'sandbox server in production without a token', mode: 'production', url: 'https://launch.smarthealthit.org/v/r4/fhir', allowed: false },
  { name: 'other public server in development without a token', mode: 'development', url: 'https://ehr.example.org/fhir', allowed: false },
  { name: 'userinfo', mode: 'production', issuer: EHR, url: 'https://user:pass@ehr.example.org/fhir', allowed: false },
  { name: 'userinfo on loopback in development', mode: 'development', url: 'http://user@127.0.0.1/fhir', allowed: false },
  { name: 'userinfo hiding another host', mode: 'production', issuer: EHR, url: 'https://ehr.example.org@evil.com/fhir', allowed: false },
  { name: 'backslash parser confusion', mode: 'production', issuer: EHR, url: 'https://evil.com\\@ehr.example.org/fhir', allowed: false },
  { name: 'a query', mode: 'production', issuer: EHR, url: 'https://ehr.example.org/fhir?x=1', allowed: false },
  { name: 'a fragment', mode: 'production', issuer: EHR, url: 'https://ehr.example.org/fhir#x', allowed: false },
  { name: 'ftp', mode: 'development', url: 'ftp://127.0.0.1/fhir', allowed: false },
  { name: 'file', mode: 'development', url: 'file:///etc/passwd', allowed: false },
  { name: 'not a URL', mode: 'development', url: 'ehr.example.org/fhir', allowed: false },
];

test.each(cases)('$name ($mode) → $allowed', ({ mode, issuer, url, allowed }) => {
  expect(createFhirServerPolicy(trust, mode)(url, issuer)).toBe(allowed);
});

test('with no trust configuration, production allows nothing', () => {
  expect(createFhirServerPolicy(undefined, 'production')('https://ehr.example.org/fhir', EHR)).toBe(false);
});
