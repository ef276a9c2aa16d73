/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // The package's main entry touches the DOM at load time; its UMD bundle parses cards in Node.
  moduleNameMapper: {
    '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js',
    '^strip-bom$': '<rootDir>/test/helpers/stripBom.js',
  },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/helpers/summaryReporter.js'],
};
