// An .mts file: vite loads it as ESM natively (a .ts config in a CommonJS package made it warn on every run).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "provider/**/*.test.ts", "emulator/**/*.test.ts"],
    // Builds dist/ when its inputs changed, requires terraform (or the explicit opt-out), and fails the run if a
    // process it started outlives it (test/setup/global.ts).
    globalSetup: ["test/setup/global.ts"],
    // A test that times out kills the commands it started (test/setup/each-test.ts).
    setupFiles: ["test/setup/each-test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The end-to-end suites spawn real hosts (Pulumi, terraform): keep the 2-core machines from thrashing.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
