import { bearerMatches } from '../../../src/http/bearer-token.js';

// The bearer check of /metrics (CDS_METRICS_TOKEN) and /admin (CDS_ADMIN_TOKEN).
// dimensions: header (absent, other scheme, bare token, lower-case scheme, right, wrong, longer, shorter, empty)

const TOKEN = 'metrics-token-0123456789abcdef';

test.each([
  { header: undefined, matches: false },
  { header: '', matches: false },
  { header: 'Bearer', matches: false },
  { header: 'Bearer ', matches: false },
  { header: TOKEN, matches: false },
  { header: `Basic ${TOKEN}`, matches: false },
  { header: `Bearer ${TOKEN}`, matches: true },
  { header: `bearer ${TOKEN}`, matches: true },
  { header: `Bearer ${TOKEN}x`, matches: false },
  { header: `Bearer ${TOKEN.slice(0, -1)}`, matches: false },
  { header: `Bearer ${TOKEN.toUpperCase()}`, matches: false },
  { header: `Bearer  ${TOKEN}`, matches: false },
])('$header → $matches', ({ header, matches }) => {
  expect(bearerMatches(header, TOKEN)).toBe(matches);
});
