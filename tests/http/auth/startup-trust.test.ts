import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { DEFAULT_SANDBOX_JWKS_PATH, SANDBOX_ISSUER, SANDBOX_JWKS_URL } from '../../../src/http/auth/development-trust.js';
import { loadTrustForMode } from '../../../src/http/auth/startup-trust.js';
import { captureLog } from '../../support/log-capture.js';

// dimensions: mode · trust file present/absent · FHIR server allowlist present · sandbox listed · sandbox key file present

const dir = mkdtempSync(join(tmpdir(), 'startup-trust-'));
function trustFile(name: string, issuers: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ issuers }));
  return path;
}
const EHR = { iss: 'https://ehr.example.org', jwksUrls: ['https://ehr.example.org/jwks.json'], fhirServers: ['https://ehr.example.org/fhir'] };
const log = (): ReturnType<typeof captureLog>['log'] => captureLog().log;

describe('production', () => {
  test('refuses to start without CDS_TRUST_FILE', () => {
    expect(() => loadTrustForMode(loadConfig({ NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org' }), log())).toThrow(
      'CDS_TRUST_FILE: is required when NODE_ENV=production',
    );
  });

  test('refuses to start when no issuer allows a FHIR server', () => {
    const path = trustFile('no-fhir.json', [{ ...EHR, fhirServers: [] }]);
    expect(() => loadTrustForMode(loadConfig({ NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org', CDS_TRUST_FILE: path }), log())).toThrow(
      'CDS_TRUST_FILE: issuers/*/fhirServers: at least one FHIR server is required in production',
    );
  });

  test('refuses to start when a FHIR server is plain http', () => {
    const path = trustFile('http.json', [{ ...EHR, fhirServers: ['https://ehr.example.org/fhir', 'http://ehr.example.org/fhir'] }]);
    expect(() => loadTrustForMode(loadConfig({ NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org', CDS_TRUST_FILE: path }), log())).toThrow(
      'CDS_TRUST_FILE: issuers/0/fhirServers/1: must be https in production',
    );
  });

  test('refuses to start when the trust file trusts the sandbox, whose private key is public', () => {
    const path = trustFile('sandbox.json', [EHR, { iss: SANDBOX_ISSUER, jwksUrls: [SANDBOX_JWKS_URL] }]);
    expect(() => loadTrustForMode(loadConfig({ NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org', CDS_TRUST_FILE: path }), log())).toThrow(
      'CDS_TRUST_FILE: issuers/1/iss: the CDS Hooks sandbox must not be trusted in production',
    );
  });

  test('refuses to start with an invalid trust file, naming the field', () => {
    const path = trustFile('invalid.json', [{ ...EHR, jwksUrls: ['http://ehr.example.org/jwks.json'] }]);
    expect(() => loadTrustForMode(loadConfig({ NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org', CDS_TRUST_FILE: path }), log())).toThrow(
      'issuers/0/jwksUrls/0: must be an https URL',
    );
  });

  test('uses exactly the trust file, without the sandbox', () => {
    const path = trustFile('ok.json', [EHR]);
    const trust = loadTrustForMode(loadConfig({ NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org', CDS_TRUST_FILE: path }), log());
    expect(trust.issuers.map((i) => i.iss)).toEqual(['https://ehr.example.org']);
  });
});

describe('development', () => {
  test('trusts the sandbox with its key read from the vendored sandbox JWKS and its jku allowlisted', () => {
    const trust = loadTrustForMode(loadConfig({}), log());
    expect(trust.issuers).toHaveLength(1);
    const sandbox = trust.issuers[0];
    expect(sandbox?.iss).toBe(SANDBOX_ISSUER);
    expect(sandbox?.jwksUrls).toEqual([SANDBOX_JWKS_URL]);
    expect(sandbox?.jwks?.keys.map((k) => k.kid)).toEqual(['44823f3d-0b01-4a6c-a80e-b9d3e8a7226f']);
    expect(DEFAULT_SANDBOX_JWKS_PATH).toBe(join('cds-services', 'trust', 'cds-hooks-sandbox-jwks.json'));
  });

  test('the sandbox JWKS is read from the configured knowledge folder (CDS_KNOWLEDGE_DIR), not from the working directory', () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), 'startup-trust-knowledge-'));
    mkdirSync(join(knowledgeDir, 'trust'));
    copyFileSync(DEFAULT_SANDBOX_JWKS_PATH, join(knowledgeDir, 'trust', 'cds-hooks-sandbox-jwks.json'));
    const withKey = loadTrustForMode(loadConfig({ CDS_KNOWLEDGE_DIR: knowledgeDir }), log());
    expect(withKey.issuers[0]?.jwks?.keys.map((k) => k.kid)).toEqual(['44823f3d-0b01-4a6c-a80e-b9d3e8a7226f']);
    const without = loadTrustForMode(loadConfig({ CDS_KNOWLEDGE_DIR: dir }), log());
    expect(without.issuers[0]?.jwks).toBeUndefined();
  });

  test('without the sandbox JWKS file, the sandbox key comes from its published jku only', () => {
    const trust = loadTrustForMode(loadConfig({}), log(), { sandboxJwksPath: join(dir, 'absent.json') });
    expect(trust.issuers[0]).toEqual({
      iss: SANDBOX_ISSUER,
      jwksUrls: [SANDBOX_JWKS_URL],
      fhirServers: ['https://launch.smarthealthit.org/v/*/fhir', 'https://launch.smarthealthit.org/v/*/sim/*/fhir'],
    });
  });

  test('adds the sandbox to a trust file given in development', () => {
    const path = trustFile('dev.json', [EHR]);
    const trust = loadTrustForMode(loadConfig({ CDS_TRUST_FILE: path }), log());
    expect(trust.issuers.map((i) => i.iss)).toEqual(['https://ehr.example.org', SANDBOX_ISSUER]);
  });
});
