/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs', ignoreDynamic: true } }] },
  // The sources use NodeNext-style ".js" suffixes on relative imports; map them back to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // ignoreDynamic keeps import() as is: node-pg-migrate and PGlite's internals are ESM-only.
  testTimeout: 60000,
  // Longest suites first, from committed durations (a clean clone has no timing cache): see test/sequencer.cjs.
  testSequencer: '<rootDir>/test/sequencer.cjs',
};
