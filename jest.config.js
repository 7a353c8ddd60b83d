/** Unit tests beside the code; e2e tests in test/, run once on PostgreSQL and once on SQLite. */
const base = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleNameMapper: { '^@lib/(.*)$': '<rootDir>/libs/$1' },
};

// Suites that exercise PostgreSQL-only behaviour (several processes sharing one database).
const postgresOnly = ['<rootDir>/test/processes.e2e-spec.ts', '<rootDir>/test/browser.e2e-spec.ts'];

module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e-postgres',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/env-postgres.ts'],
    },
    {
      ...base,
      displayName: 'e2e-sqlite',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: postgresOnly,
      setupFiles: ['<rootDir>/test/support/env-sqlite.ts'],
    },
  ],
};
