/**
 * `npm run demo`: starts the embedded Infisical emulator (offline, on 127.0.0.1) and runs the examples against it.
 *
 * - Pulumi (examples/pulumi): no Pulumi CLI runs here; each step calls Pulumi's own dynamic-provider host over gRPC,
 *   as the engine calls it (examples/pulumi/demo.ts): create, a preview with no change, an edit, drift repaired, a
 *   replacement, what the state holds, destroy.
 * - Terraform (examples/terraform), with `terraform` on PATH: apply, a clean plan, what the state holds, drift
 *   detected and repaired, destroy.
 * Each step prints what changed (Pulumi-style lines, Terraform's plan) and the API calls it made; a summary closes.
 * The demo fails if a literal secret reaches its output, or a state outside the values kept secret by design.
 *
 * Usage: npm run demo [-- --only pulumi|terraform] [--data <file>]
 *   --only   run one front end
 *   --data   keep the emulator's state in this JSON file (created if missing, as `npm run emulator -- --data`), to
 *            look at it afterwards or to run the demo with credentials known in advance
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/index";
import { ensureBuild } from "../tools/build";
import { killRunning, killServices } from "../tools/processes";
import { DemoReport, type Secret, SecretLeak, findSecret, paint } from "./demo-report";

const FRONTS = ["pulumi", "terraform"] as const;
/** The secrets of this run (the emulator's seed), known once it started. */
let secrets: readonly Secret[] = [];

function onPath(cmd: string): boolean {
  return spawnSync(cmd, ["version"], { stdio: "ignore" }).status === 0;
}

function options(): { only?: (typeof FRONTS)[number]; data?: string } {
  const { values } = parseArgs({ options: { only: { type: "string" }, data: { type: "string" } } });
  const only = values.only as (typeof FRONTS)[number] | undefined;
  if (only !== undefined && !FRONTS.includes(only)) {
    throw new Error(`--only must be one of ${FRONTS.join(", ")} (got ${JSON.stringify(only)})`);
  }
  return { only, data: values.data };
}

async function main(): Promise<void> {
  const { only, data } = options();
  // dist/ is what Pulumi's host and terraform load: rebuilt only when its sources changed since the last build.
  if (!ensureBuild((line) => process.stdout.write(`${line}\n`))) {
    process.stdout.write(`${paint("dim", "dist/ is up to date with its sources")}\n`);
  }
  const emu = await startEmulator({ rateLimit: false, dataFile: data });
  const { seed } = emu;
  secrets = [
    { label: "the Auth0 client secret", value: seed.auth0.clientSecret },
    { label: "the machine identity's client secret", value: seed.identity.clientSecret },
  ];
  const demo = new DemoReport(emu, secrets);
  demo.say(`Infisical emulator on ${emu.url} (org ${seed.orgId}, project ${seed.projectId})`);
  try {
    if (only !== "terraform") {
      const { pulumiDemo } = await import("./pulumi/demo");
      await pulumiDemo(emu, demo);
    }
    if (only !== "pulumi") {
      if (onPath("terraform")) {
        const { terraformDemo } = await import("./terraform/demo");
        await terraformDemo(emu, demo);
      } else {
        demo.section("Terraform", "No terraform on PATH: skipping examples/terraform.");
      }
    }
    demo.summary();
  } finally {
    await emu.close();
  }
}

/** An error's message for the terminal: one that quotes terraform's or the host's output may not carry a secret. */
function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const leaked = e instanceof SecretLeak ? undefined : findSecret(message, secrets);
  return leaked ? `${message.split("\n")[0]} (details withheld: they contain ${leaked})` : message;
}

// Pulumi's host and terraform run in their own process groups: neither the terminal's Ctrl-C nor this process's end
// reaches them. Whatever ends the demo (done, an error, Ctrl-C, a reader that closed the pipe), stop them.
process.on("exit", () => {
  killRunning();
  killServices();
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
// `npm run demo | head`: the reader has what it wanted; end quietly (no stack trace, no npm error), hosts stopped.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(0);
});

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const loud = e instanceof SecretLeak ? paint(["bold", "red"], "DEMO FAILED: ", process.stderr) : "demo failed: ";
    process.stderr.write(`\n${loud}${errorText(e)}\n`);
    process.exit(1);
  },
);
