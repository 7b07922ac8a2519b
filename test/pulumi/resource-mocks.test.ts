/** The Auth0AppConnection class itself under Pulumi's mocks: what it registers, and how it wraps secrets. */
import path from "node:path";
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

describe("what a secret client secret makes secret", () => {
  const isSecret = (v: unknown) => pulumi.isSecret(pulumi.output(v as pulumi.Input<unknown>));

  it("only the secret itself when the credentials are a plain object: domain, client ID and audience stay readable", async () => {
    const inputs = mod.auth0AppConnectionInputs("x", {
      credentials: { ...credentials, clientSecret: pulumi.secret("from-config"), domain: pulumi.output("d.auth0.com") },
    });
    const creds = inputs.credentials as Record<string, pulumi.Input<string>>;
    expect(await isSecret(creds.clientSecret)).toBe(true);
    for (const field of ["domain", "clientId", "audience"]) expect(await isSecret(creds[field]), field).toBe(false);
    expect(await output(pulumi.output(creds.domain))).toBe("d.auth0.com");
  });

  it("keeps a field the user made secret secret", async () => {
    const inputs = mod.auth0AppConnectionInputs("x", {
      credentials: { ...credentials, clientId: pulumi.secret("hidden-client") },
    });
    const creds = inputs.credentials as Record<string, pulumi.Input<string>>;
    expect(await isSecret(creds.clientId)).toBe(true);
    expect(await isSecret(creds.domain)).toBe(false);
  });

  it("the whole object when the credentials are one secret Output (it cannot be split field by field)", async () => {
    const inputs = mod.auth0AppConnectionInputs("x", { credentials: pulumi.secret(credentials) });
    const creds = inputs.credentials as Record<string, pulumi.Input<string>>;
    for (const field of ["domain", "clientId", "clientSecret", "audience"]) {
      expect(await isSecret(creds[field]), field).toBe(true);
    }
  });
});

describe("Auth0AppConnection.isInstance", () => {
  it("recognizes an instance made by another copy of the module, where instanceof does not", async () => {
    // The compiled package: another copy of the class, as a second installed copy of this package would be.
    const copy = require(
      path.resolve(__dirname, "../../dist/provider/pulumi"),
    ) as typeof import("../../provider/pulumi");
    expect(copy.Auth0AppConnection).not.toBe(mod.Auth0AppConnection);
    const fromCopy = new copy.Auth0AppConnection("from-copy", { credentials });
    const fromSource = new mod.Auth0AppConnection("from-source", { credentials });
    await Promise.all([output(fromCopy.urn), output(fromSource.urn)]);
    expect(fromCopy instanceof mod.Auth0AppConnection).toBe(false);
    expect(mod.Auth0AppConnection.isInstance(fromCopy)).toBe(true);
    expect(copy.Auth0AppConnection.isInstance(fromSource)).toBe(true);
    expect(
      mod.Auth0AppConnection.isInstance(mod.Auth0AppConnection.get("got", "3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d")),
    ).toBe(true);
  });

  it("is false for other resources, other dynamic resources of the same module, and non-resources", async () => {
    // Both base classes are abstract in Pulumi's typings.
    class OtherConnection extends pulumi.dynamic.Resource {}
    class OtherPackageConnection extends pulumi.CustomResource {}
    const other = new OtherConnection(
      { create: async () => ({ id: "x" }) },
      "other-dynamic",
      {},
      undefined,
      "infisical",
      "OtherConnection",
    );
    const custom = new OtherPackageConnection("infisical:index:Auth0AppConnection", "same-name-other-package", {});
    await Promise.all([output(other.urn), output(custom.urn)]);
    for (const value of [other, custom, undefined, null, {}, "Auth0AppConnection", mod.Auth0AppConnection]) {
      expect(mod.Auth0AppConnection.isInstance(value)).toBe(false);
    }
  });
});

describe("Auth0AppConnection.get", () => {
  it("reads by id under the resource's type token, sending no prior state", async () => {
    const id = "3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d";
    const conn = mod.Auth0AppConnection.get("read-only", id);
    expect(await output(conn.id)).toBe(id);
    const args = registered.find((r) => r.name === "read-only");
    expect(args).toMatchObject({ type: mod.AUTH0_APP_CONNECTION_TYPE, id, custom: true });
    expect(Object.keys(args?.inputs ?? {})).toEqual(["__provider"]);
  });

  it("without args and without an id, says what is missing", () => {
    const create = mod.Auth0AppConnection as unknown as new (name: string) => unknown;
    expect(() => new create("no-args")).toThrow(
      'Auth0AppConnection "no-args": missing args (credentials are required); to read one, use get()',
    );
  });
});
