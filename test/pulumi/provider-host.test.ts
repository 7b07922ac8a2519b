/**
 * The Auth0AppConnection dynamic provider driven through Pulumi's real provider host over gRPC, against the emulator
 * over real HTTP, in the order and shape the Pulumi engine uses. API calls are counted at the emulator.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/types";
import { PulumiProviderHost, type Props, urnFor } from "../../tools/pulumi-host";
import { type HostFixture, startHostFixture } from "./host-fixture";
import { hostileInputs } from "./hostile-inputs";

import { PULUMI_UNKNOWN as UNKNOWN } from "../../provider/pulumi/unknown";

let emu: RunningEmulator;
let host: PulumiProviderHost;
let provider: string;
let project: HostFixture["project"];
let fixture: HostFixture | undefined;
const errors: string[] = [];

beforeAll(async () => {
  fixture = await startHostFixture();
  ({ emu, host, provider, project } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

beforeEach(async () => {
  await emu.admin.clearRequests();
  await emu.admin.clearFaults();
});

function inputs(name: string, over: Partial<Props> = {}, credentials: Partial<Record<string, string>> = {}): Props {
  return {
    name,
    description: "Auth0 tenant for secret rotation",
    method: "client-credentials",
    credentials: { ...emu.seed.auth0, ...credentials },
    __provider: provider,
    ...over,
  };
}

/** Check then Create, as the engine does on `pulumi up` for a new resource. */
async function up(name: string, news: Props) {
  const checked = await host.check(urnFor(name), {}, news);
  expect(checked.failures).toEqual([]);
  const created = await host.create(urnFor(name), checked.inputs);
  return { id: created.id, outs: created.outs, inputs: checked.inputs };
}

async function apiCalls() {
  return (await emu.admin.requests()).filter((r) => r.path.startsWith("/api/"));
}

async function capture<T>(p: Promise<T>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    errors.push(String((e as Error).message));
    return e as Error;
  }
  throw new Error("expected the call to fail");
}

describe("check", () => {
  it("validates like the server, naming the property, with no API call", async () => {
    const res = await host.check(
      urnFor("bad"),
      {},
      {
        ...inputs("Bad_Name"),
        description: "d".repeat(300),
        method: "oauth",
        credentials: { ...emu.seed.auth0, audience: "not a url", clientId: "  " },
      },
    );
    const byProperty = Object.fromEntries(res.failures.map((f) => [f.property, f.reason]));
    expect(byProperty["name"]).toMatch(/lowercase letters, numbers, and hyphens.*try "bad-name"/);
    expect(byProperty["description"]).toMatch(/cannot exceed 256/);
    expect(byProperty["method"]).toMatch(/client-credentials/);
    expect(byProperty["credentials.audience"]).toMatch(/Invalid url/);
    expect(byProperty["credentials.clientId"]).toBe("Client ID required");
    expect(await apiCalls()).toEqual([]);
  });

  it("trims inputs and tolerates values not known during preview", async () => {
    const res = await host.check(
      urnFor("p"),
      {},
      inputs("  preview-conn  ", { projectId: UNKNOWN }, { clientSecret: UNKNOWN }),
    );
    expect(res.failures).toEqual([]);
    expect(res.inputs.name).toBe("preview-conn");
    expect(res.inputs.projectId).toBe(UNKNOWN);
    expect((res.inputs.credentials as Props).clientSecret).toBe(UNKNOWN);
    const diff = await host.diff("x", urnFor("p"), { name: "preview-conn" }, res.inputs);
    expect(diff.changes).toBe("some");
    expect(await apiCalls()).toEqual([]);
  });
});

describe("lifecycle", () => {
  it("creates with one POST and records no secret", async () => {
    const { id, outs } = await up("org-conn", inputs("org-conn"));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(outs).toMatchObject({
      connectionId: id,
      name: "org-conn",
      projectId: null,
      orgId: emu.seed.orgId,
      credentials: {
        domain: emu.seed.auth0.domain,
        clientId: emu.seed.auth0.clientId,
        audience: emu.seed.auth0.audience,
      },
    });
    expect(outs.credentialsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(outs.appliedCredentialsHash).toBe(outs.credentialsHash);
    expect(JSON.stringify(outs)).not.toContain(emu.seed.auth0.clientSecret);
    const writes = (await apiCalls()).filter((r) => r.path.startsWith("/api/v1/app-connections"));
    expect(writes.map((r) => r.method)).toEqual(["POST"]);
  });

  it("diffs with no API call: no-op, rename, description, rotation, projectId replace; a code change is no diff", async () => {
    const { id, outs, inputs: ins } = await up("diff-conn", inputs("diff-conn"));
    await emu.admin.clearRequests();
    const urn = urnFor("diff-conn");
    expect((await host.diff(id, urn, outs, ins)).changes).toBe("none");
    expect((await host.diff(id, urn, outs, { ...ins, __provider: provider + "\n// new code" })).changes).toBe("none");
    expect(await host.diff(id, urn, outs, { ...ins, name: "renamed" })).toMatchObject({
      changes: "some",
      replaces: [],
    });
    expect(await host.diff(id, urn, outs, { ...ins, description: "new" })).toMatchObject({
      changes: "some",
      replaces: [],
    });
    const rotated = { ...ins, credentials: { ...(ins.credentials as Props), clientSecret: "rotated" } };
    expect(await host.diff(id, urn, outs, rotated)).toMatchObject({ changes: "some", replaces: [] });
    expect((await host.diff(id, urn, outs, { ...ins, adoptExisting: true })).changes).toBe("none");
    expect((await host.diff(id, urn, outs, { ...ins, ignoreCredentialRefresh: true })).changes).toBe("some");
    const moved = { ...ins, projectId: emu.seed.projectId };
    expect(await host.diff(id, urn, outs, moved)).toMatchObject({ changes: "some", replaces: ["projectId"] });
    expect(await apiCalls()).toEqual([]);
  });

  it("updates with one PATCH carrying only what changed", async () => {
    const { id, outs, inputs: ins } = await up("upd-conn", inputs("upd-conn"));
    const urn = urnFor("upd-conn");
    await emu.admin.clearRequests();

    const described = { ...ins, description: "Rotation for tenant prod" };
    const outs2 = await host.update(id, urn, outs, described);
    let calls = await apiCalls();
    expect(calls.map((c) => [c.method, c.bodyKeys])).toEqual([["PATCH", ["description"]]]);
    expect(outs2.description).toBe("Rotation for tenant prod");
    expect(outs2.credentialsHash).toBe(outs.credentialsHash);

    await emu.admin.clearRequests();
    const renamed = { ...described, name: "upd-conn-2" };
    const outs3 = await host.update(id, urn, outs2, renamed);
    calls = await apiCalls();
    expect(calls.map((c) => [c.method, c.bodyKeys])).toEqual([["PATCH", ["name"]]]);
    expect(outs3.name).toBe("upd-conn-2");
    expect((await host.diff(id, urn, outs3, renamed)).changes).toBe("none");
  });

  it("rotates the client secret: credentials sent, new hash, no plaintext kept", async () => {
    // A tenant of its own, whose secret is rotated in Auth0 first, then in the program.
    const tenant = {
      domain: "rotation.eu.auth0.com",
      clientId: "rot-client",
      clientSecret: "first-secret-value",
      audience: "https://rotation.eu.auth0.com/api/v2/",
    };
    await emu.admin.addAuth0Tenant(tenant);
    const { id, outs, inputs: ins } = await up("rot-conn", inputs("rot-conn", {}, tenant));
    const urn = urnFor("rot-conn");
    const newSecret = "rotated-secret-" + Math.random().toString(36).slice(2);
    await emu.admin.addAuth0Tenant({ ...tenant, clientSecret: newSecret });
    await emu.admin.clearRequests();
    const rotated = { ...ins, credentials: { ...(ins.credentials as Props), clientSecret: newSecret } };
    const outs2 = await host.update(id, urn, outs, rotated);
    const calls = await apiCalls();
    expect(calls.map((c) => [c.method, c.bodyKeys])).toEqual([["PATCH", ["credentials"]]]);
    expect(outs2.credentialsHash).not.toBe(outs.credentialsHash);
    expect(outs2.clientSecretFingerprint).not.toBe(outs.clientSecretFingerprint);
    expect(JSON.stringify(outs2)).not.toContain(newSecret);
    expect((await host.diff(id, urn, outs2, rotated)).changes).toBe("none");
  });

  it("replaces on a projectId change: the new connection is created first, then the old one deleted", async () => {
    const old = await up("moving-conn", inputs("moving-conn"));
    const urn = urnFor("moving-conn");
    const moved = { ...old.inputs, projectId: emu.seed.projectId };
    const diff = await host.diff(old.id, urn, old.outs, moved);
    expect(diff).toEqual({ changes: "some", replaces: ["projectId"], deleteBeforeReplace: false });
    await emu.admin.clearRequests();
    const created = await host.create(urn, (await host.check(urn, old.inputs, moved)).inputs);
    await host.delete(old.id, urn, old.outs);
    expect((await apiCalls()).filter((c) => c.path.includes("app-connections")).map((c) => c.method)).toEqual([
      "POST",
      "DELETE",
    ]);
    const left = (await emu.admin.connections()).filter((c) => c.name === "moving-conn");
    expect(left.map((c) => [c.id, c.projectId])).toEqual([[created.id, emu.seed.projectId]]);
  });

  it("creates a project-level connection", async () => {
    const { outs } = await up("proj-conn", inputs("proj-conn", { projectId: emu.seed.projectId }));
    expect(outs.projectId).toBe(emu.seed.projectId);
  });
});

describe("refresh and drift", () => {
  it("detects an out-of-band rename and restores it", async () => {
    const { id, outs, inputs: ins } = await up("oob-rename", inputs("oob-rename"));
    const urn = urnFor("oob-rename");
    await emu.admin.editConnection(id, { name: "renamed-in-ui" });
    await emu.admin.clearRequests();
    const read = await host.read(id, urn, outs);
    expect((await apiCalls()).map((c) => c.method)).toEqual(["GET"]);
    expect(read.outs.name).toBe("renamed-in-ui");
    expect((await host.diff(id, urn, read.outs, ins)).changes).toBe("some");
    await emu.admin.clearRequests();
    const fixed = await host.update(id, urn, read.outs, ins);
    expect((await apiCalls()).map((c) => [c.method, c.bodyKeys])).toEqual([["PATCH", ["name"]]]);
    expect(fixed.name).toBe("oob-rename");
  });

  it("re-applies credentials rewritten outside Pulumi", async () => {
    const { id, outs, inputs: ins } = await up("oob-creds", inputs("oob-creds"));
    const urn = urnFor("oob-creds");
    await emu.admin.editConnection(id, { credentials: { ...emu.seed.auth0, clientSecret: "typed-in-the-ui" } });
    const read = await host.read(id, urn, outs);
    expect(read.outs.credentialsHash).not.toBe(outs.credentialsHash);
    expect((await host.diff(id, urn, read.outs, ins)).changes).toBe("some");
    await emu.admin.clearRequests();
    const fixed = await host.update(id, urn, read.outs, ins);
    expect((await apiCalls()).map((c) => [c.method, c.bodyKeys])).toEqual([["PATCH", ["credentials"]]]);
    expect((await host.diff(id, urn, fixed, ins)).changes).toBe("none");
  });

  it("by default treats Infisical's own token refresh as drift (credentials re-applied)", async () => {
    const { id, outs, inputs: ins } = await up("refresh-default", inputs("refresh-default"));
    const urn = urnFor("refresh-default");
    await emu.admin.refreshCredentials(id);
    const read = await host.read(id, urn, outs);
    expect(read.outs.credentialsHash).not.toBe(outs.credentialsHash);
    expect((await host.diff(id, urn, read.outs, ins)).changes).toBe("some");
  });

  it("with ignoreCredentialRefresh, a hash-only change shows no change on refresh or diff", async () => {
    const {
      id,
      outs,
      inputs: ins,
    } = await up("refresh-ignored", inputs("refresh-ignored", { ignoreCredentialRefresh: true }));
    const urn = urnFor("refresh-ignored");
    await emu.admin.refreshCredentials(id);
    const read = await host.read(id, urn, outs);
    const { __provider: _a, ...before } = outs;
    const { __provider: _b, ...after } = read.outs;
    expect(after).toEqual(before);
    expect((await host.diff(id, urn, read.outs, ins)).changes).toBe("none");
    // A real change is still seen in this mode.
    await emu.admin.editConnection(id, { credentials: { ...emu.seed.auth0, audience: "https://other.example/api" } });
    const read2 = await host.read(id, urn, read.outs);
    expect((await host.diff(id, urn, read2.outs, ins)).changes).toBe("some");
  });

  it("reports an out-of-band delete as gone", async () => {
    const { id, outs } = await up("oob-delete", inputs("oob-delete"));
    await emu.admin.deleteConnection(id);
    const read = await host.read(id, urnFor("oob-delete"), outs);
    expect(read.id).toBe("");
  });
});

describe("adoption, duplicates and delete", () => {
  it("adopts an existing connection of the same name with adoptExisting", async () => {
    const existing = await emu.admin.addConnection({
      app: "auth0",
      name: "clicked-in-ui",
      credentials: { ...emu.seed.auth0 },
    });
    await emu.admin.clearRequests();
    const { id, outs } = await up("clicked-in-ui", inputs("clicked-in-ui", { adoptExisting: true }));
    expect(id).toBe(existing.id);
    expect(outs.description).toBe("Auth0 tenant for secret rotation");
    const calls = (await apiCalls()).filter((c) => c.path.includes("app-connections"));
    expect(calls.map((c) => c.method)).toEqual(["GET", "PATCH"]);
    expect((await emu.admin.connections()).filter((c) => c.name === "clicked-in-ui")).toHaveLength(1);
  });

  it("on a duplicate name, suggests adoptExisting only for the connection this resource declares", async () => {
    const failedCreate = async (name: string, over: Partial<Props> = {}) => {
      const checked = await host.check(urnFor(name), {}, inputs(name, over));
      return (await capture(host.create(urnFor(name), checked.inputs))).message;
    };
    // Another app's connection: never adoptable, with or without adoptExisting.
    await emu.admin.addConnection({ app: "aws", name: "taken-name" });
    expect(await failedCreate("taken-name")).toMatch(
      /"taken-name" belongs to an App Connection of another app \(not Auth0\).*adoptExisting cannot take over/s,
    );
    await emu.admin.clearRequests();
    expect(await failedCreate("taken-name", { adoptExisting: true })).toContain("adoptExisting cannot take over");
    expect((await apiCalls()).map((c) => c.method)).toEqual(["GET"]);

    // An Auth0 connection that differs: say how; no adoption suggested.
    await emu.admin.addConnection({ app: "auth0", name: "theirs", credentials: { ...emu.seed.auth0 } });
    const different = await failedCreate("theirs");
    expect(different).toMatch(/"theirs" already exists .* but it differs from this resource in description/s);
    expect(different).not.toContain("adoptExisting: true");

    // The very connection declared here (left by an interrupted run): the one step that converges.
    const left = await emu.admin.addConnection({
      app: "auth0",
      name: "left-behind",
      description: "Auth0 tenant for secret rotation",
      credentials: { ...emu.seed.auth0 },
    });
    const identical = await failedCreate("left-behind");
    expect(identical).toContain(`already exists in the organization (org-level) (id ${left.id})`);
    expect(identical).toContain("set adoptExisting: true on this resource and run pulumi up again");
    const { id } = await up("left-behind", inputs("left-behind", { adoptExisting: true }));
    expect(id).toBe(left.id);
  });

  it("deletes with one DELETE; already gone is success; in use explains what to do", async () => {
    const a = await up("del-conn", inputs("del-conn"));
    await emu.admin.clearRequests();
    await host.delete(a.id, urnFor("del-conn"), a.outs);
    expect((await apiCalls()).map((c) => c.method)).toEqual(["DELETE"]);
    await host.delete(a.id, urnFor("del-conn"), a.outs);

    const b = await up("busy-conn", inputs("busy-conn"));
    await emu.admin.markInUse(b.id);
    const err = await capture(host.delete(b.id, urnFor("busy-conn"), b.outs));
    expect(err.message).toMatch(
      /Cannot delete App Connection "busy-conn".*Remove those in Infisical first.*pulumi state delete/s,
    );
  });
});

describe("faults injected by the emulator", () => {
  it("retries a 5xx on refresh and a dropped create leaves exactly one connection", async () => {
    const { id, outs } = await up("fault-conn", inputs("fault-conn"));
    await emu.admin.injectFault({
      method: "GET",
      path: `/api/v1/app-connections/auth0/${id}`,
      count: 1,
      fault: { kind: "status", status: 503 },
    });
    const read = await host.read(id, urnFor("fault-conn"), outs);
    expect(read.id).toBe(id);

    await emu.admin.injectFault({
      method: "POST",
      path: "/api/v1/app-connections/auth0",
      count: 1,
      fault: { kind: "commitThenDrop" },
    });
    const { id: id2 } = await up("dropped-create", inputs("dropped-create"));
    const matching = (await emu.admin.connections()).filter((c) => c.name === "dropped-create");
    expect(matching.map((c) => c.id)).toEqual([id2]);
  });
});

describe("Auth0 refusing the credentials", () => {
  it("says Infisical could not get an Auth0 token, which inputs to check, and Infisical's text", async () => {
    const wrongSecret = "wrong-auth0-secret-3f9e1b27";
    const failedCreate = async (name: string, credentials: Partial<Record<string, string>>) => {
      const checked = await host.check(urnFor(name), {}, inputs(name, {}, credentials));
      return (await capture(host.create(urnFor(name), checked.inputs))).message;
    };
    const unauthorized = await failedCreate("wrong-secret", { clientSecret: wrongSecret });
    expect(unauthorized).toContain("Infisical could not obtain an Auth0 token with these credentials");
    expect(unauthorized).toContain("401 Unauthorized: the client ID or client secret is wrong for this tenant");
    expect(unauthorized).toContain("Check credentials.clientSecret and credentials.clientId");
    expect(unauthorized).toContain("Infisical: Request failed with status code 401");
    expect(unauthorized).not.toContain(wrongSecret);

    const forbidden = await failedCreate("wrong-audience", { audience: "https://api.example.com/not-granted" });
    expect(forbidden).toContain("403 Forbidden: the application is most likely not authorized for the audience");
    expect(forbidden).toContain("Infisical: Request failed with status code 403");

    const dns = await failedCreate("wrong-domain", { domain: "no-such-tenant.eu.auth0.com" });
    expect(dns).toContain('The Auth0 domain "no-such-tenant.eu.auth0.com" could not be found (DNS)');
    expect(dns).toContain("Infisical: getaddrinfo ENOTFOUND no-such-tenant.eu.auth0.com");

    // A token endpoint that is not Auth0's: it answers, with a token type Infisical does not accept.
    const server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ access_token: "x", token_type: "mac" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const odd = await failedCreate("odd-token", { domain, audience: "https://odd.example/api/" });
      expect(odd).toContain("answered, but not with an Auth0 Bearer token");
      expect(odd).toContain("Infisical: Unhandled token type: mac");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect((await emu.admin.connections()).filter((c) => /^(wrong|odd)-/.test(c.name))).toEqual([]);
    expect(errors.join("\n")).not.toContain(emu.seed.auth0.clientSecret);
  });
});

describe("a create whose outcome stays unknown", () => {
  it("says the connection may exist and how to take it over; adoptExisting converges without a duplicate", async () => {
    await emu.admin.injectFault({
      method: "POST",
      path: "/api/v1/app-connections/auth0",
      count: 1,
      fault: { kind: "commitThenDrop" },
    });
    await emu.admin.injectFault({
      method: "GET",
      path: "/api/v1/app-connections/auth0/connection-name/lost-answer",
      count: 6,
      fault: { kind: "status", status: 503 },
    });
    const urn = urnFor("lost-answer");
    const checked = await host.check(urn, {}, inputs("lost-answer", { projectId: emu.seed.projectId }));
    const err = await capture(host.create(urn, checked.inputs));
    expect(err.message).toContain(
      `Creating the Auth0 App Connection "lost-answer" in project ${emu.seed.projectId} may or may not have taken effect`,
    );
    expect(err.message).toContain("The connection MAY exist now");
    expect(err.message).toContain("set adoptExisting: true on this resource and run pulumi up again");
    const named = async () => (await emu.admin.connections()).filter((c) => c.name === "lost-answer");
    expect(await named()).toHaveLength(1);

    await emu.admin.clearFaults();
    const adopted = await up(
      "lost-answer",
      inputs("lost-answer", { projectId: emu.seed.projectId, adoptExisting: true }),
    );
    expect((await named()).map((c) => c.id)).toEqual([adopted.id]);
  }, 60_000);
});

describe("settings", () => {
  it("says which stack config to set when Infisical settings are missing", async () => {
    const env = Object.fromEntries(
      Object.keys(process.env)
        .filter((k) => k.startsWith("INFISICAL_"))
        .map((k) => [k, ""]),
    );
    const bare = await PulumiProviderHost.start({ cwd: project.dir, env });
    try {
      await bare.configure({ "infisical:host": emu.url });
      const checked = await bare.check(urnFor("no-auth"), {}, inputs("no-auth"));
      expect(checked.failures).toEqual([]);
      const err = await capture(bare.create(urnFor("no-auth"), checked.inputs));
      expect(err.message).toMatch(/No Infisical credentials.*pulumi config set --secret infisical:clientSecret/s);
      expect((await apiCalls()).length).toBe(0);
    } finally {
      await bare.close();
    }
  });

  it("refuses infisical keys that cannot be stored, naming each key and no value, with no API call", async () => {
    const identitySecret = "identity-secret-5b1f";
    const res = await host.check(
      urnFor("bad-settings"),
      {},
      inputs("bad-settings", {
        infisical: { host: emu.url, clientSecret: identitySecret, requestTimeoutMs: 5000, logger: "debug", token: 42 },
      }),
    );
    const byProperty = Object.fromEntries(res.failures.map((f) => [f.property, f.reason]));
    expect(Object.keys(byProperty).sort()).toEqual([
      "infisical.logger",
      "infisical.requestTimeoutMs",
      "infisical.token",
    ]);
    expect(byProperty["infisical.requestTimeoutMs"]).toBe(
      `infisical.requestTimeoutMs is not a setting a resource can carry: only host, clientId, clientSecret, token ` +
        `can be kept in the stack's state (timeouts, retries and a logger are client options that cannot be ` +
        `stored). Remove "requestTimeoutMs".`,
    );
    expect(byProperty["infisical.logger"]).toContain('Remove "logger"');
    expect(byProperty["infisical.token"]).toBe("infisical.token must be a string, got number");
    expect(JSON.stringify(res.failures)).not.toContain(identitySecret);

    const notAnObject = await host.check(urnFor("bad-settings"), {}, inputs("bad-settings", { infisical: emu.url }));
    expect(notAnObject.failures).toEqual([
      {
        property: "infisical",
        reason: "infisical must be an object with host, clientId, clientSecret, token; got string",
      },
    ]);
    // Not known yet (preview): checked once known.
    const preview = await host.check(urnFor("bad-settings"), {}, inputs("bad-settings", { infisical: UNKNOWN }));
    expect(preview.failures).toEqual([]);
    expect(await apiCalls()).toEqual([]);
  });

  it("uses a resource's own infisical settings over the stack's", async () => {
    const other = await emu.admin.addIdentity();
    const bare = await PulumiProviderHost.start({ cwd: project.dir });
    try {
      await bare.configure({ "infisical:host": "http://127.0.0.1:9" });
      const own = { host: emu.url, clientId: other.clientId, clientSecret: other.clientSecret };
      const { id, outs } = await (async () => {
        const checked = await bare.check(urnFor("own-settings"), {}, inputs("own-settings", { infisical: own }));
        return bare.create(urnFor("own-settings"), checked.inputs);
      })();
      expect(outs.infisical).toEqual(own);
      await bare.delete(id, urnFor("own-settings"), outs);
      expect((await emu.admin.connections()).some((c) => c.id === id)).toBe(false);
    } finally {
      await bare.close();
    }
  });
});

describe("prototype keys", () => {
  it("keeps constructor and prototype as ordinary keys, and creates nothing from __proto__", async () => {
    const hostile = hostileInputs({ __provider: provider });
    hostile.credentials = { ...(hostile.credentials as Props), ...emu.seed.auth0 };
    const urn = urnFor("proto-conn");
    const checked = await host.check(urn, {}, hostile);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.constructor).toEqual({ x: 1 });
    expect(checked.inputs.prototype).toBe(2);
    expect((checked.inputs.credentials as Props).constructor).toBe("c");
    expect(checked.inputs.description).toBeUndefined();
    const { id, outs } = await host.create(urn, checked.inputs);
    expect((await emu.admin.connections()).find((c) => c.id === id)).toMatchObject({
      name: "proto-conn",
      description: null,
      projectId: null,
    });
    expect(outs.polluted).toBeUndefined();
    // A later, plain request sees no polluted prototype in the host either.
    const clean = await host.check(urnFor("clean"), {}, inputs("clean"));
    expect(Object.keys(clean.inputs)).not.toContain("polluted");
  });
});

describe("secrets", () => {
  it("stores the client secret only in the inputs (a secret there); outputs hold a salted fingerprint", async () => {
    // What the engine records: the inputs Check returns, the outputs Create returns, and __provider.
    const secret = emu.seed.auth0.clientSecret;
    const checked = await host.check(urnFor("stored"), {}, inputs("stored"));
    // Inputs: Check must hand the secret to Create, so the engine keeps it (encrypted: the resource makes it secret).
    expect((checked.inputs.credentials as Props).clientSecret).toBe(secret);
    const { outs } = await host.create(urnFor("stored"), checked.inputs);
    const { __provider: shim, ...outputs } = outs;
    // Outputs: no secret; the fingerprint (marked secret too, additionalSecretOutputs) stands in for it.
    expect(JSON.stringify(outputs)).not.toContain(secret);
    expect(outputs.clientSecretFingerprint).toMatch(/^v1:[0-9a-f]{32}:[0-9a-f]{64}$/);
    expect(outputs.credentials).toEqual({
      domain: emu.seed.auth0.domain,
      clientId: emu.seed.auth0.clientId,
      audience: emu.seed.auth0.audience,
    });
    // __provider: the shim, which captures no credential and no token.
    expect(shim).toBe(provider);
    for (const value of [secret, emu.seed.identity.clientSecret, emu.seed.identity.clientId]) {
      expect(String(shim)).not.toContain(value);
    }
  });

  it("never shows the Auth0 secret, the identity secret or the access token", async () => {
    // A second host configured with a literal access token, so the test knows the token it must not find.
    const login = await fetch(`${emu.url}/api/v1/auth/universal-auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(emu.seed.identity),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const other = await PulumiProviderHost.start({ cwd: project.dir });
    try {
      await other.configure({ "infisical:host": emu.url, "infisical:token": accessToken });
      const {
        id,
        outs,
        inputs: ins,
      } = await (async () => {
        const checked = await other.check(urnFor("tok-conn"), {}, inputs("tok-conn"));
        const created = await other.create(urnFor("tok-conn"), checked.inputs);
        return { id: created.id, outs: created.outs, inputs: checked.inputs };
      })();
      const replies: unknown[] = [
        outs,
        await other.read(id, urnFor("tok-conn"), outs),
        await other.diff(id, urnFor("tok-conn"), outs, ins),
      ];
      await capture(other.create(urnFor("tok-conn"), ins)); // duplicate: an error reply
      await other.delete(id, urnFor("tok-conn"), outs);

      const seen = [
        provider,
        JSON.stringify(replies),
        other.stdout,
        other.stderr,
        host.stdout,
        host.stderr,
        ...errors,
      ].join("\n");
      for (const secret of [emu.seed.auth0.clientSecret, emu.seed.identity.clientSecret, accessToken]) {
        expect(seen).not.toContain(secret);
      }
      expect(provider.length).toBeLessThanOrEqual(2048);
    } finally {
      await other.close();
    }
  });
});
