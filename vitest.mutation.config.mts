// The tests StrykerJS runs per mutant (npm run mutation): the fast in-process tests that cover provider/connection
// and provider/infisical (unit, client integration against the in-process emulator, policy and Pulumi-mocks tests).
// Not the Terraform or Pulumi-host end-to-end files: those load the compiled dist/, which Stryker does not mutate,
// and take minutes. No global setup: nothing here needs dist/ or terraform.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/unit/**/*.test.ts",
      "test/client/**/*.test.ts",
      "test/policy/policies.direct.test.ts",
      "test/pulumi/resource-mocks.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
