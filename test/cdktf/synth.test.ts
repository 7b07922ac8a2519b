// In-process synthesis with cdktf: the JSON (and HCL) that plain terraform will read.
import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AppConnection, InfisicalAuth0Provider, defineInfisicalAuth0Constructs } from "../../provider/cdktf";
import { synthesizeExample } from "../../examples/cdktf/main";
import { SAMPLE_SETTINGS, allText, readStack, tempDir, type TfJson } from "./helpers";

const credentials = { domain: "d.auth0.com", clientId: "cid", audience: "https://d.auth0.com/api/v2/" };

function synthJson(build: (stack: TerraformStack) => void): TfJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

const withoutMetadata = (resource: Record<string, unknown> | undefined) => {
  const { "//": _metadata, ...rest } = resource ?? {};
  return rest;
};

describe("cdktf synthesis", () => {
  it("writes the provider requirement and the provider block in snake_case", () => {
    const stackDir = synthesizeExample(tempDir("cdktf-synth-"), SAMPLE_SETTINGS);
    const json = readStack(stackDir);
    expect(json.terraform.required_providers).toEqual({
      infisicalauth0: { source: "registry.terraform.io/infisical-iac/infisicalauth0", version: "0.1.0" },
    });
    expect(json.provider.infisicalauth0).toEqual([
      {
        host: "${var.infisical_host}",
        auth: {
          universal: { client_id: "${var.infisical_client_id}", client_secret: "${var.infisical_client_secret}" },
        },
      },
    ]);
    expect(json.variable?.infisical_host).toMatchObject({ type: "string", default: SAMPLE_SETTINGS.host });
    expect(json.terraform).not.toHaveProperty("backend");
  });

  it("maps every configurable resource attribute to its snake_case name", () => {
    const json = synthJson((stack) => {
      new InfisicalAuth0Provider(stack, "p", { host: "https://eu.infisical.com", auth: { token: "tok" } });
      new AppConnection(stack, "full", {
        name: "full",
        description: "all fields",
        projectId: "proj",
        method: "client-credentials",
        credentials: { ...credentials, clientSecret: "s", clientSecretWo: "w", clientSecretWoVersion: 3 },
        adoptExisting: true,
        ignoreCredentialRefresh: false,
      });
      new AppConnection(stack, "minimal", { name: "minimal", credentials });
    });
    expect(json.provider.infisicalauth0).toEqual([{ host: "https://eu.infisical.com", auth: { token: "tok" } }]);
    const resources = json.resource.infisicalauth0_app_connection;
    expect(withoutMetadata(resources?.full)).toEqual({
      name: "full",
      description: "all fields",
      project_id: "proj",
      method: "client-credentials",
      credentials: {
        domain: "d.auth0.com",
        client_id: "cid",
        audience: "https://d.auth0.com/api/v2/",
        client_secret: "s",
        client_secret_wo: "w",
        client_secret_wo_version: 3,
      },
      adopt_existing: true,
      ignore_credential_refresh: false,
    });
    expect(withoutMetadata(resources?.minimal)).toEqual({
      name: "minimal",
      credentials: { domain: "d.auth0.com", client_id: "cid", audience: "https://d.auth0.com/api/v2/" },
    });
  });

  it("setters, put* and reset* change what is synthesized", () => {
    const json = synthJson((stack) => {
      const provider = new InfisicalAuth0Provider(stack, "p", { host: "https://a", auth: { token: "t" } });
      provider.host = "https://b";
      provider.resetAuth();
      const c = new AppConnection(stack, "c", {
        name: "before",
        description: "gone",
        adoptExisting: true,
        credentials: { ...credentials, clientSecret: "old" },
      });
      c.name = "after";
      c.resetDescription();
      c.resetAdoptExisting();
      c.ignoreCredentialRefresh = true;
      c.putCredentials({ ...credentials, clientSecretWo: "new", clientSecretWoVersion: 2 });
      c.credentials.clientSecretWoVersion = 5;
      expect(c.nameInput).toBe("after");
      expect(c.descriptionInput).toBeUndefined();
      expect(c.credentials.clientSecretWoInput).toBe("new");
    });
    expect(json.provider.infisicalauth0).toEqual([{ host: "https://b" }]);
    expect(withoutMetadata(json.resource.infisicalauth0_app_connection?.c)).toEqual({
      name: "after",
      ignore_credential_refresh: true,
      credentials: {
        domain: "d.auth0.com",
        client_id: "cid",
        audience: "https://d.auth0.com/api/v2/",
        client_secret_wo: "new",
        client_secret_wo_version: 5,
      },
    });
  });

  it("getters return tokens that resolve to references to the resource's attributes", () => {
    const json = synthJson((stack) => {
      new InfisicalAuth0Provider(stack, "p");
      const c = new AppConnection(stack, "conn", { name: "conn", credentials });
      const getters: Record<string, unknown> = {
        id: c.id,
        name: c.name,
        description: c.description,
        project_id: c.projectId,
        method: c.method,
        org_id: c.orgId,
        credentials_hash: c.credentialsHash,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
        adopt_existing: c.adoptExisting,
        ignore_credential_refresh: c.ignoreCredentialRefresh,
        domain: c.credentials.domain,
        client_id: c.credentials.clientId,
        audience: c.credentials.audience,
        client_secret_wo_version: c.credentials.clientSecretWoVersion,
      };
      for (const [name, value] of Object.entries(getters)) new TerraformOutput(stack, name, { value });
    });
    const outputs = Object.fromEntries(Object.entries(json.output ?? {}).map(([k, v]) => [k, v.value]));
    const ref = (path: string) => `\${infisicalauth0_app_connection.conn.${path}}`;
    expect(outputs).toEqual({
      id: ref("id"),
      name: ref("name"),
      description: ref("description"),
      project_id: ref("project_id"),
      method: ref("method"),
      org_id: ref("org_id"),
      credentials_hash: ref("credentials_hash"),
      created_at: ref("created_at"),
      updated_at: ref("updated_at"),
      adopt_existing: ref("adopt_existing"),
      ignore_credential_refresh: ref("ignore_credential_refresh"),
      domain: ref("credentials.domain"),
      client_id: ref("credentials.client_id"),
      audience: ref("credentials.audience"),
      client_secret_wo_version: ref("credentials.client_secret_wo_version"),
    });
  });

  it("the example links its two connections through a token reference", () => {
    const json = readStack(synthesizeExample(tempDir("cdktf-synth-"), SAMPLE_SETTINGS));
    const resources = json.resource.infisicalauth0_app_connection ?? {};
    expect(Object.keys(resources).sort()).toEqual(["org", "project"]);
    expect(resources.org).toMatchObject({ name: "t-org" });
    expect(resources.org).not.toHaveProperty("project_id");
    expect(resources.project).toMatchObject({
      name: "t-project",
      project_id: "project-1234",
      description: "Same tenant as org connection ${infisicalauth0_app_connection.org.id}",
    });
    expect(json.output?.org_connection_id?.value).toBe("${infisicalauth0_app_connection.org.id}");
  });

  it("keeps secrets out of the synthesized files: they are sensitive variables read by terraform at apply", () => {
    const secrets = ["identity-secret-9d1e77", "auth0-secret-51ab0c"];
    process.env.INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET = secrets[0];
    process.env.AUTH0_CLIENT_SECRET = secrets[1];
    try {
      const outdir = tempDir("cdktf-synth-");
      const json = readStack(synthesizeExample(outdir, SAMPLE_SETTINGS));
      for (const secret of secrets) expect(allText(outdir)).not.toContain(secret);
      expect(json.variable?.infisical_client_secret).toMatchObject({ sensitive: true });
      expect(json.variable?.auth0_client_secret).toMatchObject({ sensitive: true });
      const resources = json.resource.infisicalauth0_app_connection ?? {};
      expect(resources.org?.credentials).toMatchObject({
        client_secret_wo: "${var.auth0_client_secret}",
        client_secret_wo_version: "${var.auth0_client_secret_version}",
      });
      expect(resources.org?.credentials).not.toHaveProperty("client_secret");
      expect(resources.project?.credentials).toMatchObject({ client_secret: "${var.auth0_client_secret}" });
    } finally {
      delete process.env.INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET;
      delete process.env.AUTH0_CLIENT_SECRET;
    }
  });

  it("synthesizes HCL with the same attribute names", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "hcl");
    const secret = new TerraformVariable(stack, "secret", { type: "string", sensitive: true });
    new InfisicalAuth0Provider(stack, "p", {
      host: "https://h",
      auth: { universal: { clientId: "id", clientSecret: secret.stringValue } },
    });
    const a = new AppConnection(stack, "a", {
      name: "a",
      credentials: { ...credentials, clientSecretWo: secret.stringValue, clientSecretWoVersion: 1 },
    });
    new AppConnection(stack, "b", { name: "b", description: a.id, projectId: "p", credentials });
    const hcl = String(Testing.synthHcl(stack));
    // Nested attributes use `name = { ... }` (attribute syntax), not `name { ... }` (block syntax).
    expect(hcl).toMatch(
      /provider "infisicalauth0" \{\nhost = "https:\/\/h"\nauth = \{\nuniversal = \{\nclient_id = "id"\nclient_secret = "\$\{var\.secret\}"\n\}\n\}\n\}/,
    );
    expect(hcl).toContain(
      [
        'resource "infisicalauth0_app_connection" "a" {',
        'name = "a"',
        "credentials = {",
        'domain = "d.auth0.com"',
        'client_id = "cid"',
        'audience = "https://d.auth0.com/api/v2/"',
        'client_secret_wo = "${var.secret}"',
        "client_secret_wo_version = 1",
        "}",
        "}",
      ].join("\n"),
    );
    expect(hcl).toMatch(/description = "\$\{infisicalauth0_app_connection\.a\.id\}"\nproject_id = "p"/);
  });

  it("emits import blocks for importFrom and generateConfigForImport", () => {
    const json = synthJson((stack) => {
      const provider = new InfisicalAuth0Provider(stack, "p", { alias: "eu", host: "https://eu.infisical.com" });
      AppConnection.importFrom(stack, "existing", "proj-1/legacy", {
        name: "legacy",
        projectId: "proj-1",
        credentials,
        provider,
      });
      AppConnection.generateConfigForImport(stack, "discovered", "0b0e6c1e-0000-4000-8000-000000000000");
    });
    expect(json.import).toEqual(
      expect.arrayContaining([
        { id: "proj-1/legacy", to: "infisicalauth0_app_connection.existing", provider: "infisicalauth0.eu" },
        { id: "0b0e6c1e-0000-4000-8000-000000000000", to: "infisicalauth0_app_connection.discovered" },
      ]),
    );
    expect(json.provider.infisicalauth0).toEqual([{ alias: "eu", host: "https://eu.infisical.com" }]);
    expect(json.resource.infisicalauth0_app_connection?.existing).toMatchObject({ provider: "infisicalauth0.eu" });
  });

  it("exposes the static type names and rejects a module that is not cdktf-compatible", () => {
    expect(AppConnection.tfResourceType).toBe("infisicalauth0_app_connection");
    expect(InfisicalAuth0Provider.tfResourceType).toBe("infisicalauth0");
    expect(() => defineInfisicalAuth0Constructs({} as never)).toThrow(
      /Not a cdktf-compatible module: it has no TerraformProvider/,
    );
  });

  it("one App can hold several stacks, each with its own provider", () => {
    const outdir = tempDir("cdktf-synth-");
    const app = new App({ outdir });
    for (const name of ["dev", "prod"]) {
      const stack = new TerraformStack(app, name);
      new InfisicalAuth0Provider(stack, "p", { host: `https://${name}.example` });
      new AppConnection(stack, "c", { name, credentials });
    }
    app.synth();
    expect(readStack(`${outdir}/stacks/prod`).resource.infisicalauth0_app_connection?.c).toMatchObject({
      name: "prod",
    });
    expect(readStack(`${outdir}/stacks/dev`).provider.infisicalauth0).toEqual([{ host: "https://dev.example" }]);
  });
});
