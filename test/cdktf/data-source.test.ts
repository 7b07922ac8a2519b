// The DataAppConnection construct (data source infisicalauth0_app_connection): synthesized in-process with cdktf, then
// applied with plain terraform against the emulator: by the id of a connection the same stack creates (a token), and
// by name + projectId of one made outside it; the outputs carry what Infisical returns, never a secret.
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { describe, expect } from "vitest";
import { AppConnection, DataAppConnection, InfisicalAuth0Provider } from "../../provider/cdktf";
import { terraformTest } from "../support/terraform-test";
import { NO_TERRAFORM, hasTerraform } from "../terraform/harness";
import type { TfJson } from "./helpers";

if (!hasTerraform) console.warn(`cdktf data source: ${NO_TERRAFORM}`);

type WithData = TfJson & { data?: Record<string, Record<string, Record<string, unknown>>> };

const { it } = terraformTest();

describe("DataAppConnection", () => {
  it("synthesizes a data block with only the lookup attributes set", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new InfisicalAuth0Provider(stack, "p");
    new DataAppConnection(stack, "by_id", { id: "3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d" });
    const byName = new DataAppConnection(stack, "by_name", { name: "auth0-prod", projectId: "proj" });
    new TerraformOutput(stack, "domain", { value: byName.credentials.domain });
    const json = JSON.parse(Testing.synth(stack)) as WithData;
    const data = json.data?.infisicalauth0_app_connection ?? {};
    const { "//": _a, ...byIdBlock } = data.by_id ?? {};
    const { "//": _b, ...byNameBlock } = data.by_name ?? {};
    expect(byIdBlock).toEqual({ id: "3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d" });
    expect(byNameBlock).toEqual({ name: "auth0-prod", project_id: "proj" });
    expect(json.output?.domain?.value).toBe("${data.infisicalauth0_app_connection.by_name.credentials.domain}");
  });

  it.skipIf(!hasTerraform)(
    "reads by a token id and by name + projectId through plain terraform",
    async ({ emu, ws }) => {
      const { seed } = emu;
      const { domain, clientId, clientSecret, audience } = seed.auth0;
      const madeInUi = await emu.admin.addConnection({
        app: "auth0",
        name: "made-in-ui",
        projectId: seed.projectId,
        description: "from the UI",
        credentials: { domain, clientId, clientSecret, audience },
      });
      const stack = new TerraformStack(Testing.app(), "data");
      new InfisicalAuth0Provider(stack, "p");
      const managed = new AppConnection(stack, "managed", {
        name: "cdktf-managed",
        credentials: { domain, clientId, audience, clientSecretWo: clientSecret, clientSecretWoVersion: 1 },
      });
      const byId = new DataAppConnection(stack, "by_id", { id: managed.id });
      const byName = new DataAppConnection(stack, "by_name", { name: "made-in-ui", projectId: seed.projectId });
      new TerraformOutput(stack, "by_id_name", { value: byId.name });
      new TerraformOutput(stack, "by_name_id", { value: byName.id });
      new TerraformOutput(stack, "by_name_description", { value: byName.description });
      new TerraformOutput(stack, "by_name_client_id", { value: byName.credentials.clientId });
      const json = JSON.parse(Testing.synth(stack)) as WithData & { terraform: { backend?: unknown } };
      delete json.terraform.backend;
      ws.write(JSON.stringify(json, null, 2), "cdk.tf.json");

      const apply = await ws.tf("apply", "-auto-approve", "-input=false");
      expect(apply.status, apply.out).toBe(0);
      const r = await ws.tf("output", "-json");
      const out = JSON.parse(r.stdout) as Record<string, { value: unknown }>;
      expect(out.by_id_name?.value).toBe("cdktf-managed");
      expect(out.by_name_id?.value).toBe(madeInUi.id);
      expect(out.by_name_description?.value).toBe("from the UI");
      expect(out.by_name_client_id?.value).toBe(clientId);
      const plan = await ws.tf("plan", "-detailed-exitcode", "-input=false");
      expect(plan.status, plan.out).toBe(0);
    },
    180_000,
  );
});
