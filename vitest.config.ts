import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Database-backed suites each get their own PGlite or PostgreSQL schema;
    // two workers match the two cores of the CI machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
