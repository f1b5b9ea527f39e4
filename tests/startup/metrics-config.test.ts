import { ConfigError, loadConfig } from '../../src/config.js';
import { metricsPlacement } from '../../src/http/metrics-endpoint.js';

// Where GET /metrics is served (src/http/metrics-endpoint.ts), from CDS_METRICS_TOKEN and CDS_METRICS_PORT.
// dimensions: mode (development, production) · CDS_METRICS_TOKEN (unset, set, too short) · CDS_METRICS_PORT (unset,
// 0, a port, the service's PORT, out of range)

const TOKEN = 'metrics-token-0123456789abcdef';
const PRODUCTION = { NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org' };

test.each([
  { name: 'development: open on the service port', env: {}, placement: { where: 'service-port' } },
  { name: 'development with a token: on the service port, behind it', env: { CDS_METRICS_TOKEN: TOKEN }, placement: { where: 'service-port', token: TOKEN } },
  { name: 'production without token or port: not served', env: PRODUCTION, placement: { where: 'not-served' } },
  { name: 'production with a token: on the service port, behind it', env: { ...PRODUCTION, CDS_METRICS_TOKEN: TOKEN }, placement: { where: 'service-port', token: TOKEN } },
  { name: 'production with a port: there only, open to whoever reaches the port', env: { ...PRODUCTION, CDS_METRICS_PORT: '9464' }, placement: { where: 'metrics-port', port: 9464 } },
  {
    name: 'production with port and token: there only, behind the token',
    env: { ...PRODUCTION, CDS_METRICS_PORT: '9464', CDS_METRICS_TOKEN: TOKEN },
    placement: { where: 'metrics-port', port: 9464, token: TOKEN },
  },
  { name: 'development with port 0: a free port of its own', env: { CDS_METRICS_PORT: '0' }, placement: { where: 'metrics-port', port: 0 } },
  { name: 'an empty CDS_METRICS_PORT is unset', env: { CDS_METRICS_PORT: '' }, placement: { where: 'service-port' } },
])('$name', ({ env, placement }) => {
  expect(metricsPlacement(loadConfig(env))).toEqual(placement);
});

test.each([
  { name: 'a token under 16 characters', env: { CDS_METRICS_TOKEN: 'short' }, message: 'CDS_METRICS_TOKEN: must be at least 16 characters' },
  { name: 'the service port', env: { PORT: '3000', CDS_METRICS_PORT: '3000' }, message: 'CDS_METRICS_PORT: must differ from PORT' },
  { name: 'a port out of range', env: { CDS_METRICS_PORT: '70000' }, message: 'CDS_METRICS_PORT: must be an integer between 0 and 65535' },
  { name: 'a port that is no number', env: { CDS_METRICS_PORT: 'metrics' }, message: 'CDS_METRICS_PORT: must be an integer between 0 and 65535' },
])('$name stops start-up: $message', ({ env, message }) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});
