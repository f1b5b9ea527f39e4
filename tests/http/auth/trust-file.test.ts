import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrustFile, parseTrustConfig } from '../../../src/http/auth/trust-file.js';

// dimensions: top-level shape · issuer keys (jwks | jwksUrls, public only) · URLs (https, patterns) · tenants ·
// duplicate issuers · file I/O errors name the file

const EC_KEY = { kty: 'EC', crv: 'P-384', kid: 'k1', x: 'x', y: 'y' };

const issuer = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: 'https://ehr.example.org',
  jwksUrls: ['https://ehr.example.org/.well-known/jwks.json'],
  ...extra,
});

test('a file with one issuer, its JWKS URL, tenants and FHIR servers is accepted with defaults filled in', () => {
  const trust = parseTrustConfig({
    issuers: [
      issuer({ tenants: ['t1'], fhirServers: ['https://ehr.example.org/fhir', 'https://*.example.org/fhir'] }),
      { iss: 'https://other.example.org', jwks: { keys: [EC_KEY] } },
    ],
  });
  expect(trust).toEqual({
    issuers: [
      {
        iss: 'https://ehr.example.org',
        jwksUrls: ['https://ehr.example.org/.well-known/jwks.json'],
        tenants: ['t1'],
        fhirServers: ['https://ehr.example.org/fhir', 'https://*.example.org/fhir'],
      },
      { iss: 'https://other.example.org', jwks: { keys: [EC_KEY] }, fhirServers: [] },
    ],
  });
});

const invalid: Array<{ name: string; file: unknown; message: string }> = [
  { name: 'not an object', file: [], message: '(root): must be object' },
  { name: 'no issuers', file: {}, message: "(root): must have required property 'issuers'" },
  { name: 'an empty issuer list', file: { issuers: [] }, message: 'issuers: must NOT have fewer than 1 items' },
  { name: 'an unknown top-level field', file: { issuers: [issuer()], extra: 1 }, message: '(root): must NOT have additional properties' },
  { name: 'an issuer without iss', file: { issuers: [{ jwksUrls: ['https://a.example.org/j'] }] }, message: "issuers/0: must have required property 'iss'" },
  { name: 'an issuer with neither jwks nor jwksUrls', file: { issuers: [{ iss: 'https://a.example.org' }] }, message: 'issuers/0: must have "jwks" or "jwksUrls"' },
  { name: 'a misspelt issuer field', file: { issuers: [issuer({ jwksUrl: 'x' })] }, message: 'issuers/0: must NOT have additional properties' },
  {
    name: 'an http JWKS URL',
    file: { issuers: [issuer({ jwksUrls: ['http://ehr.example.org/jwks.json'] })] },
    message: 'issuers/0/jwksUrls/0: must be an https URL',
  },
  {
    name: 'a JWKS URL with userinfo',
    file: { issuers: [issuer({ jwksUrls: ['https://u:p@ehr.example.org/jwks.json'] })] },
    message: 'issuers/0/jwksUrls/0: must be an https URL',
  },
  {
    name: 'a private key in jwks',
    file: { issuers: [{ iss: 'https://a.example.org', jwks: { keys: [{ ...EC_KEY, d: 'secret' }] } }] },
    message: 'issuers/0/jwks/keys/0: must be a public key',
  },
  {
    name: 'a symmetric key in jwks',
    file: { issuers: [{ iss: 'https://a.example.org', jwks: { keys: [{ kty: 'oct', kid: 'h', k: 'c2VjcmV0' }] } }] },
    message: 'issuers/0/jwks/keys/0/kty: must be equal to one of the allowed values',
  },
  {
    name: 'a key without kid',
    file: { issuers: [{ iss: 'https://a.example.org', jwks: { keys: [{ kty: 'EC' }] } }] },
    message: "issuers/0/jwks/keys/0: must have required property 'kid'",
  },
  { name: 'an empty tenant list', file: { issuers: [issuer({ tenants: [] })] }, message: 'issuers/0/tenants: must NOT have fewer than 1 items' },
  {
    name: 'a FHIR server with a query',
    file: { issuers: [issuer({ fhirServers: ['https://ehr.example.org/fhir?x=1'] })] },
    message: 'issuers/0/fhirServers/0: must be an http(s) base URL',
  },
  {
    name: 'a FHIR server pattern with a wildcard TLD',
    file: { issuers: [issuer({ fhirServers: ['https://ehr.*/fhir'] })] },
    message: 'issuers/0/fhirServers/0: must be an http(s) base URL',
  },
  {
    name: 'a FHIR server pattern with a partial-label wildcard',
    file: { issuers: [issuer({ fhirServers: ['https://ehr*.example.org/fhir'] })] },
    message: 'issuers/0/fhirServers/0: must be an http(s) base URL',
  },
  {
    name: 'an ftp FHIR server',
    file: { issuers: [issuer({ fhirServers: ['ftp://ehr.example.org/fhir'] })] },
    message: 'issuers/0/fhirServers/0: must be an http(s) base URL',
  },
  { name: 'a duplicate issuer', file: { issuers: [issuer(), issuer()] }, message: 'issuers/1/iss: duplicate issuer' },
];

test.each(invalid)('$name is refused with a message naming the field', ({ file, message }) => {
  expect(() => parseTrustConfig(file)).toThrow(message);
});

describe('loadTrustFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trust-'));

  test('reads and validates a file from disk', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify({ issuers: [issuer()] }));
    expect(loadTrustFile(path).issuers.map((i) => i.iss)).toEqual(['https://ehr.example.org']);
  });

  test('an invalid file is refused with the path and the field in the message', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ issuers: [issuer({ jwksUrls: ['http://x.example.org'] })] }));
    expect(() => loadTrustFile(path)).toThrow(`trust file ${path}: issuers/0/jwksUrls/0: must be an https URL`);
  });

  test('a file that is not JSON is refused naming the file', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ issuers: ');
    expect(() => loadTrustFile(path)).toThrow(`trust file ${path}: cannot be read as JSON`);
  });

  test('a missing file is refused naming the file', () => {
    expect(() => loadTrustFile(join(dir, 'absent.json'))).toThrow(`trust file ${join(dir, 'absent.json')}: cannot be read as JSON`);
  });
});
