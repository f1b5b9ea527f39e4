import type { Logger } from 'pino';
import { ConfigError, type Config } from '../../config.js';
import { createSandboxIssuer, SANDBOX_ISSUER, sandboxJwksPath } from './development-trust.js';
import { loadTrustFile } from './trust-file.js';
import type { TrustConfig } from './trust-types.js';

/** Where development finds the sandbox's public JWKS (default: inside `config.knowledgeDir`; tests point it elsewhere). */
export interface StartupTrustOptions {
  readonly sandboxJwksPath?: string;
}

function assertProductionTrust(trust: TrustConfig): void {
  const sandbox = trust.issuers.findIndex((i) => i.iss === SANDBOX_ISSUER);
  if (sandbox >= 0) {
    // The sandbox's private key is public (checklist §9): trusting it would let anyone call us.
    throw new ConfigError('CDS_TRUST_FILE', `issuers/${sandbox}/iss: the CDS Hooks sandbox must not be trusted in production`);
  }
  trust.issuers.forEach((issuer, i) => {
    const plain = issuer.fhirServers.findIndex((s) => !s.startsWith('https://'));
    // The FHIR server policy never contacts http in production; say so at start-up rather than fail per call.
    if (plain >= 0) throw new ConfigError('CDS_TRUST_FILE', `issuers/${i}/fhirServers/${plain}: must be https in production`);
  });
  if (!trust.issuers.some((i) => i.fhirServers.length > 0)) {
    throw new ConfigError('CDS_TRUST_FILE', 'issuers/*/fhirServers: at least one FHIR server is required in production');
  }
}

/**
 * The trust configuration for this mode, read once at start-up.
 * Production: `CDS_TRUST_FILE` is required, must allow at least one FHIR server and must not trust the sandbox.
 * Development: the trust file if given, plus the CDS Hooks sandbox issuer.
 */
export function loadTrustForMode(config: Config, log: Logger, options: StartupTrustOptions = {}): TrustConfig {
  if (config.mode === 'production') {
    if (!config.trustFile) throw new ConfigError('CDS_TRUST_FILE', 'is required when NODE_ENV=production');
    const trust = loadTrustFile(config.trustFile);
    assertProductionTrust(trust);
    log.info({ issuers: trust.issuers.map((i) => i.iss) }, 'trust file loaded');
    return trust;
  }
  const fromFile = config.trustFile ? loadTrustFile(config.trustFile).issuers : [];
  const sandbox = fromFile.some((i) => i.iss === SANDBOX_ISSUER) ? [] : [createSandboxIssuer(options.sandboxJwksPath ?? sandboxJwksPath(config.knowledgeDir))];
  const trust = { issuers: [...fromFile, ...sandbox] };
  log.info({ issuers: trust.issuers.map((i) => i.iss), pinnedSandboxKey: sandbox[0]?.jwks !== undefined }, 'development trust');
  return trust;
}
