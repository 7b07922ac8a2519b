// Mutation testing of the core and the client: `npm run mutation` (both), or one of them with
//   npm run mutation -- --mutate "provider/connection/**/*.ts"
// StrykerJS 9.6.1 (10.x needs Node >= 22). guides/testing.md has the scores and how to read the report.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.mts", related: false },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.mutation.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ["provider/connection/**/*.ts", "provider/infisical/**/*.ts", "!**/index.ts", "!**/*.test.ts"],
  coverageAnalysis: "perTest",
  // Re-runs only the mutants whose code or covering tests changed since the last run (reports/ is git-ignored).
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // 2 cores: one test runner, one checker.
  concurrency: 1,
  timeoutMS: 10_000,
  ignoreStatic: true,
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
