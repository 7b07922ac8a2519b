/**
 * Whether the Terraform tests run, decided once for the whole suite: `terraform` >= 1.11 must be on PATH unless the
 * contributor opts out explicitly with INFISICAL_IAC_SKIP_TERRAFORM=1 (CI never does: .ci/run unsets it). A missing
 * or too old terraform without the opt-out fails the run in the global setup instead of skipping tests quietly.
 * No vitest import: the benchmark uses this too.
 */
import { spawnSync } from "node:child_process";

export const SKIP_TERRAFORM_VAR = "INFISICAL_IAC_SKIP_TERRAFORM";
export const MIN_TERRAFORM = [1, 11] as const;

/** The contributor asked to skip the Terraform tests. */
export const terraformOptedOut = process.env[SKIP_TERRAFORM_VAR] === "1";

/** `terraform version` on PATH, or null when there is none. */
export function terraformVersion(): string | null {
  const r = spawnSync("terraform", ["version", "-json"], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
  });
  if (r.status !== 0) return null;
  try {
    return (JSON.parse(r.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return null;
  }
}

/** Why the Terraform tests cannot run here, or null when they can (or were opted out of). */
export function terraformProblem(version: string | null = terraformVersion()): string | null {
  if (terraformOptedOut) return null;
  const opt = `install it, or set ${SKIP_TERRAFORM_VAR}=1 to skip the Terraform tests (CI never skips them)`;
  if (version === null) return `no \`terraform\` binary on PATH: the Terraform tests need Terraform >= 1.11; ${opt}`;
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major < MIN_TERRAFORM[0] || (major === MIN_TERRAFORM[0] && minor < MIN_TERRAFORM[1])) {
    return `terraform ${version} is too old: the Terraform tests need >= 1.11 (write-only attributes); ${opt}`;
  }
  return null;
}

/** The Terraform tests run: terraform is here and the contributor did not opt out. */
export const hasTerraform = !terraformOptedOut && terraformVersion() !== null;

export const NO_TERRAFORM = `skipped: ${SKIP_TERRAFORM_VAR}=1 (or no \`terraform\` binary on PATH; Terraform >= 1.11 is needed)`;
