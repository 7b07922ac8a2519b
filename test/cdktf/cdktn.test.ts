// The same constructs built on CDK Terrain (cdktn, the community fork of the archived cdktf) through the factory:
// synthesis matches cdktf's, cdktn's write-only version check applies, and plain terraform deploys the result.
import * as cdktn from "cdktn";
import * as cdktf from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineInfisicalAuth0Constructs, type CdkLibrary } from "../../provider/cdktf";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { NO_TERRAFORM, Workspace, hasTerraform } from "../terraform/harness";
import { readStack, tempDir, SAMPLE_SETTINGS, type TfJson } from "./helpers";

type Settings = typeof SAMPLE_SETTINGS;

/** One org-level (write-only secret) and one project-level connection, written once against either library. */
function synth(lib: typeof cdktf, settings: Settings, context?: Record<string, unknown>): string {
  const { InfisicalAuth0Provider, AppConnection } = defineInfisicalAuth0Constructs(lib as unknown as CdkLibrary);
  const outdir = tempDir("cdktn-");
  const app = new lib.App({ outdir, context });
  const stack = new lib.TerraformStack(app, "stack");
  stack.addOverride("terraform.backend", undefined);
  const identityId = new lib.TerraformVariable(stack, "infisical_client_id", { type: "string" });
  const identitySecret = new lib.TerraformVariable(stack, "infisical_client_secret", {
    type: "string",
    sensitive: true,
  });
  const secret = new lib.TerraformVariable(stack, "auth0_client_secret", { type: "string", sensitive: true });
  new InfisicalAuth0Provider(stack, "p", {
    host: settings.host,
    auth: { universal: { clientId: identityId.stringValue, clientSecret: identitySecret.stringValue } },
  });
  const org = new AppConnection(stack, "org", {
    name: `${settings.namePrefix}org`,
    credentials: { ...settings.auth0, clientSecretWo: secret.stringValue, clientSecretWoVersion: 1 },
  });
  new AppConnection(stack, "project", {
    name: `${settings.namePrefix}project`,
    description: `twin of ${org.id}`,
    projectId: settings.projectId,
    credentials: { ...settings.auth0, clientSecret: secret.stringValue },
  });
  app.synth();
  return `${outdir}/stacks/stack`;
}

const asCdktf = cdktn as unknown as typeof cdktf;
const TERRAFORM_1_11 = { targetVersions: { terraform: ">=1.11.0" } };
const configOf = (json: TfJson) => ({
  terraform: json.terraform,
  provider: json.provider,
  resource: json.resource,
  variable: json.variable,
});

describe("cdktn (CDK Terrain)", () => {
  it("synthesizes the same provider and resource blocks as cdktf", () => {
    const withCdktn = readStack(synth(asCdktf, SAMPLE_SETTINGS, TERRAFORM_1_11));
    const withCdktf = readStack(synth(cdktf, SAMPLE_SETTINGS));
    expect(configOf(withCdktn)).toEqual(configOf(withCdktf));
    expect(withCdktn.resource.infisicalauth0_app_connection?.project).toMatchObject({
      description: "twin of ${infisicalauth0_app_connection.org.id}",
    });
  });

  it("refuses write-only attributes unless the project targets Terraform >= 1.11 (cdktn's own check)", () => {
    expect(() => synth(asCdktf, SAMPLE_SETTINGS)).toThrow(/write-only attributes requires terraform >=1\.11\.0/);
  });

  it("rejects constructs built on the other library: the classes must come from the stack's library", () => {
    const { AppConnection } = defineInfisicalAuth0Constructs(cdktf as unknown as CdkLibrary);
    const app = new cdktn.App({ outdir: tempDir("cdktn-mix-") });
    const stack = new cdktn.TerraformStack(app, "mixed");
    new AppConnection(stack, "c", { name: "c", credentials: SAMPLE_SETTINGS.auth0 });
    expect(() => app.synth()).toThrow();
  });
});

if (!hasTerraform) console.warn(`cdktn deploy: ${NO_TERRAFORM}`);

describe.skipIf(!hasTerraform)("cdktn stack deployed with plain terraform", () => {
  let emu: RunningEmulator;
  let ws: Workspace | undefined;

  beforeAll(async () => {
    emu = await startEmulator({ rateLimit: false });
  }, 240_000);

  afterAll(async () => {
    ws?.close();
    await emu?.close();
  });

  it("applies, converges and destroys", async () => {
    const { seed } = emu;
    const stackDir = synth(
      asCdktf,
      {
        host: emu.url,
        projectId: seed.projectId,
        auth0: { domain: seed.auth0.domain, clientId: seed.auth0.clientId, audience: seed.auth0.audience },
        namePrefix: "cdktn-",
      },
      TERRAFORM_1_11,
    );
    ws = new Workspace(
      {
        TF_VAR_infisical_client_id: seed.identity.clientId,
        TF_VAR_infisical_client_secret: seed.identity.clientSecret,
        TF_VAR_auth0_client_secret: seed.auth0.clientSecret,
      },
      { workDir: stackDir },
    );
    const tf = ws.tf.bind(ws);
    const apply = await tf("apply", "-auto-approve", "-input=false");
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    const live = (await emu.admin.connections()).filter((c) => c.app === "auth0");
    expect(live.map((c) => [c.name, c.projectId]).sort()).toEqual([
      ["cdktn-org", null],
      ["cdktn-project", seed.projectId],
    ]);
    const plan = await tf("plan", "-detailed-exitcode", "-input=false");
    expect(plan.status, plan.stdout + plan.stderr).toBe(0);
    const destroy = await tf("destroy", "-auto-approve", "-input=false");
    expect(destroy.status, destroy.stderr).toBe(0);
    expect((await emu.admin.connections()).filter((c) => c.app === "auth0")).toEqual([]);
    expect(ws.leaks([seed.auth0.clientSecret, seed.identity.clientSecret])).toEqual([]);
  }, 600_000);
});
