/** ts-jest in ESM mode (the project is ESM); `npm test` also passes --experimental-websocket, which medplum (the replay and cards report build prefetch with it) needs on Node 20. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  setupFilesAfterEnv: ['<rootDir>/tests/support/nock-lifecycle.ts'],
  testTimeout: 20000,
};
