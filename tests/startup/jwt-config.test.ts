import { loadConfig } from '../../src/config.js';

// dimensions: token lifetime (default, bounds) · replay store capacity (from the peak rate, explicit, too large) ·
// drain window

test.each([
  { name: 'defaults: 5 min tokens, 1,000 calls/s × 330 s, 3 s drain', env: {}, expected: [300, 330_000, 3000] },
  { name: 'a 1 h lifetime at 100 calls/s', env: { CDS_MAX_TOKEN_LIFETIME_S: '3600', CDS_PEAK_CALLS_PER_SECOND: '100' }, expected: [3600, 363_000, 3000] },
  { name: 'an explicit capacity wins over the rate', env: { CDS_REPLAY_STORE_CAPACITY: '20', CDS_PEAK_CALLS_PER_SECOND: '5000' }, expected: [300, 20, 3000] },
  { name: 'no drain window', env: { CDS_DRAIN_MS: '0' }, expected: [300, 330_000, 0] },
])('$name', ({ env, expected }) => {
  const config = loadConfig(env);
  expect([config.maxTokenLifetimeSeconds, config.replayStoreCapacity, config.drainMs]).toEqual(expected);
});

test.each([
  { name: 'a lifetime over 1 h', env: { CDS_MAX_TOKEN_LIFETIME_S: '3601' }, message: /^CDS_MAX_TOKEN_LIFETIME_S: must be an integer between 1 and 3600$/ },
  { name: 'a rate × lifetime beyond the in-memory bound', env: { CDS_MAX_TOKEN_LIFETIME_S: '3600', CDS_PEAK_CALLS_PER_SECOND: '2000' }, message: /^CDS_PEAK_CALLS_PER_SECOND: .*7260000 remembered tokens.*PostgreSQL store$/ },
  { name: 'a capacity of 0', env: { CDS_REPLAY_STORE_CAPACITY: '0' }, message: /^CDS_REPLAY_STORE_CAPACITY: must be an integer between 1 and 4000000$/ },
])('$name stops start-up naming the variable', ({ env, message }) => {
  expect(() => loadConfig(env)).toThrow(message);
});
