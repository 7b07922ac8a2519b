// The core's lifecycle functions in-process, against the real client and the emulator over 127.0.0.1 (one emulator
// for the file, time injected): what Terraform and Pulumi rely on when they create, read, update, delete and import,
// and the one action each failure names. The end-to-end suites run the same code compiled, in other processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectionState,
  type DesiredConnection,
  ConnectionError,
  UNKNOWN,
  createConnection,
  deleteConnection,
  importConnection,
  planChange,
  readConnection,
  refreshState,
  stateFromConnection,
  updateConnection,
} from "../../provider/connection";
import type { InfisicalClient } from "../../provider/infisical";
import { leaks, rejection, startEnv, uniqueName, type TestEnv } from "../client/harness";

const BASE = "/api/v1/app-connections/auth0";
let env: TestEnv;
let client: InfisicalClient;

beforeAll(async () => {
  env = await startEnv();
  client = env.client();
});
afterAll(async () => {
  expect(leaks(env.logs.map((l) => JSON.stringify(l)).join("\n"), env.secrets())).toEqual([]);
  await env.close();
});

function desired(over: Partial<DesiredConnection> = {}): DesiredConnection {
  const { domain, clientId, clientSecret, audience } = env.emu.seed.auth0;
  return {
    name: uniqueName("core"),
    description: "managed by the core",
    projectId: null,
    method: "client-credentials",
    credentials: { domain, clientId, clientSecret, audience },
    adoptExisting: false,
    ignoreCredentialRefresh: false,
    ...over,
  };
}

/** The core error a call fails with (anything else fails the test). */
async function coreError(fn: () => Promise<unknown>): Promise<ConnectionError> {
  const e = await rejection(fn);
  expect(e).toBeInstanceOf(ConnectionError);
  return e as unknown as ConnectionError;
}

/** API calls (method and path) made while `fn` runs. */
async function callsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  await env.emu.admin.clearRequests();
  await fn().catch(() => undefined);
  return (await env.emu.admin.requests()).filter((r) => r.path.startsWith(BASE)).map((r) => `${r.method} ${r.path}`);
}

async function onServer(name: string) {
  return (await env.emu.admin.connections()).filter((c) => c.name === name);
}

/** A client that gives up after one attempt, for failures the test injects. */
const impatient = () => env.client({ maxRetries: 0 });

describe("createConnection", () => {
  it("creates an org-level connection and records what Infisical returned, the applied hash included", async () => {
    const want = desired();
    const { state, adopted } = await createConnection(client, want);
    expect(adopted).toBe(false);
    const [server] = await onServer(want.name);
    expect(state).toEqual({
      id: server?.id,
      name: want.name,
      description: "managed by the core",
      projectId: null,
      orgId: env.emu.seed.orgId,
      method: "client-credentials",
      credentials: {
        domain: want.credentials.domain,
        clientId: want.credentials.clientId,
        audience: want.credentials.audience,
      },
      credentialsHash: server?.credentialsHash,
      appliedCredentialsHash: server?.credentialsHash,
      createdAt: expect.any(String),
      updatedAt: server?.updatedAt,
    });
    expect(state.credentialsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(state.credentials).not.toHaveProperty("clientSecret");
  });

  it("creates in a project, and without a description", async () => {
    const want = desired({ projectId: env.emu.seed.projectId, description: null });
    const { state } = await createConnection(client, want);
    expect(state).toMatchObject({ projectId: env.emu.seed.projectId, description: null });
    expect((await onServer(want.name))[0]?.projectId).toBe(env.emu.seed.projectId);
  });

  it("with adoptExisting and nothing to adopt, creates", async () => {
    const want = desired({ adoptExisting: true });
    const { adopted, state } = await createConnection(client, want);
    expect(adopted).toBe(false);
    expect(await onServer(want.name)).toHaveLength(1);
    expect(state.name).toBe(want.name);
  });

  it("with adoptExisting, takes over the connection of that name in its scope with one PATCH of everything declared", async () => {
    const projectId = env.emu.seed.projectId;
    const name = uniqueName("adopt");
    const first = await client.createAuth0Connection({
      name,
      projectId,
      description: "old",
      credentials: desired().credentials,
    });
    // The same name at org level is another connection: the scope decides which one is adopted.
    const orgLevel = await client.createAuth0Connection({
      name,
      description: "org",
      credentials: desired().credentials,
    });
    const want = desired({ name, projectId, description: "new", adoptExisting: true });
    const calls = await callsDuring(async () => {
      const { state, adopted } = await createConnection(client, want);
      expect(adopted).toBe(true);
      expect(state).toMatchObject({ id: first.id, description: "new", projectId });
      expect(state.credentialsHash).not.toBe(first.credentialsHash);
      expect(state.appliedCredentialsHash).toBe(state.credentialsHash);
    });
    expect(calls).toEqual([`GET ${BASE}/connection-name/${name}`, `PATCH ${BASE}/${first.id}`]);
    expect((await client.getAuth0Connection(orgLevel.id)).description).toBe("org");
  });

  it("with adoptExisting, refuses another app's connection of that name", async () => {
    const name = uniqueName("aws");
    await env.emu.admin.addConnection({ app: "aws", name });
    const e = await coreError(() => createConnection(client, desired({ name, adoptExisting: true })));
    expect(e).toMatchObject({ code: "name-taken-other-app", field: "name", params: { name, projectId: null } });
    expect(e.message).toContain(`The name "${name}" belongs to an App Connection of another app`);
    expect(e.message).toContain("Another app's connection cannot be taken over: choose another name.");
    expect(await onServer(name)).toHaveLength(1);
  });

  it("with adoptExisting, an Auth0 refusal of the new credentials is worded and pinned to the field", async () => {
    const name = uniqueName("adopt-bad");
    await client.createAuth0Connection({ name, credentials: desired().credentials });
    const want = desired({ name, adoptExisting: true });
    want.credentials.clientSecret = "zz-wrong-adopt-secret";
    const e = await coreError(() => createConnection(client, want));
    expect(e).toMatchObject({
      code: "auth0-rejected",
      field: "credentials.clientSecret",
      params: { rejection: "unauthorized", host: want.credentials.domain },
    });
    expect(e.message).not.toContain("zz-wrong-adopt-secret");
  });

  it("with adoptExisting, a refused take-over creates nothing instead", async () => {
    const name = uniqueName("adopt-once");
    const { id } = await client.createAuth0Connection({ name, credentials: desired().credentials });
    const want = desired({ name, adoptExisting: true });
    want.credentials.clientSecret = "zz-wrong-adopt-secret";
    expect(await callsDuring(() => createConnection(client, want))).toEqual([
      `GET ${BASE}/connection-name/${name}`,
      `PATCH ${BASE}/${id}`,
    ]);
    expect(await onServer(name)).toHaveLength(1);
  });

  it("with adoptExisting, a failed look-up is the client's error as it is", async () => {
    const name = uniqueName("adopt-down");
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${BASE}/connection-name/*`,
      fault: { kind: "status", status: 500 },
    });
    const e = await rejection(() => createConnection(impatient(), desired({ name, adoptExisting: true })));
    expect(e).not.toBeInstanceOf(ConnectionError);
    expect(e).toMatchObject({ status: 500 });
    expect(await onServer(name)).toEqual([]);
  });

  it.each([
    ["a wrong client secret", { clientSecret: "zz-wrong-create-secret" }, "unauthorized", "credentials.clientSecret"],
    ["an unknown tenant", { domain: "nowhere.example" }, "domain-not-found", "credentials.domain"],
  ] as const)(
    "Auth0 refusing %s: a worded error on the field at fault, nothing created",
    async (_what, change, rejection, field) => {
      const want = desired();
      Object.assign(want.credentials, change);
      const e = await coreError(() => createConnection(client, want));
      expect(e).toMatchObject({ code: "auth0-rejected", field, params: { rejection } });
      expect(e.message).toContain("Infisical could not obtain an Auth0 token with these credentials.");
      expect(e.message).not.toContain("zz-wrong-create-secret");
      expect(await onServer(want.name)).toEqual([]);
    },
  );

  it("an error that is no Auth0 verdict is passed on as it is", async () => {
    const e = await rejection(() => createConnection(client, desired({ projectId: "no-such-project" })));
    expect(e).not.toBeInstanceOf(ConnectionError);
    expect(e).toMatchObject({ status: 400, message: "Could not find project with ID no-such-project" });
  });
});

describe("createConnection when the name is taken", () => {
  it("by an identical Auth0 connection (an interrupted earlier run): import by id or adopt", async () => {
    const want = desired({ projectId: env.emu.seed.projectId });
    const existing = await client.createAuth0Connection({ ...want, projectId: env.emu.seed.projectId });
    const e = await coreError(() => createConnection(client, want));
    expect(e).toMatchObject({
      code: "name-taken-identical",
      field: "name",
      params: { name: want.name, projectId: want.projectId, id: existing.id },
    });
    expect(e.params.infisical).toContain("already exists");
    expect(e.message).toContain(`already exists in project ${want.projectId} (id ${existing.id})`);
    expect(e.message).toContain("Import it by its id, or enable adoptExisting to take it over.");
    expect(e.cause).toMatchObject({ status: 400 });
  });

  it("an empty and an absent description are the same declaration", async () => {
    const want = desired({ description: null });
    await client.createAuth0Connection({ ...want, projectId: undefined, description: "" });
    expect((await coreError(() => createConnection(client, want))).code).toBe("name-taken-identical");
  });

  it("by an Auth0 connection that differs: says in which fields, and offers no take-over", async () => {
    const want = desired();
    const existing = await client.createAuth0Connection({ ...want, projectId: undefined });
    // Edited in the UI (Infisical's own check would refuse an audience the seeded tenant does not grant).
    await env.emu.admin.editConnection(existing.id, {
      description: "someone else's",
      credentials: { ...want.credentials, audience: "https://other.example/api/" },
    });
    const e = await coreError(() => createConnection(client, want));
    expect(e).toMatchObject({
      code: "name-taken-different",
      field: "name",
      params: { name: want.name, id: existing.id, fields: ["description", "credentials.audience"] },
    });
    expect(e.message).toContain("differs from this resource in description, credentials.audience");
    expect(e.message).not.toContain("adoptExisting");
  });

  it("by another app's connection: says so, and offers no take-over", async () => {
    const name = uniqueName("aws");
    await env.emu.admin.addConnection({ app: "aws", name });
    const e = await coreError(() => createConnection(client, desired({ name })));
    expect(e).toMatchObject({ code: "name-taken-other-app", params: { name } });
    expect(e.params.infisical).toMatch(/is not for App/);
  });

  it("and the look-up fails: says the name is taken and the look-up failed", async () => {
    const want = desired();
    await client.createAuth0Connection({ ...want, projectId: undefined });
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${BASE}/connection-name/*`,
      fault: { kind: "status", status: 500 },
    });
    const e = await coreError(() => createConnection(impatient(), want));
    expect(e).toMatchObject({ code: "name-taken", field: "name", params: { name: want.name, projectId: null } });
    expect(e.message).toBe(
      `An App Connection named "${want.name}" already exists in the organization (org-level) (Infisical: ` +
        `${e.params.infisical}), and looking it up failed. Names are unique across all apps in a scope: choose ` +
        "another name, or find the existing connection in Infisical.",
    );
    expect(e.params.infisical).toContain("already exists");
  });
});

describe("createConnection whose answer is lost", () => {
  it("and whose look-up fails too: the connection MAY exist, and the way to take it over", async () => {
    const want = desired({ projectId: env.emu.seed.projectId });
    await env.emu.admin.injectFault({ method: "POST", path: BASE, fault: { kind: "commitThenDrop" } });
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${BASE}/connection-name/*`,
      count: 5,
      fault: { kind: "status", status: 503 },
    });
    const e = await coreError(() => createConnection(impatient(), want));
    expect(e).toMatchObject({
      code: "create-outcome-unknown",
      field: "name",
      params: { name: want.name, projectId: want.projectId },
    });
    expect(e.message).toContain(`"${want.name}" in project ${want.projectId} may or may not have taken effect`);
    expect(e.message).toMatch(
      /\. Run again with adoptExisting enabled to take it over if it exists \(or create it if not\), or import it by name once Infisical answers\.$/,
    );
    await env.emu.admin.clearFaults();
    // It did happen: adopting converges on the one connection.
    const { adopted } = await createConnection(client, { ...want, adoptExisting: true });
    expect(adopted).toBe(true);
    expect(await onServer(want.name)).toHaveLength(1);
  });
});

describe("readConnection", () => {
  let prior: ConnectionState;
  beforeAll(async () => {
    prior = (await createConnection(client, desired())).state;
  });

  it("reads the live connection, keeping what this tool last applied", async () => {
    await env.emu.admin.editConnection(prior.id, { description: "edited in the UI" });
    const next = await readConnection(client, prior, { ignoreCredentialRefresh: false });
    expect(next).toMatchObject({ id: prior.id, description: "edited in the UI" });
    expect(next?.appliedCredentialsHash).toBe(prior.appliedCredentialsHash);
    prior = next as ConnectionState;
  });

  it("Infisical's own credential refresh: drift by default, no change when ignored", async () => {
    await env.emu.admin.refreshCredentials(prior.id);
    expect(await readConnection(client, prior, { ignoreCredentialRefresh: true })).toBe(prior);
    const noticed = await readConnection(client, prior, { ignoreCredentialRefresh: false });
    expect(noticed?.credentialsHash).not.toBe(prior.credentialsHash);
    expect(
      planChange(noticed as ConnectionState, { ...desired(), name: prior.name, description: prior.description }, false),
    ).toMatchObject({
      action: "update",
      credentialsDrift: "rewritten",
    });
  });

  it("with refreshes ignored, a read whose hash did not move is still recorded as read", () => {
    const live = { ...prior, updatedAt: "2030-01-01T00:00:00.000Z", version: 2, isPlatformManagedCredentials: false };
    const next = refreshState(prior, { ...live, gatewayId: null, app: "auth0" }, { ignoreCredentialRefresh: true });
    expect(next).not.toBe(prior);
    expect(next.updatedAt).toBe("2030-01-01T00:00:00.000Z");
  });

  it("a connection deleted outside the tool reads as gone", async () => {
    const { state } = await createConnection(client, desired());
    await env.emu.admin.deleteConnection(state.id);
    expect(await readConnection(client, state, { ignoreCredentialRefresh: false })).toBeUndefined();
  });

  it("any other failure is passed on", async () => {
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${BASE}/${prior.id}`,
      fault: { kind: "status", status: 500 },
    });
    expect(await rejection(() => readConnection(impatient(), prior, { ignoreCredentialRefresh: false }))).toMatchObject(
      {
        status: 500,
      },
    );
  });
});

describe("updateConnection", () => {
  const fresh = async (over: Partial<DesiredConnection> = {}) => {
    const want = desired(over);
    return { want, prior: (await createConnection(client, want)).state };
  };

  it("sends only what changed: a rename keeps the applied hash", async () => {
    const { want, prior } = await fresh();
    const next = { ...want, name: `${want.name}-renamed` };
    const plan = planChange(prior, next, false);
    let state: ConnectionState | undefined;
    const calls = await callsDuring(async () => {
      state = await updateConnection(client, prior, next, plan);
    });
    expect(calls).toEqual([`PATCH ${BASE}/${prior.id}`]);
    expect(state).toMatchObject({
      id: prior.id,
      name: next.name,
      appliedCredentialsHash: prior.appliedCredentialsHash,
    });
    expect(state?.credentialsHash).toBe(prior.credentialsHash);
  });

  it("new credentials: the hash they produced becomes the applied one", async () => {
    const { want, prior } = await fresh();
    const plan = planChange(prior, want, true);
    const state = await updateConnection(client, prior, want, plan);
    expect(state.credentialsHash).not.toBe(prior.credentialsHash);
    expect(state.appliedCredentialsHash).toBe(state.credentialsHash);
  });

  it("a plan with nothing to send makes no call and keeps the state", async () => {
    const { want, prior } = await fresh();
    const opted = { ...want, ignoreCredentialRefresh: true };
    const plan = planChange(prior, opted, false, { ignoreCredentialRefresh: false });
    expect(plan.action).toBe("update");
    let state: ConnectionState | undefined;
    expect(
      await callsDuring(async () => {
        state = await updateConnection(client, prior, opted, plan);
      }),
    ).toEqual([]);
    expect(state).toBe(prior);
  });

  it("a plan that needs a replacement is refused before any call", async () => {
    const { want, prior } = await fresh();
    const plan = planChange(prior, { ...want, projectId: env.emu.seed.projectId }, false);
    let e: unknown;
    expect(
      await callsDuring(async () => {
        e = await rejection(() => updateConnection(client, prior, want, plan));
      }),
    ).toEqual([]);
    expect(e).toMatchObject({
      code: "replace-required",
      field: "projectId",
      message: "projectId cannot change in place: the connection must be replaced",
      params: { id: prior.id, name: prior.name, fields: ["projectId"] },
    });
    const both = planChange(prior, { ...want, projectId: env.emu.seed.projectId, method: UNKNOWN }, false);
    await expect(updateConnection(client, prior, want, both)).rejects.toThrow(
      /^projectId, method cannot change in place: /,
    );
  });

  it("a connection deleted meanwhile: refresh and apply again", async () => {
    const { want, prior } = await fresh();
    await env.emu.admin.deleteConnection(prior.id);
    const next = { ...want, description: "x" };
    const e = await coreError(() => updateConnection(client, prior, next, planChange(prior, next, false)));
    expect(e).toMatchObject({ code: "gone-on-update", params: { id: prior.id, name: prior.name, projectId: null } });
    expect(e.message).toBe(
      `App Connection ${prior.id} ("${prior.name}") no longer exists in Infisical: it was deleted outside this tool. ` +
        "Refresh, so that it is planned for re-creation, and apply again.",
    );
    expect(e.field).toBeUndefined();
  });

  it("a rename onto a taken name says so, in the connection's scope", async () => {
    const projectId = env.emu.seed.projectId;
    const { want, prior } = await fresh({ projectId });
    const other = await fresh({ projectId });
    const next = { ...want, name: other.want.name };
    const e = await coreError(() => updateConnection(client, prior, next, planChange(prior, next, false)));
    expect(e).toMatchObject({
      code: "rename-taken",
      field: "name",
      params: { id: prior.id, name: other.want.name, projectId },
    });
    expect(e.message).toMatch(
      new RegExp(
        `^Cannot rename to "${other.want.name}": .*already exists in project ${projectId}\\. Names are unique`,
      ),
    );
  });

  it("new credentials Auth0 refuses: worded, pinned to the field, the secret never shown", async () => {
    const { want, prior } = await fresh();
    const next = { ...want, credentials: { ...want.credentials, clientSecret: "zz-wrong-update-secret" } };
    const e = await coreError(() => updateConnection(client, prior, next, planChange(prior, next, true)));
    expect(e).toMatchObject({ code: "auth0-rejected", field: "credentials.clientSecret" });
    expect(e.message).not.toContain("zz-wrong-update-secret");
  });

  it("other failures are passed on", async () => {
    const { want, prior } = await fresh();
    const next = { ...want, description: "y" };
    await env.emu.admin.injectFault({
      method: "PATCH",
      path: `${BASE}/${prior.id}`,
      fault: { kind: "status", status: 500 },
    });
    const e = await rejection(() => updateConnection(impatient(), prior, next, planChange(prior, next, false)));
    expect(e).not.toBeInstanceOf(ConnectionError);
    expect(e).toMatchObject({ status: 500 });
  });
});

describe("deleteConnection", () => {
  it("deletes; a connection already gone is success", async () => {
    const { state } = await createConnection(client, desired());
    await deleteConnection(client, state);
    expect(await onServer(state.name)).toEqual([]);
    await expect(deleteConnection(client, state)).resolves.toBeUndefined();
  });

  it("one still in use says what to do, and deletes nothing", async () => {
    const { state } = await createConnection(client, desired());
    await env.emu.admin.markInUse(state.id);
    const e = await coreError(() => deleteConnection(client, state));
    expect(e).toMatchObject({ code: "in-use", params: { id: state.id, name: state.name } });
    expect(e.message).toMatch(
      new RegExp(`^Cannot delete App Connection "${state.name}" \\(${state.id}\\) \\(Infisical: `),
    );
    expect(e.message).toMatch(/\(remove it from this tool's state\)\.$/);
    expect(await onServer(state.name)).toHaveLength(1);
  });

  it("other failures are passed on", async () => {
    const { state } = await createConnection(client, desired());
    await env.emu.admin.injectFault({
      method: "DELETE",
      path: `${BASE}/${state.id}`,
      fault: { kind: "status", status: 500 },
    });
    expect(await rejection(() => deleteConnection(impatient(), state))).toMatchObject({ status: 500 });
  });
});

describe("importConnection", () => {
  let org: ConnectionState;
  let inProject: ConnectionState;
  beforeAll(async () => {
    org = (await createConnection(client, desired())).state;
    inProject = (await createConnection(client, desired({ projectId: env.emu.seed.projectId }))).state;
  });
  const live = (s: ConnectionState) =>
    stateFromConnection(
      { ...s, version: 1, isPlatformManagedCredentials: false, gatewayId: null, app: "auth0" },
      s.credentialsHash,
    );

  it("by id, by name (org level) and by <projectId>/<name>; what is there now is the baseline", async () => {
    expect(await importConnection(client, org.id)).toEqual(live(org));
    expect(await importConnection(client, ` ${org.name} `)).toEqual(live(org));
    expect(await importConnection(client, `${inProject.projectId}/${inProject.name}`)).toEqual(live(inProject));
  });

  it("an id that names nothing, or a name not in that scope: not found, saying what was looked for", async () => {
    const id = "00000000-0000-4000-8000-00000000abcd";
    expect(await coreError(() => importConnection(client, id))).toMatchObject({
      code: "import-not-found",
      message: `No Auth0 App Connection with ID ${id}.`,
      params: { importId: id, id },
    });
    const e = await coreError(() => importConnection(client, inProject.name));
    expect(e).toMatchObject({
      code: "import-not-found",
      message: `No Auth0 App Connection named "${inProject.name}" in the organization (org-level).`,
      params: { importId: inProject.name, name: inProject.name, projectId: null },
    });
    // Where it is instead, so the error can give the import ID that finds it.
    expect(e.params.candidates).toEqual([
      { id: inProject.id, projectId: inProject.projectId, projectName: expect.any(String) },
    ]);
  });

  it("another app's connection is not an Auth0 one, by name or by id", async () => {
    const name = uniqueName("aws");
    const { id } = await env.emu.admin.addConnection({ app: "aws", name, projectId: env.emu.seed.projectId });
    const projectScoped = `${env.emu.seed.projectId}/${name}`;
    expect(await coreError(() => importConnection(client, projectScoped))).toMatchObject({
      code: "import-not-found",
      message: `No Auth0 App Connection named "${name}" in project ${env.emu.seed.projectId}.`,
    });
    expect(await coreError(() => importConnection(client, id))).toMatchObject({ code: "import-not-found" });
  });

  it("an id of no accepted form is refused before any call", async () => {
    let e: unknown;
    expect(
      await callsDuring(async () => {
        e = await rejection(() => importConnection(client, "a/b/c"));
      }),
    ).toEqual([]);
    expect(e).toMatchObject({ code: "import-id-invalid" });
  });

  it("other failures are passed on", async () => {
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${BASE}/*`,
      count: 2,
      fault: { kind: "status", status: 500 },
    });
    expect(await rejection(() => importConnection(impatient(), org.id))).toMatchObject({ status: 500 });
    expect(await rejection(() => importConnection(impatient(), org.name))).toMatchObject({ status: 500 });
  });
});
