/**
 * vitest global setup, once per run, in the main process:
 * 1. Terraform is required (or explicitly opted out of): a missing terraform fails the run here, with the way out.
 * 2. The build is fresh: `npm run build` when its inputs changed (test/setup/build.ts), never twice.
 * 3. Every process of this run is marked: RUN_MARKER=<id> in the environment, inherited by the workers and by all
 *    they start (terraform, its providers, Pulumi hosts, emulator CLIs).
 * Teardown: any marked process still alive (a provider that outlived terraform, a host nobody closed) fails the run,
 * is listed, and is killed.
 */
import { randomUUID } from "node:crypto";
import { ensureBuild } from "./build";
import { RUN_MARKER, findMarkedProcesses } from "../support/processes";
import { SKIP_TERRAFORM_VAR, terraformOptedOut, terraformProblem } from "../support/terraform";

/** How long teardown waits for processes that are already on their way out (a provider finishing its Shutdown). */
const SETTLE_MS = 3_000;

export default function setup(): () => Promise<void> {
  const problem = terraformProblem();
  if (problem) throw new Error(problem);
  if (terraformOptedOut) console.warn(`${SKIP_TERRAFORM_VAR}=1: the Terraform tests are skipped`);

  ensureBuild();

  const runId = randomUUID();
  process.env[RUN_MARKER] = runId;

  return async function teardown(): Promise<void> {
    const deadline = Date.now() + SETTLE_MS;
    let left = findMarkedProcesses(runId);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      left = findMarkedProcesses(runId);
    }
    if (left.length === 0) return;
    console.error(`\n${left.length} process(es) started by this test run outlived it (now killed):`);
    for (const p of left) {
      console.error(`  pid ${p.pid} (parent ${p.ppid}): ${p.command.slice(0, 200)}`);
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    process.exitCode = 1;
  };
}
