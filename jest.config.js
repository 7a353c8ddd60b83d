/** Unit tests beside the code; e2e tests in test/, run once on PostgreSQL and once on SQLite. */
const base = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleNameMapper: { '^@lib/(.*)$': '<rootDir>/libs/$1' },
};

// Suites that exercise PostgreSQL-only behaviour (several processes sharing one database).
const postgresOnly = ['<rootDir>/test/processes.e2e-spec.ts', '<rootDir>/test/faults-postgres.e2e-spec.ts', '<rootDir>/test/faults-redis.e2e-spec.ts', '<rootDir>/test/browser.e2e-spec.ts', '<rootDir>/test/browser-channels.e2e-spec.ts', '<rootDir>/test/browser-webi18n.e2e-spec.ts', '<rootDir>/test/browser-accounts.e2e-spec.ts', '<rootDir>/test/browser-notices.e2e-spec.ts'];

module.exports = {
  testTimeout: 60_000,
  projects: [
    {
      displayName: "web",
      testEnvironment: "node",
      moduleFileExtensions: ["ts", "tsx", "js", "json"],
      testMatch: ["<rootDir>/web/src/**/*.spec.ts?(x)"],
      transform: {
        "^.+\\.tsx?$": ["ts-jest", { tsconfig: { jsx: "react-jsx", jsxImportSource: "preact", module: "commonjs", target: "ES2022", esModuleInterop: true, isolatedModules: true }, diagnostics: false }],
      },
      moduleNameMapper: { "^@lib/(.*)$": "<rootDir>/libs/$1" },
    },
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
