import type { JSONWebKeySet } from 'jose';

/**
 * Who may call us: one entry per trusted EHR (CDS Hooks 2.0 "Trusting CDS Clients": services SHOULD keep an
 * allowlist of `iss` and `jku`). Built from the trust file in production, plus the sandbox in development.
 */
export interface TrustedIssuer {
  /** Exact `iss` claim value. */
  readonly iss: string;
  /** Keys exchanged out-of-band (public keys only); when `jwksUrls` is also given, a pinned copy tried first. */
  readonly jwks?: JSONWebKeySet;
  /** The only JWKS URLs we fetch for this issuer; a `jku` header must be one of them. */
  readonly jwksUrls?: readonly string[];
  /** When present, the `tenant` claim must be one of these. */
  readonly tenants?: readonly string[];
  /** FHIR base URLs or patterns this issuer's `fhirServer` may name (SSRF allowlist). */
  readonly fhirServers: readonly string[];
}

/** The validated trust configuration. */
export interface TrustConfig {
  readonly issuers: readonly TrustedIssuer[];
}
