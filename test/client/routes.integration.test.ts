import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InfisicalApiError, type InfisicalClient } from "../../provider/infisical";
import { leaks, rejection, startEnv, uniqueName, type TestEnv } from "./harness";

let env: TestEnv;
let client: InfisicalClient;

beforeAll(async () => {
  env = await startEnv();
  client = env.client();
});
afterAll(async () => {
  // Every error text and log line of the suite, searched for the literal secrets.
  const text = env.logs.map((l) => JSON.stringify(l)).join("\n");
  expect(leaks(text, env.secrets())).toEqual([]);
  await env.close();
});

const creds = () => ({ ...env.emu.seed.auth0 });

describe("every Auth0 route over HTTP", () => {
  it("create (org-level), get by id, get by name, list, available, update, delete", async () => {
    const name = uniqueName("org");
    const created = await client.createAuth0Connection({ name, description: "first", credentials: creds() });
    expect(created).toMatchObject({
      name,
      description: "first",
      projectId: null,
      app: "auth0",
      method: "client-credentials",
      version: 1,
      credentials: { domain: creds().domain, clientId: creds().clientId, audience: creds().audience },
    });
    expect(created.credentials).not.toHaveProperty("clientSecret");
    expect(created.credentialsHash).toMatch(/^[0-9a-f]{64}$/);

    expect(await client.getAuth0Connection(created.id)).toEqual(created);
    expect(await client.getAuth0ConnectionByName(name)).toEqual(created);

    const list = await client.listAuth0Connections();
    const item = list.find((c) => c.id === created.id);
    expect(item).toMatchObject({ name, project: null });

    const available = await client.listAvailableAuth0Connections();
    expect(available).toContainEqual({ app: "auth0", name, id: created.id, projectId: null, orgId: created.orgId });

    const renamed = await client.updateAuth0Connection(created.id, { name: `${name}-x`, description: null });
    expect(renamed).toMatchObject({ id: created.id, name: `${name}-x`, description: null });
    expect(renamed.credentialsHash).toBe(created.credentialsHash);

    const recredentialed = await client.updateAuth0Connection(created.id, { credentials: creds() });
    expect(recredentialed.credentialsHash).not.toBe(created.credentialsHash);

    const deleted = await client.deleteAuth0Connection(created.id);
    expect(deleted.id).toBe(created.id);
    const gone = await rejection(() => client.getAuth0Connection(created.id));
    expect(gone).toBeInstanceOf(InfisicalApiError);
    expect(gone).toMatchObject({ status: 404, error: "NotFound" });
  });

  it("project-level connections: create, list and get by name with projectId", async () => {
    const projectId = env.emu.seed.projectId;
    const name = uniqueName("proj");
    const created = await client.createAuth0Connection({ name, projectId, credentials: creds() });
    expect(created.projectId).toBe(projectId);

    const inProject = await client.listAuth0Connections({ projectId });
    expect(inProject.find((c) => c.id === created.id)?.project).toMatchObject({ id: projectId });
    expect((await client.listAvailableAuth0Connections({ projectId })).map((c) => c.id)).toContain(created.id);
    expect((await client.getAuth0ConnectionByName(name, { projectId })).id).toBe(created.id);

    // Without projectId, get-by-name searches org-level connections only (as the server does).
    const orgScope = await rejection(() => client.getAuth0ConnectionByName(name));
    expect(orgScope).toMatchObject({ status: 404, error: "NotFound" });
    expect(orgScope.message).toContain("organization scope");
  });

  it("encodes path parameters", async () => {
    const err = await rejection(() => client.getAuth0ConnectionByName("a/b?c=d#e"));
    // Encoded, the whole string reaches the by-name route as one segment: a 404 naming it, not a routing error.
    expect(err).toMatchObject({ status: 404, error: "NotFound" });
    expect(err.message).toContain("a/b?c=d#e");
    const byId = await rejection(() => client.getAuth0Connection("../options"));
    expect(byId).toMatchObject({ status: 422 });
    const log = await env.emu.admin.requests();
    expect(log.some((r) => r.path.endsWith("/connection-name/a%2Fb%3Fc%3Dd%23e"))).toBe(true);
  });

  it("GET /options includes Auth0", async () => {
    const options = await client.getAppConnectionOptions();
    expect(options).toContainEqual(
      expect.objectContaining({ name: "Auth0", app: "auth0", methods: ["client-credentials"] }),
    );
  });
});

describe("every error row of the API facts", () => {
  it("422 ValidationFailure with dotted field paths", async () => {
    const err = await rejection(() =>
      client.createAuth0Connection({
        name: "Bad Name",
        credentials: { ...creds(), audience: "not a url", domain: " " },
      }),
    );
    expect(err).toBeInstanceOf(InfisicalApiError);
    expect(err).toMatchObject({ status: 422, error: "ValidationFailure", kind: "http", retryable: false });
    const fields = (err as unknown as InfisicalApiError).fieldErrors ?? [];
    expect(fields.map((f) => f.path).sort()).toEqual(["credentials.audience", "credentials.domain", "name"]);
    expect(err.message).toMatch(/credentials\.audience: /);
    expect(String(err.reqId)).toMatch(/^req-/);
  });

  it("422 for a non-uuid id (params) and a bad update body", async () => {
    expect(await rejection(() => client.getAuth0Connection("not-a-uuid"))).toMatchObject({ status: 422 });
    const c = await client.createAuth0Connection({ name: uniqueName("upd"), credentials: creds() });
    const err = await rejection(() => client.updateAuth0Connection(c.id, { description: "x".repeat(257) }));
    expect(err).toMatchObject({ status: 422, fieldErrors: [{ path: "description", message: expect.any(String) }] });
  });

  it("400 duplicate name (never 409), also across apps", async () => {
    const name = uniqueName("dup");
    await client.createAuth0Connection({ name, credentials: creds() });
    const err = await rejection(() => client.createAuth0Connection({ name, credentials: creds() }));
    expect(err).toMatchObject({
      status: 400,
      error: "BadRequest",
      message: `An App Connection with the name "${name}" already exists`,
    });
    const aws = uniqueName("aws");
    await env.emu.admin.addConnection({ app: "aws", name: aws });
    expect(await rejection(() => client.createAuth0Connection({ name: aws, credentials: creds() }))).toMatchObject({
      status: 400,
    });
  });

  it("400 when the Auth0 check fails, with no secret in the message", async () => {
    const err = await rejection(() =>
      client.createAuth0Connection({
        name: uniqueName("bad"),
        credentials: { ...creds(), clientSecret: "zz-wrong-secret-value" },
      }),
    );
    expect(err).toMatchObject({ status: 400, error: "BadRequest", message: "Request failed with status code 401" });
    expect(leaks(err.message, ["zz-wrong-secret-value", ...env.secrets()])).toEqual([]);
  });

  it("400 for an unknown project", async () => {
    const err = await rejection(() =>
      client.createAuth0Connection({ name: uniqueName("np"), projectId: "nope", credentials: creds() }),
    );
    expect(err).toMatchObject({ status: 400, message: "Could not find project with ID nope" });
  });

  it("400 for the id of another app's connection", async () => {
    const { id } = await env.emu.admin.addConnection({ app: "aws", name: uniqueName("aws") });
    const err = await rejection(() => client.getAuth0Connection(id));
    expect(err).toMatchObject({ status: 400, message: `App Connection with ID ${id} is not for App "auth0"` });
  });

  it("400 when deleting a connection in use", async () => {
    const c = await client.createAuth0Connection({ name: uniqueName("used"), credentials: creds() });
    await env.emu.admin.markInUse(c.id);
    const err = await rejection(() => client.deleteAuth0Connection(c.id));
    expect(err).toMatchObject({ status: 400, error: "BadRequest" });
    expect(err.message).toMatch(/Cannot delete App Connection with existing connections/);
  });

  it("404 for an unknown id", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const err = await rejection(() => client.deleteAuth0Connection(id));
    expect(err).toMatchObject({
      status: 404,
      error: "NotFound",
      message: `Could not find App Connection with ID ${id}`,
    });
    expect((err as unknown as InfisicalApiError).isNotFound).toBe(true);
  });

  it("404 for an unknown name, in project scope", async () => {
    const err = await rejection(() =>
      client.getAuth0ConnectionByName("missing", { projectId: env.emu.seed.projectId }),
    );
    expect(err.message).toBe("Could not find App Connection with name missing in project scope.");
  });

  it("403 PermissionDenied is an error, not a re-login", async () => {
    await client.listAuth0Connections();
    const before = await env.emu.admin.loginCount();
    await env.emu.admin.injectFault({
      path: "/api/v1/app-connections/auth0",
      method: "POST",
      fault: {
        kind: "status",
        status: 403,
        error: "PermissionDenied",
        message: "You are not allowed to create on app-connections",
      },
    });
    const err = await rejection(() => client.createAuth0Connection({ name: uniqueName("perm"), credentials: creds() }));
    expect(err).toMatchObject({
      status: 403,
      error: "PermissionDenied",
      message: "You are not allowed to create on app-connections",
    });
    expect(await env.emu.admin.loginCount()).toBe(before);
  });

  it("403 for a service token, with the server's words", async () => {
    const st = env.client({ token: "st.not-a-machine-identity-token" });
    const err = await rejection(() => st.listAuth0Connections());
    expect(err).toMatchObject({ status: 403, message: "You are not allowed to access this resource" });
  });

  it("a 2xx answer missing a required field is an error naming the field", async () => {
    const { buildParsers } = await import("../../provider/infisical/schemas");
    const p = buildParsers();
    const c = await client.createAuth0Connection({ name: uniqueName("shape"), credentials: creds() });
    const extra = { ...c, isAutoRotationEnabled: false, gatewayPoolId: null };
    expect(p.connection({ appConnection: extra }, "GET x")).toEqual(c);
    const { audience: _a, ...credsNoAudience } = c.credentials;
    const err = await rejection(async () =>
      p.connection({ appConnection: { ...c, credentials: credsNoAudience } }, "GET x"),
    );
    expect(err).toMatchObject({ kind: "invalid-response" });
    expect(err.message).toContain("appConnection.credentials.audience: missing");
  });
});
