import { ConfigError, configWarnings, loadConfig } from '../../src/config.js';

// CDS_DATABASE_URL names the database of every shared store; CDS_REPLAY_STORE_URL is its deprecated alias.
// dimensions: which variable is set · both, equal or different · timeouts derived from or set beside the deadline

const URL_A = 'postgres://cds@db.example.org:5432/cds';
const URL_B = 'postgres://cds@other.example.org:5432/cds';

test.each([
  { name: 'CDS_DATABASE_URL alone', env: { CDS_DATABASE_URL: URL_A }, url: URL_A, warnings: 0 },
  { name: 'the deprecated CDS_REPLAY_STORE_URL alone', env: { CDS_REPLAY_STORE_URL: URL_A }, url: URL_A, warnings: 1 },
  { name: 'both, naming the same database', env: { CDS_DATABASE_URL: URL_A, CDS_REPLAY_STORE_URL: URL_A }, url: URL_A, warnings: 1 },
  { name: 'neither (in-memory stores)', env: {}, url: undefined, warnings: 0 },
])('$name → databaseUrl and $warnings deprecation warning(s)', ({ env, url, warnings }) => {
  expect(loadConfig(env).databaseUrl).toBe(url);
  expect(configWarnings(env)).toHaveLength(warnings);
});

test('the deprecation warning names both variables', () => {
  expect(configWarnings({ CDS_REPLAY_STORE_URL: URL_A })).toEqual([
    'CDS_REPLAY_STORE_URL is deprecated: set CDS_DATABASE_URL (the database of every shared store) instead',
  ]);
});

test.each([
  { name: 'both set to different databases', env: { CDS_DATABASE_URL: URL_A, CDS_REPLAY_STORE_URL: URL_B }, message: /^CDS_REPLAY_STORE_URL: is a deprecated alias of CDS_DATABASE_URL and names another database/ },
  { name: 'a CDS_DATABASE_URL that is not postgres', env: { CDS_DATABASE_URL: 'redis://127.0.0.1:6379' }, message: /^CDS_DATABASE_URL: must be a postgres:\/\/ URL$/ },
  { name: 'a CDS_DATABASE_URL that is no URL', env: { CDS_DATABASE_URL: 'db.example.org' }, message: /^CDS_DATABASE_URL: must be a postgres:\/\/ URL$/ },
  {
    name: 'database timeouts over 80 % of the deadline',
    env: { CDS_DEADLINE_MS: '1000', CDS_DATABASE_CONNECT_TIMEOUT_MS: '500', CDS_DATABASE_STATEMENT_TIMEOUT_MS: '400' },
    message: /^CDS_DATABASE_STATEMENT_TIMEOUT_MS: plus CDS_DATABASE_CONNECT_TIMEOUT_MS must be at most 80 % of CDS_DEADLINE_MS \(1000\)$/,
  },
])('$name → ConfigError naming the variable', ({ env, message }) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test.each([
  { name: 'the default deadline', env: {}, connect: 500, statement: 500 },
  { name: 'a longer deadline', env: { CDS_DEADLINE_MS: '3000' }, connect: 1000, statement: 1000 },
  { name: 'explicit timeouts', env: { CDS_DATABASE_CONNECT_TIMEOUT_MS: '300', CDS_DATABASE_STATEMENT_TIMEOUT_MS: '700' }, connect: 300, statement: 700 },
])('database timeouts with $name: connect $connect ms, statement $statement ms', ({ env, connect, statement }) => {
  const config = loadConfig(env);
  expect([config.databaseConnectTimeoutMs, config.databaseStatementTimeoutMs]).toEqual([connect, statement]);
});
