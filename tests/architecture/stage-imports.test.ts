import { ESLint } from 'eslint';

// The pipeline flows one way (README "Layout"): http → hooks → gather → findings → rules → cards. The lint rule
// in eslint.config.js keeps every stage below http from importing it; this shows the rule fires where it should
// and nowhere else, so deleting or narrowing it fails a test, not only a review.

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const STAGES = ['hooks', 'gather', 'findings', 'rules', 'cards', 'knowledge', 'outcomes', 'storage', 'governance', 'metrics'];

test.each(STAGES)('a file in src/%s that imports src/http fails lint', async (stage) => {
  const code = "import { createCdsRoutes } from '../http/routes.js';\nexport const routes = createCdsRoutes;\n";
  expect(await restrictedImportMessages(`src/${stage}/example.ts`, code)).toEqual([
    "'../http/routes.js' import is restricted from being used by a pattern. Stages never import src/http; OperationOutcome builders are in src/outcomes.",
  ]);
});

test('a type-only import of src/http from a nested stage folder fails lint too', async () => {
  const code = "import type { FhirServerPolicy } from '../../http/fhir-server-policy.js';\nexport type P = FhirServerPolicy;\n";
  expect(await restrictedImportMessages('src/knowledge/nested/example.ts', code)).toHaveLength(1);
});

test('a stage may import the OperationOutcome builders from src/outcomes', async () => {
  const code = "import { badRequest } from '../outcomes/operation-outcome.js';\nexport const b = badRequest;\n";
  expect(await restrictedImportMessages('src/gather/example.ts', code)).toEqual([]);
});

test('the wiring above the stages (src/app.ts) may import src/http', async () => {
  const code = "import { createCdsRoutes } from './http/routes.js';\nexport const routes = createCdsRoutes;\n";
  expect(await restrictedImportMessages('src/app.ts', code)).toEqual([]);
});

// cards/ renders the criterion a rule met; judging it again (crossesThreshold, the iron criteria) belongs to rules/.
test('a file in src/cards that imports a rule predicate fails lint', async () => {
  const code = "import { crossesThreshold } from '../rules/chart-facts.js';\nexport const c = crossesThreshold;\n";
  expect(await restrictedImportMessages('src/cards/example.ts', code)).toEqual([
    "'../rules/chart-facts.js' import is restricted from being used by a pattern. cards/ renders the evidence a rule gives; it imports only rules/rule-types.js and never judges a criterion again.",
  ]);
});

test('src/cards may import the assessment types, and still may not import src/http', async () => {
  expect(await restrictedImportMessages('src/cards/example.ts', "import type { Evidence } from '../rules/rule-types.js';\nexport type E = Evidence;\n")).toEqual([]);
  expect(await restrictedImportMessages('src/cards/example.ts', "import { createCdsRoutes } from '../http/routes.js';\nexport const r = createCdsRoutes;\n")).toHaveLength(1);
});
