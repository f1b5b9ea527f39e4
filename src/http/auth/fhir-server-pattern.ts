/**
 * FHIR server allowlist entries from the trust file: an exact base URL (`https://ehr.example.org/fhir`) or a
 * pattern where `*` stands for exactly one DNS label or one path segment (`https://*.example.org/fhir`,
 * `https://launch.smarthealthit.org/v/*\/fhir`). A wildcard never spans a dot or a slash, and the last two host
 * labels must be literal, so a pattern can't widen to a whole TLD.
 */

/** A compiled allowlist entry. */
export interface FhirServerPattern {
  readonly source: string;
  readonly matches: (url: URL) => boolean;
}

const PATTERN = /^(https?):\/\/([^/?#@\\]+)(\/[^?#\\]*)?$/;
const HOST_LABEL = /^(\*|[a-z0-9]([a-z0-9-]*[a-z0-9])?)$/;
const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;
// What a `*` path segment may stand for: unreserved characters only (covers SMART launcher ids, base64url).
const WILDCARD_SEGMENT = /^[A-Za-z0-9_~=-][A-Za-z0-9._~=-]*$/;
const DEFAULT_PORT: Readonly<Record<string, string>> = { http: '80', https: '443' };

/** `scheme://host[:port]/path` with no trailing slash: the form two base URLs are compared in. */
export function normalizeBaseUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function pathSegments(pathname: string): string[] {
  return pathname.replace(/\/+$/, '').split('/').slice(1);
}

/**
 * A plain http(s) base URL: no credentials, query or fragment, and none of the characters (backslash,
 * whitespace, controls) that different URL parsers normalise differently; undefined otherwise.
 */
export function parseBaseUrl(value: string): URL | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\s\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.hostname === '') return undefined;
  return url;
}

function exactPattern(source: string): FhirServerPattern | undefined {
  const url = parseBaseUrl(source);
  if (!url) return undefined;
  const base = normalizeBaseUrl(url);
  return { source, matches: (candidate) => normalizeBaseUrl(candidate) === base };
}

function wildcardPattern(source: string): FhirServerPattern | undefined {
  const parts = PATTERN.exec(source);
  if (!parts) return undefined;
  const [, scheme = '', authority = '', path = ''] = parts;
  const [hostPart = '', port = '', extra] = authority.toLowerCase().split(':');
  if (extra !== undefined || (port !== '' && !/^\d{1,5}$/.test(port))) return undefined;
  const labels = hostPart.split('.');
  if (!labels.every((l) => HOST_LABEL.test(l))) return undefined;
  if (labels.length < 3 || labels.slice(-2).includes('*')) return undefined;
  const segments = pathSegments(path);
  if (!segments.every((s) => s === '*' || LITERAL_SEGMENT.test(s))) return undefined;
  const wantedPort = port === DEFAULT_PORT[scheme] ? '' : port;
  return {
    source,
    matches: (url) => {
      if (url.protocol !== `${scheme}:` || url.port !== wantedPort) return false;
      const hostLabels = url.hostname.split('.');
      if (hostLabels.length !== labels.length) return false;
      if (!labels.every((l, i) => (l === '*' ? /^[a-z0-9-]+$/.test(hostLabels[i] ?? '') : l === hostLabels[i]))) return false;
      const urlSegments = pathSegments(url.pathname);
      if (urlSegments.length !== segments.length) return false;
      return segments.every((s, i) => (s === '*' ? WILDCARD_SEGMENT.test(urlSegments[i] ?? '') : s === urlSegments[i]));
    },
  };
}

/** Compiles one allowlist entry; `undefined` when it is not a valid base URL or pattern. */
export function compileFhirServerPattern(source: string): FhirServerPattern | undefined {
  return source.includes('*') ? wildcardPattern(source) : exactPattern(source);
}
