import { beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { AUTH0, REQ_ID, api, createBody, createConnection, useEmulatorWithToken } from "./helpers";

describe("emulator fault injection and request log", () => {
  let em: RunningEmulator;
  let token: string;

  useEmulatorWithToken((started) => ({ em, token } = started));
  beforeEach(async () => {
    await em.admin.clearFaults();
    await em.admin.clearRequests();
  });

  it("answers a status fault with Infisical's envelope for the next N matching requests", async () => {
    await em.admin.injectFault({ method: "GET", path: AUTH0, count: 2, fault: { kind: "status", status: 503 } });
    for (let i = 0; i < 2; i += 1) {
      const res = await api(em.url, "GET", AUTH0, { token });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        statusCode: 503,
        error: "InternalServerError",
        message: "Something went wrong",
      });
      expect(res.body.reqId).toMatch(REQ_ID);
    }
    expect((await api(em.url, "GET", AUTH0, { token })).status).toBe(200);
  });

  it("matches method and path prefixes, and takes custom error/message", async () => {
    await em.admin.injectFault({
      method: "POST",
      path: `${AUTH0}*`,
      fault: { kind: "status", status: 500, error: "Custom", message: "boom" },
    });
    expect((await api(em.url, "GET", AUTH0, { token })).status).toBe(200);
    const res = await api(em.url, "POST", AUTH0, { token, body: createBody(em, "prefix-hit") });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: "Custom", message: "boom" });
    expect((await em.admin.connections()).some((c) => c.name === "prefix-hit")).toBe(false);
  });

  it("injects a 429 with retry-after, or with only x-ratelimit-reset", async () => {
    await em.admin.injectFault({ path: AUTH0, fault: { kind: "rateLimit", retryAfterSeconds: 7 } });
    const first = await api(em.url, "GET", AUTH0, { token });
    expect(first.status).toBe(429);
    expect(first.headers["retry-after"]).toBe("7");
    expect(first.body).toMatchObject({ error: "RateLimitExceeded", statusCode: 429 });
    await em.admin.injectFault({ path: AUTH0, fault: { kind: "rateLimit", resetSeconds: 3, omitRetryAfter: true } });
    const second = await api(em.url, "GET", AUTH0, { token });
    expect(second.status).toBe(429);
    expect(second.headers["retry-after"]).toBeUndefined();
    expect(second.headers["x-ratelimit-reset"]).toBe("3");
  });

  it("delays a request and then handles it", async () => {
    await em.admin.injectFault({ path: AUTH0, fault: { kind: "delay", ms: 400 } });
    const started = Date.now();
    const res = await api(em.url, "GET", AUTH0, { token });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it("drops the connection without running the handler", async () => {
    await em.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "drop" } });
    await expect(api(em.url, "POST", AUTH0, { token, body: createBody(em, "dropped") })).rejects.toThrow();
    expect((await em.admin.connections()).some((c) => c.name === "dropped")).toBe(false);
    const log = await em.admin.requests();
    expect(log).toEqual([expect.objectContaining({ method: "POST", path: AUTH0, status: 0 })]);
    expect(log[0]?.bodyKeys).toEqual(["name", "method", "credentials"]);
  });

  it("commits the write, then drops the connection (commitThenDrop)", async () => {
    await em.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "commitThenDrop" } });
    await expect(api(em.url, "POST", AUTH0, { token, body: createBody(em, "committed") })).rejects.toThrow();
    expect((await em.admin.connections()).some((c) => c.name === "committed")).toBe(true);
    // A retry sees the duplicate, as against the real server.
    const retry = await api(em.url, "POST", AUTH0, { token, body: createBody(em, "committed") });
    expect(retry.status).toBe(400);
    expect(retry.body.message).toBe('An App Connection with the name "committed" already exists');
  });

  it("clears faults", async () => {
    await em.admin.injectFault({ fault: { kind: "status", status: 500 }, count: 5 });
    await em.admin.clearFaults();
    expect((await api(em.url, "GET", AUTH0, { token })).status).toBe(200);
  });

  it("logs method, path, query, status and body keys but never values", async () => {
    const created = await createConnection(em, token, "logged");
    await api(em.url, "PATCH", `${AUTH0}/${created.id}/`, { token, body: { description: "d" } });
    await api(em.url, "PATCH", `${AUTH0}/${created.id}`, { token, body: { credentials: { ...em.seed.auth0 } } });
    await api(em.url, "GET", `${AUTH0}?projectId=${em.seed.projectId}`, { token });
    const log = await em.admin.requests();
    expect(log.map((e) => `${e.method} ${e.path} ${e.status} ${e.bodyKeys.join(",")}`)).toEqual([
      `POST ${AUTH0} 200 name,method,credentials`,
      `PATCH ${AUTH0}/${created.id} 200 description`,
      `PATCH ${AUTH0}/${created.id} 200 credentials`,
      `GET ${AUTH0} 200 `,
    ]);
    expect(log[3]?.query).toEqual({ projectId: em.seed.projectId });
    expect(JSON.stringify(log)).not.toContain(em.seed.auth0.clientSecret);
    expect(JSON.stringify(log)).not.toContain(token);
    await em.admin.clearRequests();
    expect(await em.admin.requests()).toEqual([]);
  });

  it("rejects a malformed fault rule on the admin surface", async () => {
    await expect(em.admin.injectFault({ fault: { kind: "nope" } } as never)).rejects.toThrow(/400|422/);
  });

  // One normalised path for routing, faults, the admin check and the log.
  it("treats an encoded admin path as admin: served, never logged as an API call", async () => {
    const seed = await api(em.url, "GET", "/%5F%5Femulator/seed");
    expect(seed.status).toBe(200);
    expect(seed.body.orgId).toBe(em.seed.orgId);
    expect((await api(em.url, "GET", "/api/v1/../../__emulator/./seed/")).status).toBe(200);
    expect(await em.admin.requests()).toEqual([]);
  });

  it("matches faults and logs by the normalised path", async () => {
    await em.admin.injectFault({ method: "GET", path: `${AUTH0}/`, fault: { kind: "status", status: 503 } });
    const res = await api(em.url, "GET", "/api/v1//app-connections/./%61uth0/?projectId=x", { token });
    expect(res.status).toBe(503);
    expect((await api(em.url, "GET", "/api/v1/app-connections/x/../auth0", { token })).status).toBe(200);
    const log = await em.admin.requests();
    expect(log.map((e) => `${e.path} ${e.status}`)).toEqual([`${AUTH0} 503`, `${AUTH0} 200`]);
    expect(log[0]?.query).toEqual({ projectId: "x" });
  });

  it("keeps an encoded slash inside its segment", async () => {
    const res = await api(em.url, "GET", `${AUTH0}/connection-name/a%2Fb`, { token });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Could not find App Connection with name a/b in organization scope.");
  });
});
