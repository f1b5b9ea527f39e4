import type { Mode } from '../config.js';
import { SANDBOX_FHIR_SERVERS } from './auth/development-trust.js';
import { compileFhirServerPattern, parseBaseUrl, type FhirServerPattern } from './auth/fhir-server-pattern.js';
import type { TrustConfig } from './auth/trust-types.js';
import type { FhirServerPolicy } from './routes.js';

/**
 * SSRF guard for the caller-supplied `fhirServer`: we contact it only when the trust file allows it for the
 * verified issuer. In development, loopback servers are allowed too, and unauthenticated calls may name the
 * sandbox's FHIR servers. Link-local/metadata addresses, userinfo, queries, fragments and non-http(s) schemes are
 * always refused; production allows https only.
 * Hosts are matched by name: the allowlist trusts the DNS of the names it lists.
 */

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', '[fd00:ec2::254]']);

function ipv4Of(hostname: string): number[] | undefined {
  const parts = hostname.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  return parts.map(Number);
}

// WHATWG URL writes an IPv4-mapped IPv6 address as [::ffff:a9fe:a9fe]; read it back as IPv4.
function mappedIpv4Of(hostname: string): number[] | undefined {
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(hostname);
  if (!m) return undefined;
  const hi = parseInt(m[1] ?? '0', 16);
  const lo = parseInt(m[2] ?? '0', 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

function ipv4Anyhow(hostname: string): number[] | undefined {
  return ipv4Of(hostname) ?? mappedIpv4Of(hostname);
}

/** Link-local (incl. the 169.254.169.254 cloud metadata service), "this network" and known metadata names. */
export function isAlwaysRefusedHost(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '');
  if (METADATA_HOSTS.has(host)) return true;
  const v4 = ipv4Anyhow(host);
  if (v4) return (v4[0] === 169 && v4[1] === 254) || v4[0] === 0 || v4.every((o) => o === 255);
  // fe80::/10 link-local and the unspecified address.
  return /^\[fe[89ab][0-9a-f]:/.test(host) || host === '[::]';
}

/** 127.0.0.0/8, localhost and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '');
  if (host === 'localhost' || host === '[::1]') return true;
  return ipv4Anyhow(host)?.[0] === 127;
}

function compileAll(sources: readonly string[]): FhirServerPattern[] {
  return sources.flatMap((s) => {
    const p = compileFhirServerPattern(s);
    return p ? [p] : [];
  });
}

/** Builds the policy once at start-up from the trust configuration. */
export function createFhirServerPolicy(trust: TrustConfig | undefined, mode: Mode): FhirServerPolicy {
  const byIssuer = new Map((trust?.issuers ?? []).map((i) => [i.iss, compileAll(i.fhirServers)]));
  const unauthenticated = mode === 'development' ? compileAll(SANDBOX_FHIR_SERVERS) : [];
  return (fhirServer, issuer) => {
    const url = parseBaseUrl(fhirServer);
    if (!url || isAlwaysRefusedHost(url.hostname)) return false;
    if (mode === 'production' && url.protocol !== 'https:') return false;
    if (mode === 'development' && isLoopbackHost(url.hostname)) return true;
    const allowed = issuer === undefined ? unauthenticated : (byIssuer.get(issuer) ?? []);
    return allowed.some((p) => p.matches(url));
  };
}
