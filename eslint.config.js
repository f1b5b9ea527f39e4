import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    // The pipeline flows one way (README "Layout"): no stage below http may import it. Outcomes live in src/outcomes.
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
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\.?/)+(.+/)?http(/|$)',
              message: 'Stages never import src/http; OperationOutcome builders are in src/outcomes.',
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
