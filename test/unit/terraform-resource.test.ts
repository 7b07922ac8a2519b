// The Terraform resource's own logic without terraform: one validation per call, the provider block's setting names
// (contract 3), and the Pulumi runtime's. The real-terraform tests (test/terraform) cover what users see.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Auth0Connection, ConnectionApi } from "../../provider/connection";
import { appConnectionResource } from "../../provider/terraform/app-connection";
import { UNKNOWN } from "../../provider/terraform/plugin";
import { settingsFromConfig, terraformSettingName } from "../../provider/terraform/settings";
import { settingsInputFor } from "../../provider/pulumi/runtime";

const validate = vi.hoisted(() => ({ calls: 0 }));
vi.mock("../../provider/connection/validate", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../provider/connection/validate")>();
  return {
    ...original,
    validateConnectionInput: (...args: Parameters<typeof original.validateConnectionInput>) => {
      validate.calls++;
      return original.validateConnectionInput(...args);
    },
  };
});

afterEach(() => {
  validate.calls = 0;
});

const config = {
  id: null,
  name: "conn",
  description: null,
  project_id: null,
  method: null,
  credentials: {
    domain: "t.auth0.com",
    client_id: "cid",
    audience: "https://t.auth0.com/api/v2/",
    client_secret: "s3cret-value",
    client_secret_wo: null,
    client_secret_wo_version: null,
  },
  adopt_existing: null,
  ignore_credential_refresh: null,
  org_id: null,
  credentials_hash: null,
  created_at: null,
  updated_at: null,
};

const live: Auth0Connection = {
  id: "6f1c1e9e-0000-4000-8000-000000000001",
  name: "conn",
  description: null,
  version: 1,
  orgId: "org",
  projectId: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  isPlatformManagedCredentials: false,
  gatewayId: null,
  credentialsHash: "a".repeat(64),
  app: "auth0",
  method: "client-credentials",
  credentials: { domain: "t.auth0.com", clientId: "cid", audience: "https://t.auth0.com/api/v2/" },
};

const client = { createAuth0Connection: async () => live } as unknown as ConnectionApi;
const context = { provider: { client: () => client }, signal: new AbortController().signal, log: console } as never;

describe("the Terraform resource", () => {
  it("validates once per call: validate, plan and apply each run the core's rules once", async () => {
    const resource = appConnectionResource as unknown as {
      validate(r: object): unknown;
      plan(r: object, c: unknown): unknown;
      create(r: object, c: unknown): Promise<unknown>;
    };
    resource.validate({ config });
    expect(validate.calls).toBe(1);
    const planned = { ...config, method: "client-credentials", id: UNKNOWN };
    await resource.plan({ prior: null, proposed: config, config, priorPrivate: Buffer.alloc(0) }, context);
    expect(validate.calls).toBe(1); // a create's plan needs no rule: nothing is compared
    await resource.create({ planned, config, plannedPrivate: Buffer.alloc(0) }, context);
    expect(validate.calls).toBe(2);
  });
});

describe("setting names (contract 3)", () => {
  it("Terraform names the provider block's attribute and the environment variable", () => {
    expect(terraformSettingName("clientSecret")).toBe(
      "auth.universal.client_secret (or INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)",
    );
    expect(terraformSettingName("token")).toBe("auth.token (or INFISICAL_TOKEN)");
    const result = settingsFromConfig({ host: "https://h.example", auth: { token: "t", universal: null } } as never);
    expect(result.kind).toBe("ok");
    const input = (result as { input: { settingName?: (k: string) => string } }).input;
    expect(input.settingName?.("host")).toBe("host (or INFISICAL_HOST)");
  });

  it("Pulumi names the stack config key (and the environment), or the resource's own input", () => {
    const stack = settingsInputFor({}) as { settingName?: (k: string) => string };
    expect(stack.settingName?.("clientSecret")).toBe(
      "infisical:clientSecret (pulumi config set --secret infisical:clientSecret <secret>) or " +
        "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET",
    );
    const own = settingsInputFor({ infisical: { host: "https://h", token: "t" } }) as {
      settingName?: (k: string) => string;
      host?: string;
    };
    expect(own.host).toBe("https://h");
    expect(own.settingName?.("token")).toBe("the resource's infisical.token input");
  });
});
