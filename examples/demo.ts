/**
 * `npm run demo`: starts the embedded Infisical emulator and runs the examples against it.
 *
 * - Pulumi: with a Pulumi CLI on PATH, `pulumi up` / `preview` / `destroy` of the repository's own project
 *   (Pulumi.yaml → examples/pulumi) on a local backend. Without one (as on machines where it cannot be installed), it
 *   says so and walks the same program's resources through Pulumi's real dynamic-provider host over gRPC, exactly as
 *   the engine would: create, no-op, update, drift, destroy.
 * - Terraform: with `terraform` on PATH, examples/terraform: apply, a clean plan, an out-of-band change detected, destroy.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmulator } from "../emulator/index";
import type { RunningEmulator } from "../emulator/types";
import { PulumiProviderHost, type Props, urnFor } from "../test/support/pulumi-host";
import { EXAMPLE_PROJECT as PROJECT, exampleProgramResources } from "../test/support/pulumi-program";

const ROOT = path.resolve(__dirname, "..");
const STACK = "emulator";

const say = (msg: string) => process.stdout.write(`${msg}\n`);
const step = (msg: string) => say(`\n▶ ${msg}`);

function onPath(cmd: string): boolean {
  return spawnSync(cmd, ["version"], { stdio: "ignore" }).status === 0;
}

/** The example program's stack config for the emulator (what Pulumi.emulator.yaml + `config set --secret` hold). */
function stackConfig(emu: RunningEmulator): Record<string, string> {
  return {
    "infisical:host": emu.url,
    "infisical:clientId": emu.seed.identity.clientId,
    "infisical:clientSecret": emu.seed.identity.clientSecret,
    [`${PROJECT}:auth0Domain`]: emu.seed.auth0.domain,
    [`${PROJECT}:auth0ClientId`]: emu.seed.auth0.clientId,
    [`${PROJECT}:auth0ClientSecret`]: emu.seed.auth0.clientSecret,
    [`${PROJECT}:auth0Audience`]: emu.seed.auth0.audience,
    [`${PROJECT}:projectId`]: emu.seed.projectId,
  };
}

function pulumiCli(emu: RunningEmulator): void {
  const home = mkdtempSync(path.join(tmpdir(), "pulumi-demo-"));
  const env = {
    ...process.env,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${home}`,
    PULUMI_CONFIG_PASSPHRASE: "demo-only",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const run = (args: string[]) => {
    say(`$ pulumi ${args.filter((a) => !a.startsWith("--secret-value")).join(" ")}`);
    const r = spawnSync("pulumi", args, { cwd: ROOT, env, stdio: "inherit" });
    if (r.status !== 0) throw new Error(`pulumi ${args[0]} failed`);
  };
  try {
    run(["stack", "init", STACK, "--non-interactive"]);
    for (const [key, value] of Object.entries(stackConfig(emu))) {
      const secret = /clientSecret|auth0ClientSecret/.test(key);
      const r = spawnSync(
        "pulumi",
        ["config", "set", key, "--stack", STACK, ...(secret ? ["--secret"] : []), "--", value],
        {
          cwd: ROOT,
          env,
          stdio: "ignore",
        },
      );
      if (r.status !== 0) throw new Error(`pulumi config set ${key} failed`);
    }
    run(["up", "--yes", "--stack", STACK]);
    run(["preview", "--expect-no-changes", "--stack", STACK]);
    run(["destroy", "--yes", "--stack", STACK]);
  } finally {
    spawnSync("pulumi", ["stack", "rm", STACK, "--yes", "--force"], { cwd: ROOT, env, stdio: "ignore" });
    rmSync(home, { recursive: true, force: true });
  }
}

async function pulumiWalk(emu: RunningEmulator): Promise<void> {
  const config = stackConfig(emu);
  const resources = await exampleProgramResources(config, STACK);
  say(
    `The program declares ${resources.length} Auth0AppConnection resources: ${resources.map((r) => r.name).join(", ")}`,
  );
  const host = await PulumiProviderHost.start({ cwd: ROOT, project: PROJECT });
  const calls = async () => (await emu.admin.requests()).filter((r) => r.path.startsWith("/api/v1/app-connections"));
  const show = async (label: string) => {
    const c = await calls();
    say(
      `  ${label}: ${c.length ? c.map((r) => `${r.method} ${r.status}${r.bodyKeys.length ? ` [${r.bodyKeys.join(",")}]` : ""}`).join(", ") : "no API call"}`,
    );
    await emu.admin.clearRequests();
  };
  try {
    await host.configure(config);
    const state = new Map<string, { id: string; outs: Props; inputs: Props }>();

    step("pulumi up (create)");
    for (const r of resources) {
      const urn = urnFor(r.name, STACK, PROJECT);
      const checked = await host.check(urn, {}, r.inputs);
      if (checked.failures.length) throw new Error(JSON.stringify(checked.failures));
      const created = await host.create(urn, checked.inputs);
      state.set(r.name, { ...created, inputs: checked.inputs });
      say(
        `  + ${r.name}: ${created.outs.name} (${created.id}) ${created.outs.projectId ? "in project " + created.outs.projectId : "org-level"}`,
      );
    }
    await show("API calls");

    step("pulumi preview (nothing changed)");
    for (const [name, s] of state) {
      const d = await host.diff(s.id, urnFor(name, STACK, PROJECT), s.outs, s.inputs);
      say(`  ${name}: ${d.changes === "none" ? "no changes" : d.changes}`);
    }
    await show("API calls");

    step("pulumi up after editing a description in code (one PATCH, no credentials re-sent)");
    const [firstName, first] = [...state][0] as [string, { id: string; outs: Props; inputs: Props }];
    const urn = urnFor(firstName, STACK, PROJECT);
    const edited = { ...first.inputs, description: "Edited in code" };
    say(`  ${firstName}: diff ${(await host.diff(first.id, urn, first.outs, edited)).changes}`);
    first.outs = await host.update(first.id, urn, first.outs, edited);
    first.inputs = edited;
    await show("API calls");

    step("someone renames the connection in the Infisical UI; pulumi refresh + up");
    await emu.admin.editConnection(first.id, { name: "renamed-in-ui" });
    await emu.admin.clearRequests();
    const read = await host.read(first.id, urn, first.outs);
    say(`  refresh: name is now "${read.outs.name}"`);
    say(`  diff: ${(await host.diff(first.id, urn, read.outs, first.inputs)).changes} → update`);
    first.outs = await host.update(first.id, urn, read.outs, first.inputs);
    say(`  name restored to "${first.outs.name}"`);
    await show("API calls");

    step("pulumi destroy");
    for (const [name, s] of state) {
      await host.delete(s.id, urnFor(name, STACK, PROJECT), s.outs);
      say(`  - ${name}`);
    }
    await show("API calls");
    const left = (await emu.admin.connections()).filter((c) => c.app === "auth0").length;
    say(`  Auth0 connections left in Infisical: ${left}`);
    say(`  logins to Infisical in this run: ${await emu.admin.loginCount()}`);
  } finally {
    await host.close();
  }
}

async function main(): Promise<void> {
  const emu = await startEmulator({ rateLimit: false });
  say(`Infisical emulator on ${emu.url} (org ${emu.seed.orgId}, project ${emu.seed.projectId})`);
  try {
    step("Pulumi");
    if (onPath("pulumi")) {
      pulumiCli(emu);
    } else {
      say(
        "No Pulumi CLI on PATH: walking examples/pulumi's resources through Pulumi's own dynamic-provider host instead.",
      );
      await pulumiWalk(emu);
    }
    step("Terraform");
    if (onPath("terraform")) {
      const { terraformDemo } = await import("./terraform/demo");
      await terraformDemo(emu, say);
    } else {
      say("No terraform on PATH: skipping examples/terraform.");
    }
  } finally {
    await emu.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
