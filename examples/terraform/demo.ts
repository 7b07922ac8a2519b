/**
 * `npm run demo`'s Terraform part: examples/terraform/main.tf against the running emulator with the real `terraform`,
 * in a temporary copy with a dev_overrides CLI config: apply, a clean plan, what terraform.tfstate holds, an
 * out-of-band change detected by the next plan and repaired by an apply, destroy.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/types";
import { DIST_DIR, buildProvider } from "../../provider/terraform/build-provider";
import { writeDevConfig } from "../../provider/terraform/install";
import { run } from "../../tools/processes";
import { type DemoReport, type Secret, assertNoSecret, leafRows, paint } from "../demo-report";

/** The lines of a plan after this one, up to its `Plan:` line, are the plan itself. */
const PLAN_START = "Terraform will perform the following actions:";
/** Outcome lines shown whatever the step. */
const OUTCOME =
  /^(\S+: (Creation|Modifications|Destruction) complete|Apply complete!|Destroy complete!|No changes\.|Error)/;

/** Terraform's own colours for a plan line, by its leading symbol. */
function colourPlanLine(line: string): string {
  const t = line.trimStart();
  if (t.startsWith("-/+") || t.startsWith("+/-")) return paint("magenta", line);
  if (t.startsWith("+")) return paint("green", line);
  if (t.startsWith("~")) return paint("yellow", line);
  if (t.startsWith("-")) return paint("red", line);
  if (t.startsWith("#")) return paint("bold", line);
  return line;
}

/**
 * The plan as Terraform prints it, indentation kept (`full`), or only its `# … will be …` headers; then the `Plan:`
 * line and the outcome lines.
 */
function planExcerpt(out: string, full: boolean): string[] {
  const lines = out.split("\n").map((l) => l.trimEnd());
  const shown: string[] = [];
  let inPlan = false;
  for (const line of lines) {
    if (line === PLAN_START) {
      inPlan = true;
    } else if (line.startsWith("Plan:")) {
      inPlan = false;
      shown.push(line);
    } else if (inPlan) {
      if (line !== "" && (full || line.trimStart().startsWith("#"))) shown.push(line);
    } else if (OUTCOME.test(line)) {
      shown.push(line);
    }
  }
  return shown;
}

export interface StateFile {
  outputs: Record<string, { value: string }>;
  resources: {
    type: string;
    name: string;
    instances: { attributes: Record<string, unknown>; sensitive_attributes?: unknown[]; private?: string }[];
  }[];
}

export async function terraformDemo(emu: RunningEmulator, demo: DemoReport): Promise<void> {
  demo.section(
    "Terraform: examples/terraform/main.tf",
    "The real terraform with this repository's provider (dist/terraform, through dev_overrides: no init).",
  );
  if (!existsSync(path.join(DIST_DIR, "terraform-provider-infisicalauth0"))) {
    demo.say("building the provider (dist/terraform)…", 2);
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
    /** One terraform command: its command line, the plan excerpt and outcome; fails on an unexpected exit code. */
    const tf = async (args: string[], opts: { expected?: number; fullPlan?: boolean } = {}) => {
      demo.say(paint("dim", `$ terraform ${args.join(" ")}`), 4);
      // Asynchronous (the emulator answers from this very process) and bounded, in its own process group.
      const r = await run("terraform", [...args, "-no-color"], { cwd: dir, env, timeoutMs: 240_000 });
      for (const line of planExcerpt(r.out, opts.fullPlan ?? true)) demo.say(colourPlanLine(line), 4);
      const expected = opts.expected ?? 0;
      if (r.status !== expected) {
        const how = r.timedOut ? "timed out" : `exited ${r.status}`;
        throw new Error(`terraform ${args[0]} ${how} (expected exit code ${expected}):\n${r.out}`);
      }
    };

    await demo.step("Terraform", "apply: an org-level and a project-level connection", () =>
      tf(["apply", "-auto-approve"]),
    );
    await demo.step("Terraform", "plan, nothing changed (exit code 0)", () => tf(["plan", "-detailed-exitcode"]));
    const state = () => JSON.parse(readFileSync(path.join(dir, "terraform.tfstate"), "utf8")) as StateFile;
    await demo.step("Terraform", "what terraform.tfstate holds", async () => showState(demo, state()));

    const orgId = state().outputs.org_connection_id!.value;
    await emu.admin.editConnection(orgId, { description: "edited in the UI" });
    await demo.step("Terraform", "description edited in Infisical's UI: plan (exit code 2)", () =>
      tf(["plan", "-detailed-exitcode"], { expected: 2 }),
    );
    await demo.step("Terraform", "apply sets it back", () => tf(["apply", "-auto-approve"]));
    await demo.step("Terraform", "destroy", () => tf(["destroy", "-auto-approve"], { fullPlan: false }));
    const left = (await emu.admin.connections()).filter((c) => c.app === "auth0").length;
    demo.say(`Auth0 connections left in Infisical: ${left}`, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Fails (SecretLeak) if a literal secret or an access token is in the state anywhere but the org-level connection's
 * `credentials.client_secret` (a sensitive attribute, stored by design): every other attribute, the outputs, and each
 * instance's private state decoded (a text search of the file would miss a base64-encoded secret).
 */
export function checkTerraformState(state: StateFile, secrets: readonly Secret[]): void {
  const blanked = structuredClone(state);
  for (const inst of blanked.resources.find((r) => r.name === "org")?.instances ?? []) {
    const credentials = inst.attributes.credentials as Record<string, unknown> | null | undefined;
    if (credentials) credentials.client_secret = null;
  }
  assertNoSecret(JSON.stringify(blanked), secrets, "terraform.tfstate (outside org's credentials.client_secret)");
  for (const r of state.resources) {
    for (const inst of r.instances) {
      const text = Buffer.from(inst.private ?? "", "base64").toString("utf8");
      assertNoSecret(text, secrets, `the private state of ${r.type}.${r.name}`);
    }
  }
}

/**
 * The project-level connection's instance as stored (the write-only secret absent), its private state decoded, the
 * org-level one's stored secret named; then every part of the state is searched for the literal secrets.
 */
function showState(demo: DemoReport, state: StateFile): void {
  const instance = (name: string) => {
    const found = state.resources.find((r) => r.type === "infisicalauth0_app_connection" && r.name === name);
    if (!found?.instances[0]) throw new Error(`no ${name} connection in terraform.tfstate`);
    return found.instances[0];
  };
  const project = instance("project");
  const line = (key: string, value: string, note = "") =>
    demo.say(`${key.padEnd(38)} ${value}${note ? `  ${paint("dim", note)}` : ""}`, 6);

  demo.say(paint("bold", "infisicalauth0_app_connection.project: attributes (client_secret_wo, write-only)"), 4);
  for (const [key, value] of leafRows(project.attributes)) {
    const note =
      key === "credentials.client_secret_wo"
        ? "write-only: sent to the provider, never stored"
        : key === "credentials.client_secret"
          ? "not set: the write-only attribute is used instead"
          : "";
    line(key, JSON.stringify(value), note);
  }
  const decoded = Buffer.from(project.private ?? "", "base64").toString("utf8");
  line(
    "private (base64 in the file; decoded)",
    decoded || "(none)",
    decoded ? "the provider's own bookkeeping" : "written only to record a credential rewrite made outside Terraform",
  );

  demo.say(paint("bold", "infisicalauth0_app_connection.org: credentials.client_secret (sensitive)"), 4);
  demo.say(paint("dim", "kept in terraform.tfstate as Terraform keeps every sensitive attribute: hidden in plans,"), 6);
  demo.say(
    paint("dim", "not encrypted. Protect the state, or use client_secret_wo as the project connection does."),
    6,
  );

  checkTerraformState(state, demo.secrets);
  demo.ok("searched terraform.tfstate and each instance's decoded private state: no Auth0 client secret (but in");
  demo.say("org's credentials.client_secret, by design), no identity client secret, no access token", 6);
}
