// The synthesized example, deployed with plain terraform against the embedded emulator: apply, a clean second plan,
// destroy. The same for the HCL form (validated against the real provider schema).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { InfisicalAuth0Stack, STACK_NAME, synthesizeExample, type ExampleSettings } from "../../examples/cdktf/main";
import { NO_TERRAFORM, Workspace, hasTerraform } from "../terraform/harness";
import { tempDir } from "./helpers";

if (!hasTerraform) console.warn(`cdktf deploy: ${NO_TERRAFORM}`);

describe.skipIf(!hasTerraform)("cdktf stack deployed with plain terraform", () => {
  let emu: RunningEmulator;
  let settings: ExampleSettings;
  let env: NodeJS.ProcessEnv;
  let secrets: string[];
  const workspaces: Workspace[] = [];
  /** Plain terraform in a synthesized stack directory, with its own state there. */
  const terraformIn = (stackDir: string) => {
    const ws = new Workspace(env, { workDir: stackDir });
    workspaces.push(ws);
    return { ws, tf: (...args: string[]) => ws.tf(...args) };
  };

  beforeAll(async () => {
    emu = await startEmulator({ rateLimit: false });
    const { seed } = emu;
    settings = {
      host: emu.url,
      projectId: seed.projectId,
      auth0: { domain: seed.auth0.domain, clientId: seed.auth0.clientId, audience: seed.auth0.audience },
      namePrefix: "cdktf-",
    };
    secrets = [seed.identity.clientSecret, seed.auth0.clientSecret];
    env = {
      TF_VAR_infisical_client_id: seed.identity.clientId,
      TF_VAR_infisical_client_secret: seed.identity.clientSecret,
      TF_VAR_auth0_client_secret: seed.auth0.clientSecret,
    };
  }, 240_000);

  afterAll(async () => {
    for (const ws of workspaces.splice(0)) ws.close();
    await emu?.close();
  });

  it("applies, converges and destroys the synthesized JSON stack", async () => {
    const stackDir = synthesizeExample(tempDir("cdktf-deploy-"), settings);
    const { ws, tf } = terraformIn(stackDir);
    try {
      const apply = await tf("apply", "-auto-approve", "-input=false");
      expect(apply.status, apply.stderr).toBe(0);
      expect(apply.stdout).toContain("2 added, 0 changed, 0 destroyed");

      const live = (await emu.admin.connections()).filter((c) => c.app === "auth0");
      const org = live.find((c) => c.name === "cdktf-org");
      const project = live.find((c) => c.name === "cdktf-project");
      expect(org).toMatchObject({ projectId: null, credentials: settings.auth0 });
      expect(project).toMatchObject({ projectId: settings.projectId, credentials: settings.auth0 });
      expect(project?.description).toBe(`Same tenant as org connection ${org?.id}`);

      const outputs = JSON.parse((await tf("output", "-json")).stdout) as Record<string, { value: string }>;
      expect(outputs.org_connection_id?.value).toBe(org?.id);
      expect(outputs.project_connection_credentials_hash?.value).toBe(project?.credentialsHash);

      // The write-only secret is never stored; the identity secret (provider config) never reaches state.
      const state = JSON.parse(readFileSync(join(stackDir, "terraform.tfstate"), "utf8")) as {
        resources: { name: string; instances: { attributes: { credentials: Record<string, unknown> } }[] }[];
      };
      const orgState = state.resources.find((r) => r.name === "org")?.instances[0]?.attributes;
      expect(orgState?.credentials.client_secret_wo).toBeNull();
      expect(orgState?.credentials.client_secret_wo_version).toBe(1);
      expect(readFileSync(join(stackDir, "terraform.tfstate"), "utf8")).not.toContain(secrets[0]);

      const plan = await tf("plan", "-detailed-exitcode", "-input=false");
      expect(plan.status, plan.stdout + plan.stderr).toBe(0);

      const destroy = await tf("destroy", "-auto-approve", "-input=false");
      expect(destroy.status, destroy.stderr).toBe(0);
      expect(destroy.stdout).toContain("2 destroyed");
      expect((await emu.admin.connections()).filter((c) => c.app === "auth0")).toEqual([]);
    } finally {
      // Output, state and its backup (decoded private state included; the sensitive client_secret attribute aside).
      expect(ws.leaks(secrets)).toEqual([]);
    }
  }, 600_000);

  it("the HCL synthesis of the same stack validates against the provider's schema and plans two creates", async () => {
    // cdktf 0.21's App({ hclOutput: true }) writes JSON into cdk.tf; Testing.synthHcl renders the real HCL.
    const dir = tempDir("cdktf-hcl-");
    const stack = new InfisicalAuth0Stack(Testing.app(), STACK_NAME, settings);
    writeFileSync(join(dir, "main.tf"), String(Testing.synthHcl(stack)));
    const { ws, tf } = terraformIn(dir);
    const validate = await tf("validate");
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);
    const plan = await tf("plan", "-detailed-exitcode", "-input=false");
    expect(plan.status, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain("2 to add, 0 to change, 0 to destroy");
    expect(plan.stdout).toMatch(/client_secret_wo\s+= \(sensitive, write-only attribute\)/);
    expect(plan.stdout).toMatch(/client_secret\s+= \(sensitive value\)/);
    expect(ws.leaks(secrets)).toEqual([]);
  }, 300_000);
});
