import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JSONWebKeySet, type JWTPayload } from 'jose';

/**
 * Real signed EHR tokens for auth tests (CDS Hooks 2.0 "Trusting CDS Clients"): ES384/RS384 key pairs made
 * with jose, and the sandbox's published test key from `tests/support/keys/`.
 */

/** The clock every auth test freezes. */
export const AUTH_NOW = new Date('2026-11-20T12:00:00Z');
export const NOW_SECONDS = Math.floor(AUTH_NOW.getTime() / 1000);

/** Our public base URL in auth tests; deliberately not the loopback address supertest calls. */
export const PUBLIC_BASE = 'https://cds.example.org';
export const DISCOVERY_URL = `${PUBLIC_BASE}/cds-services`;

export const EHR_ISSUER = 'https://ehr.example.org';

export interface SigningKey {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey | Uint8Array;
  readonly publicJwk: JWK;
}

/** A fresh key pair; the public half carries `kid`, `alg` and `use` as an EHR's JWKS would. */
export async function generateSigningKey(alg: 'ES384' | 'RS384' | 'ES256', kid: string = randomUUID()): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A JWK Set of the public halves. */
export const jwksOf = (...keys: SigningKey[]): JSONWebKeySet => ({ keys: keys.map((k) => k.publicJwk) });

/** The CDS Hooks Sandbox's signing key (published test material, see tests/support/keys/README.md). */
export async function sandboxSigningKey(): Promise<SigningKey> {
  const file = JSON.parse(readFileSync('tests/support/keys/sandbox-jwk-keypair.json', 'utf8')) as { keys: JWK[] };
  const jwk = file.keys[0] as JWK;
  const publicJwk: JWK = { ...jwk };
  delete publicJwk.d;
  return { alg: 'ES384', kid: jwk.kid ?? '', privateKey: (await importJWK(jwk, 'ES384')) as CryptoKey, publicJwk };
}

export interface TokenOptions {
  readonly claims?: JWTPayload;
  /** Claims to leave out of the defaults (e.g. `['jti']`). */
  readonly omit?: readonly string[];
  readonly header?: Record<string, unknown>;
}

/** Signs a token with CDS Hooks defaults: iss, aud = discovery URL, iat = now, exp = now + 5 min, fresh jti. */
export async function signToken(key: SigningKey, options: TokenOptions = {}): Promise<string> {
  const claims: JWTPayload = {
    iss: EHR_ISSUER,
    aud: DISCOVERY_URL,
    iat: NOW_SECONDS,
    exp: NOW_SECONDS + 300,
    jti: randomUUID(),
    ...options.claims,
  };
  for (const name of options.omit ?? []) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid, ...options.header })
    .sign(key.privateKey);
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsecured JWT (`alg: none`), which jose refuses to produce. */
export function unsecuredToken(claims: JWTPayload): string {
  return `${b64url({ alg: 'none', typ: 'JWT', kid: 'any' })}.${b64url(claims)}.`;
}

/** A token signed with HMAC under a shared secret. */
export function hmacToken(claims: JWTPayload, kid: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid }).sign(new TextEncoder().encode('a'.repeat(32)));
}

/** Default claims for hand-built tokens. */
export const defaultClaims = (): JWTPayload => ({
  iss: EHR_ISSUER,
  aud: DISCOVERY_URL,
  iat: NOW_SECONDS,
  exp: NOW_SECONDS + 300,
  jti: randomUUID(),
});

/** Changes one character inside the signature, keeping it valid base64url. */
export function tamperSignature(token: string): string {
  const at = token.lastIndexOf('.') + 5;
  const replacement = token[at] === 'A' ? 'B' : 'A';
  return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
}
