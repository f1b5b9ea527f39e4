import { readFileSync } from 'node:fs';
import { standaloneValidatorModules } from '../../src/standalone-validators/generate.js';

// The service validates knowledge, requests, services.json, feedback, the site configuration and the trust file
// with ajv standalone code generated from the schemas (src/standalone-validators/generate.ts). `npm run build`
// regenerates them; jest runs the sources, so a schema, an ajv option or ajv itself changed without a build or
// `npm run validators:generate` would leave the tests validating against the old schema: the committed files must
// be exactly what the generator writes now.
const generated = standaloneValidatorModules();

test('the generator covers every validator module the service imports', () => {
  expect(generated.map((m) => m.file).sort()).toEqual(
    ['feedback', 'hook-request', 'knowledge', 'services-file', 'site-config', 'trust-file'].flatMap((name) => [`src/standalone-validators/${name}.d.ts`, `src/standalone-validators/${name}.js`]),
  );
});

test.each(generated.map((m) => [m.file, m.source] as const))('%s is what npm run validators:generate writes', (file, source) => {
  const committed = readFileSync(file, 'utf8');
  expect(committed === source ? 'in sync' : `${file} is stale: run npm run validators:generate (or npm run build) and commit the result`).toBe('in sync');
});
