import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The pipeline flows one way (README "Layout"): no stage below http may import it. Outcomes live in src/outcomes.
const NO_HTTP = {
  regex: '^(\\.\\.?/)+(.+/)?http(/|$)',
  message: 'Stages never import src/http; OperationOutcome builders are in src/outcomes.',
};

export default tseslint.config(
  // src/standalone-validators/*.js and *.d.ts: generated (src/standalone-validators/generate.ts).
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/standalone-validators/*.js', 'src/standalone-validators/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    // The pipeline flows one way (README "Layout"): no stage below http may import it. Outcomes live in src/outcomes.
    // src/metrics is recorded into by every stage, so it may not import http either.
    files: [
      'src/hooks/**',
      'src/gather/**',
      'src/findings/**',
      'src/rules/**',
      'src/cards/**',
      'src/knowledge/**',
      'src/outcomes/**',
      'src/storage/**',
      'src/governance/**',
      'src/metrics/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_HTTP,
          ],
        },
      ],
    },
  },
  {
    // cards/ renders what a rule decided (issue 9 "a rule says why it fired"): from rules/ it may read the assessment
    // types only, never a predicate such as crossesThreshold, so no clinical criterion is judged twice.
    files: ['src/cards/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_HTTP,
            {
              regex: '^(\\.\\.?/)+(.+/)?rules/(?!rule-types\\.js$)',
              message: 'cards/ renders the evidence a rule gives; it imports only rules/rule-types.js and never judges a criterion again.',
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
