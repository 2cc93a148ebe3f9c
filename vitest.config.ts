import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Synth tests load aws-cdk-lib; forks keep memory bounded on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
