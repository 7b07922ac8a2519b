/**
 * `npm run demo`'s Terraform part: examples/terraform/main.tf against the running emulator, in a temporary copy
 * with a dev_overrides CLI config: apply, a clean plan, an out-of-band change detected by the next plan, destroy.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/types";
import { DIST_DIR, buildProvider } from "../../provider/terraform/build-provider";
import { writeDevConfig } from "../../provider/terraform/install";

const SHOWN =
  /^(\s*# .*(created|updated|destroyed|replaced)|Plan:|Apply complete|Destroy complete|No changes|\s*[~+-] \w+\s+=|Error)/;

function terraform(
  cwd: string,
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ status: number | null; out: string }> {
  // Asynchronous on purpose: the emulator answers from this very process.
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color"], { cwd, env });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, out }));
  });
}

export async function terraformDemo(emu: RunningEmulator, say: (msg: string) => void): Promise<void> {
  if (!existsSync(path.join(DIST_DIR, "terraform-provider-infisicalauth0"))) {
    say("building the provider (dist/terraform)…");
    await buildProvider();
  }
  const dir = mkdtempSync(path.join(tmpdir(), "tf-demo-"));
  try {
    copyFileSync(path.join(__dirname, "main.tf"), path.join(dir, "main.tf"));
    const { seed } = emu;
    writeFileSync(
      path.join(dir, "terraform.tfvars"),
      [
        `infisical_host = ${JSON.stringify(emu.url)}`,
        `project_id     = ${JSON.stringify(seed.projectId)}`,
        `auth0_domain    = ${JSON.stringify(seed.auth0.domain)}`,
        `auth0_client_id = ${JSON.stringify(seed.auth0.clientId)}`,
        `auth0_audience  = ${JSON.stringify(seed.auth0.audience)}`,
      ].join("\n") + "\n",
    );
    const env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: writeDevConfig(path.join(dir, "cli.tfrc"), DIST_DIR),
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: seed.identity.clientId,
      INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: seed.identity.clientSecret,
      // The secret as an environment variable, so it is in no file and no command line.
      TF_VAR_auth0_client_secret: seed.auth0.clientSecret,
    };
    const run = async (label: string, args: string[], expected: number[] = [0]) => {
      say(`\n▶ ${label}\n$ terraform ${args.join(" ")}`);
      const r = await terraform(dir, env, args);
      for (const line of r.out.split("\n")) {
        if (SHOWN.test(line) && !line.endsWith("-> null")) say(`  ${line.trim()}`);
      }
      if (!expected.includes(r.status ?? -1)) throw new Error(`terraform ${args[0]} exited ${r.status}:\n${r.out}`);
      return r;
    };

    await run("terraform apply (create an org-level and a project-level connection)", ["apply", "-auto-approve"]);
    await run("terraform plan (nothing changed: exit code 0)", ["plan", "-detailed-exitcode"]);

    const state = JSON.parse(readFileSync(path.join(dir, "terraform.tfstate"), "utf8")) as {
      outputs: Record<string, { value: string }>;
    };
    const orgId = state.outputs.org_connection_id!.value;
    say("\n▶ someone edits the org-level connection's description in Infisical's UI");
    await emu.admin.editConnection(orgId, { description: "edited in the UI" });
    const drift = await run(
      "terraform plan (the change is detected: exit code 2)",
      ["plan", "-detailed-exitcode"],
      [2],
    );
    if (drift.status !== 2) throw new Error("the out-of-band change was not detected");

    await run("terraform destroy", ["destroy", "-auto-approve"]);
    const left = (await emu.admin.connections()).filter((c) => c.app === "auth0").length;
    say(`  Auth0 connections left in Infisical: ${left}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
