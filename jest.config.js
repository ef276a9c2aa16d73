const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // isolatedModules (tsconfig.jest.json): each file is transpiled on its own, without type
  // checking; `npm run lint` type-checks everything with tsc.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // The package's main entry touches the DOM at load time; its UMD bundle parses cards in Node.
  moduleNameMapper: {
    '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js',
    '^strip-bom$': '<rootDir>/test/helpers/stripBom.js',
  },
  // The shipped knowledge and its search index are built once per test file, not per server.
  setupFiles: ['<rootDir>/test/helpers/shareShippedKnowledge.ts'],
  // Jest's default is one worker fewer than the cores: on a 2-core machine that is one, so files run
  // in band and the second core idles while tests wait on child processes (Chromium, Azurite, the
  // built service). Two workers there took the warm run from ~240 s to ~145 s; bigger machines
  // keep the default.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/helpers/summaryReporter.js'],
};
