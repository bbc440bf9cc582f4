import { defineConfig } from 'vitest/config';

// Four projects so a developer can run the fast ones alone: `npx vitest run --project unit`.
// The global setup puts back what a root run changes on the host (test/helpers/tracefs-setup.ts).
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/tracefs-setup.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
