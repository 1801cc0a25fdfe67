/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testTimeout: 60000,
  // Tests trace real processes pinned to one CPU: running files in parallel only adds noise.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/reporters/summary.js'],
};
