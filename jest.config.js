/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest leaves one core idle by default; on the 2-core CI machine use both.
  maxWorkers: '100%',
  roots: ['<rootDir>'],
  testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  globalSetup: '<rootDir>/__tests__/helpers/tmp-setup.js',
  globalTeardown: '<rootDir>/__tests__/helpers/tmp-teardown.js',
};
