/** The Auth0AppConnection class itself under Pulumi's mocks: what it registers, and how it wraps secrets. */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { Auth0AppConnection as Auth0AppConnectionClass } from "../../provider/pulumi";

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const registered: pulumi.runtime.MockResourceArgs[] = [];
let mod: typeof import("../../provider/pulumi");

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, connectionId: `${args.name}-id`, credentialsHash: "h" },
        };
      },
      call: () => ({}),
    },
    "auth0-demo",
    "dev",
    false,
  );
  mod = await import("../../provider/pulumi");
});

function output<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

const credentials = {
  domain: "tenant.us.auth0.com",
  clientId: "client-id",
  clientSecret: "plain-secret-value",
  audience: "https://tenant.us.auth0.com/api/v2/",
};

describe("Auth0AppConnection", () => {
  it("registers the type token policies target, with the name defaulting to the logical name", async () => {
    const conn: Auth0AppConnectionClass = new mod.Auth0AppConnection("auth0-prod", { credentials });
    expect(await output(conn.connectionId)).toBe("auth0-prod-id");
    const args = registered.find((r) => r.name === "auth0-prod");
    expect(args?.type).toBe(mod.AUTH0_APP_CONNECTION_TYPE);
    expect(mod.AUTH0_APP_CONNECTION_TYPE).toBe("pulumi-nodejs:dynamic/infisical:Auth0AppConnection");
    expect(args?.inputs).toMatchObject({ name: "auth0-prod", method: "client-credentials" });
    // The mock monitor lifts a nested secret to its top-level property: seeing the envelope proves it was secret.
    expect(args?.inputs.credentials).toEqual({ [SECRET_KEY]: SECRET_SIG, value: credentials });
    expect(typeof args?.inputs.__provider).toBe("string");
    expect(args?.inputs.__provider).not.toContain("plain-secret-value");
  });

  it("keeps an explicit name, description and projectId", async () => {
    const conn = new mod.Auth0AppConnection("logical", {
      name: "explicit-name",
      description: "d",
      projectId: "p-1",
      credentials,
      ignoreCredentialRefresh: true,
    });
    await output(conn.urn);
    const args = registered.find((r) => r.name === "logical");
    expect(args?.inputs).toMatchObject({
      name: "explicit-name",
      description: "d",
      projectId: "p-1",
      ignoreCredentialRefresh: true,
    });
  });

  it("always wraps the client secret and per-resource settings as secrets", async () => {
    const inputs = mod.auth0AppConnectionInputs("x", {
      credentials: pulumi.output(credentials),
      infisical: { host: "http://127.0.0.1:1", clientId: "id", clientSecret: "identity-secret" },
    });
    const creds = inputs.credentials as Record<string, pulumi.Output<string>>;
    expect(await pulumi.isSecret(creds.clientSecret as pulumi.Output<string>)).toBe(true);
    expect(await pulumi.isSecret(creds.domain as pulumi.Output<string>)).toBe(false);
    expect(await pulumi.isSecret(inputs.infisical as pulumi.Output<unknown>)).toBe(true);
  });
});
