import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "provider/**/*.test.ts", "emulator/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The end-to-end suites spawn real hosts (Pulumi, terraform): keep the 2-core machines from thrashing.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
