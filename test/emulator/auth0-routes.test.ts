import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { AUTH0, REQ_ID, api, createBody, createConnection, startWithToken, useEmulatorWithToken } from "./helpers";

describe("emulator Auth0 connection routes", () => {
  let em: RunningEmulator;
  let token: string;

  useEmulatorWithToken((started) => ({ em, token } = started));

  it("creates with 200 and returns the connection without secret nor project key", async () => {
    const res = await api(em.url, "POST", AUTH0, {
      token,
      body: createBody(em, "create-shape", { description: "  trimmed  " }),
    });
    expect(res.status).toBe(200);
    const c = res.body.appConnection;
    expect(c).toMatchObject({
      name: "create-shape",
      description: "trimmed",
      version: 1,
      orgId: em.seed.orgId,
      projectId: null,
      isPlatformManagedCredentials: false,
      gatewayId: null,
      app: "auth0",
      method: "client-credentials",
      credentials: { domain: em.seed.auth0.domain, clientId: em.seed.auth0.clientId, audience: em.seed.auth0.audience },
    });
    expect(Object.keys(c.credentials).sort()).toEqual(["audience", "clientId", "domain"]);
    expect(c).not.toHaveProperty("project");
    expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.credentialsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.text).not.toContain(em.seed.auth0.clientSecret);
  });

  it("gets by id, 404s an unknown id and 422s a non-uuid", async () => {
    const created = await createConnection(em, token, "get-by-id");
    const got = await api(em.url, "GET", `${AUTH0}/${created.id}`, { token });
    expect(got.status).toBe(200);
    expect(got.body.appConnection).toEqual(created);
    const missing = "00000000-0000-4000-8000-000000000000";
    const unknown = await api(em.url, "GET", `${AUTH0}/${missing}`, { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      statusCode: 404,
      error: "NotFound",
      message: `Could not find App Connection with ID ${missing}`,
    });
    expect(unknown.body.reqId).toMatch(REQ_ID);
    const bad = await api(em.url, "GET", `${AUTH0}/not-a-uuid`, { token });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe("ValidationFailure");
    expect(bad.body.message[0].path).toEqual(["connectionId"]);
  });

  it("ignores trailing slashes", async () => {
    const created = await createConnection(em, token, "trailing-slash");
    expect((await api(em.url, "GET", `${AUTH0}/${created.id}/`, { token })).status).toBe(200);
    expect((await api(em.url, "GET", `${AUTH0}/`, { token })).status).toBe(200);
  });

  it("gets by name in org scope by default and in project scope with ?projectId", async () => {
    const org = await createConnection(em, token, "scoped-name");
    const proj = await createConnection(em, token, "scoped-name", { projectId: em.seed.projectId });
    expect(proj.projectId).toBe(em.seed.projectId);
    const byOrg = await api(em.url, "GET", `${AUTH0}/connection-name/scoped-name`, { token });
    expect(byOrg.body.appConnection.id).toBe(org.id);
    expect(byOrg.body.appConnection).not.toHaveProperty("project");
    const byProj = await api(em.url, "GET", `${AUTH0}/connection-name/scoped-name?projectId=${em.seed.projectId}`, {
      token,
    });
    expect(byProj.body.appConnection.id).toBe(proj.id);

    const onlyProj = await createConnection(em, token, "project-only", { projectId: em.seed.projectId });
    const notInOrg = await api(em.url, "GET", `${AUTH0}/connection-name/project-only`, { token });
    expect(notInOrg.status).toBe(404);
    expect(notInOrg.body.message).toBe("Could not find App Connection with name project-only in organization scope.");
    const notInProj = await api(em.url, "GET", `${AUTH0}/connection-name/nope?projectId=${em.seed.projectId}`, {
      token,
    });
    expect(notInProj.status).toBe(404);
    expect(notInProj.body.message).toBe("Could not find App Connection with name nope in project scope.");
    expect(onlyProj.id).toBeTruthy();
  });

  it("lists every Auth0 connection of the org sorted by lowercased name, with project objects", async () => {
    const { em: fresh, token: t } = await startWithToken();
    try {
      await createConnection(fresh, t, "zeta");
      await createConnection(fresh, t, "alpha", { projectId: fresh.seed.projectId });
      await createConnection(fresh, t, "mid-1");
      await fresh.admin.addConnection({
        app: "aws",
        name: "aws-one",
        credentials: { accessKeyId: "AKIA", secretAccessKey: "s" },
      });
      const all = await api(fresh.url, "GET", AUTH0, { token: t });
      expect(all.body.appConnections.map((c: { name: string }) => c.name)).toEqual(["alpha", "mid-1", "zeta"]);
      const alpha = all.body.appConnections[0];
      expect(alpha.project).toEqual({
        id: fresh.seed.projectId,
        name: "Emulator Project",
        slug: "emulator-project",
        type: "secret-manager",
      });
      expect(all.body.appConnections[1].project).toBeNull();
      const inProject = await api(fresh.url, "GET", `${AUTH0}?projectId=${fresh.seed.projectId}`, { token: t });
      expect(inProject.body.appConnections.map((c: { name: string }) => c.name)).toEqual(["alpha"]);

      const available = await api(fresh.url, "GET", `${AUTH0}/available`, { token: t });
      expect(available.body.appConnections).toEqual([
        expect.objectContaining({ app: "auth0", name: "mid-1", projectId: null, orgId: fresh.seed.orgId }),
        expect.objectContaining({ app: "auth0", name: "zeta" }),
      ]);
      expect(Object.keys(available.body.appConnections[0]).sort()).toEqual(["app", "id", "name", "orgId", "projectId"]);
      const availableInProject = await api(fresh.url, "GET", `${AUTH0}/available?projectId=${fresh.seed.projectId}`, {
        token: t,
      });
      expect(availableInProject.body.appConnections.map((c: { name: string }) => c.name)).toEqual([
        "alpha",
        "mid-1",
        "zeta",
      ]);

      const everyApp = await api(fresh.url, "GET", "/api/v1/app-connections", { token: t });
      expect(everyApp.body.appConnections.map((c: { app: string; name: string }) => `${c.app}:${c.name}`)).toEqual([
        "auth0:alpha",
        "aws:aws-one",
        "auth0:mid-1",
        "auth0:zeta",
      ]);
      expect(everyApp.text).not.toContain('"secretAccessKey"');
    } finally {
      await fresh.close();
    }
  });

  it("lists the app options including Auth0", async () => {
    const res = await api(em.url, "GET", "/api/v1/app-connections/options", { token });
    expect(res.status).toBe(200);
    expect(res.body.appConnectionOptions).toContainEqual({
      name: "Auth0",
      app: "auth0",
      methods: ["client-credentials"],
    });
  });

  it("patches name and description, clears the description with null, and strips method/projectId", async () => {
    const created = await createConnection(em, token, "patch-me", { description: "first" });
    const res = await api(em.url, "PATCH", `${AUTH0}/${created.id}`, {
      token,
      body: { name: "patched", description: "second", projectId: em.seed.projectId, method: "other" },
    });
    expect(res.status).toBe(200);
    expect(res.body.appConnection).toMatchObject({
      id: created.id,
      name: "patched",
      description: "second",
      projectId: null,
      method: "client-credentials",
      version: 1,
    });
    expect(res.body.appConnection).not.toHaveProperty("project");
    const cleared = await api(em.url, "PATCH", `${AUTH0}/${created.id}`, { token, body: { description: null } });
    expect(cleared.body.appConnection.description).toBeNull();
    expect(cleared.body.appConnection.name).toBe("patched");
  });

  it("404s a PATCH or DELETE of an unknown id", async () => {
    const missing = "00000000-0000-4000-8000-00000000abcd";
    const patch = await api(em.url, "PATCH", `${AUTH0}/${missing}`, { token, body: { description: "x" } });
    expect(patch.status).toBe(404);
    const del = await api(em.url, "DELETE", `${AUTH0}/${missing}`, { token });
    expect(del.status).toBe(404);
    expect(del.body.message).toBe(`Could not find App Connection with ID ${missing}`);
  });

  it("deletes and returns the deleted record, then 404s it", async () => {
    const created = await createConnection(em, token, "delete-me");
    const del = await api(em.url, "DELETE", `${AUTH0}/${created.id}`, { token });
    expect(del.status).toBe(200);
    expect(del.body.appConnection).toEqual(created);
    expect((await api(em.url, "GET", `${AUTH0}/${created.id}`, { token })).status).toBe(404);
  });

  it("refuses to delete a connection in use", async () => {
    const created = await createConnection(em, token, "in-use");
    await em.admin.markInUse(created.id);
    const del = await api(em.url, "DELETE", `${AUTH0}/${created.id}`, { token });
    expect(del.status).toBe(400);
    expect(del.body).toMatchObject({
      error: "BadRequest",
      message: "Cannot delete App Connection with existing connections. Remove all existing connections and try again.",
    });
    await em.admin.markInUse(created.id, false);
    expect((await api(em.url, "DELETE", `${AUTH0}/${created.id}`, { token })).status).toBe(200);
  });

  it("answers 400 for the id or name of another app's connection", async () => {
    const { id } = await em.admin.addConnection({ app: "aws", name: "aws-conn" });
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { description: "x" }],
      ["DELETE", undefined],
    ] as const) {
      const res = await api(em.url, method, `${AUTH0}/${id}`, { token, body });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(`App Connection with ID ${id} is not for App "auth0"`);
    }
    const byName = await api(em.url, "GET", `${AUTH0}/connection-name/aws-conn`, { token });
    expect(byName.status).toBe(400);
  });

  it("accepts an empty JSON body on DELETE and answers 400 for invalid JSON", async () => {
    const created = await createConnection(em, token, "empty-body-delete");
    const del = await api(em.url, "DELETE", `${AUTH0}/${created.id}`, {
      token,
      rawBody: "",
      headers: { "content-type": "application/json" },
    });
    expect(del.status).toBe(200);
    const bad = await api(em.url, "POST", AUTH0, {
      token,
      rawBody: "{oops",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "BadRequest", statusCode: 400 });
  });

  it("answers 404 with the envelope for an unknown route", async () => {
    const res = await api(em.url, "GET", "/api/v1/nothing-here", { token });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: "NotFound" });
    expect(res.body.reqId).toMatch(REQ_ID);
  });

  it("sees out-of-band edits and deletes made through the admin surface", async () => {
    const created = await createConnection(em, token, "out-of-band");
    await em.admin.editConnection(created.id, { name: "renamed-in-ui", description: "ui" });
    const got = await api(em.url, "GET", `${AUTH0}/${created.id}`, { token });
    expect(got.body.appConnection).toMatchObject({ name: "renamed-in-ui", description: "ui" });
    expect(got.body.appConnection.credentialsHash).toBe(created.credentialsHash);
    const views = await em.admin.connections();
    expect(views.find((v) => v.id === created.id)).toMatchObject({
      app: "auth0",
      name: "renamed-in-ui",
      inUse: false,
      credentials: { domain: em.seed.auth0.domain, clientId: em.seed.auth0.clientId, audience: em.seed.auth0.audience },
    });
    expect(JSON.stringify(views)).not.toContain(em.seed.auth0.clientSecret);
    await em.admin.deleteConnection(created.id);
    expect((await api(em.url, "GET", `${AUTH0}/${created.id}`, { token })).status).toBe(404);
  });
});
