import { resolveOnFhirServer } from '../../src/gather/bundle-pages.js';

// dimensions: origin (same · other host · other scheme · other port · userinfo trick) · path (under base · base itself · beside base) · relative

const base = 'https://ehr.example.org/fhir';

test.each([
  { name: 'a page under the base path is followed', url: `${base}/Condition?page=2`, href: `${base}/Condition?page=2` },
  { name: 'the base itself with a paging query (HAPI) is followed', url: `${base}?_getpages=x`, href: `${base}?_getpages=x` },
  { name: 'a relative link resolves against the base', url: 'Condition?page=2', href: `${base}/Condition?page=2` },
  { name: 'another host is refused', url: 'https://evil.example.com/fhir/Condition', href: undefined },
  { name: 'a host that only starts like ours is refused', url: 'https://ehr.example.org.evil.example.com/fhir/x', href: undefined },
  { name: 'userinfo pointing elsewhere is refused', url: 'https://ehr.example.org@evil.example.com/fhir/x', href: undefined },
  { name: 'http instead of https is refused', url: 'http://ehr.example.org/fhir/Condition', href: undefined },
  { name: 'another port is refused', url: 'https://ehr.example.org:8443/fhir/Condition', href: undefined },
  { name: 'a path beside the base is refused', url: 'https://ehr.example.org/fhir-admin/x', href: undefined },
  { name: 'a path that climbs out of the base is refused', url: `${base}/../admin`, href: undefined },
  { name: 'not a URL is refused', url: 'http://[', href: undefined },
])('$name', ({ url, href }) => {
  expect(resolveOnFhirServer(url, base)).toBe(href);
});

test('a base with a trailing slash accepts the same pages', () => {
  expect(resolveOnFhirServer(`${base}/Condition?page=2`, `${base}/`)).toBe(`${base}/Condition?page=2`);
});
