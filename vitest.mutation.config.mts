// The tests StrykerJS runs per mutant (npm run mutation): the fast in-process tests that cover provider/connection
// and provider/infisical (unit, client integration against the in-process emulator, direct policy tests).
// Not the Terraform or Pulumi-host end-to-end files: those load the compiled dist/, which Stryker does not mutate,
// and take minutes. No global setup: nothing here needs dist/ or terraform.
// isolate: false (one module graph for all files, much faster per mutant) rules out files that install module mocks
// or global runtime mocks: test/unit/terraform-resource.test.ts (vi.mock) and the Pulumi-mocks test (setMocks).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/client/**/*.test.ts", "test/policy/policies.direct.test.ts"],
    // test/client/lockout.terraform.test.ts drives the real terraform binary over dist/: end to end, not in-process.
    exclude: ["**/*.terraform.test.ts", "test/unit/terraform-resource.test.ts", "**/node_modules/**"],
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
