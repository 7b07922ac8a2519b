import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InfisicalClient, resolveSettings, type InfisicalApiError } from "../../provider/infisical";
import { leaks, rejection, startEnv, uniqueName, type TestEnv } from "./harness";

let env: TestEnv;
const AUTH0 = "/api/v1/app-connections/auth0";

beforeAll(async () => {
  env = await startEnv();
});
beforeEach(async () => {
  await env.emu.admin.clearFaults();
  await env.emu.admin.clearRequests();
});
afterAll(async () => {
  expect(leaks(env.logs.map((l) => JSON.stringify(l)).join("\n"), env.secrets())).toEqual([]);
  await env.close();
});

const creds = () => ({ ...env.emu.seed.auth0 });
const attemptsOf = async (method: string, pathPrefix: string) =>
  (await env.emu.admin.requests()).filter((r) => r.method === method && r.path.startsWith(pathPrefix));

async function created(client: InfisicalClient) {
  return client.createAuth0Connection({ name: uniqueName("r"), credentials: creds() });
}

describe("429", () => {
  it("honours retry-after", async () => {
    const client = env.client({ maxRetryDelayMs: 5_000 });
    const c = await created(client);
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${AUTH0}/${c.id}`,
      fault: { kind: "rateLimit", retryAfterSeconds: 1, resetSeconds: 3 },
    });
    const started = Date.now();
    expect((await client.getAuth0Connection(c.id)).id).toBe(c.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const retry = env.logs.filter((l) => l.msg === "infisical retry" && l.fields?.reason === "429").at(-1);
    expect(Number(retry?.fields?.wait)).toBeGreaterThanOrEqual(1_000);
    expect(Number(retry?.fields?.wait)).toBeLessThan(3_000);
  });

  it("falls back to x-ratelimit-reset when retry-after is absent", async () => {
    const client = env.client({ maxRetryDelayMs: 5_000 });
    await env.emu.admin.injectFault({
      method: "GET",
      path: AUTH0,
      fault: { kind: "rateLimit", omitRetryAfter: true, resetSeconds: 1 },
    });
    const started = Date.now();
    await client.listAuth0Connections();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(await attemptsOf("GET", AUTH0)).toHaveLength(2);
  });

  it("repeats a POST answered 429 (it was not processed)", async () => {
    const client = env.client();
    await env.emu.admin.injectFault({
      method: "POST",
      path: AUTH0,
      fault: { kind: "rateLimit", retryAfterSeconds: 0 },
    });
    const name = uniqueName("p429");
    await client.createAuth0Connection({ name, credentials: creds() });
    expect((await attemptsOf("POST", AUTH0)).map((r) => r.status)).toEqual([429, 200]);
    // No look-up by name was needed.
    expect(await attemptsOf("GET", `${AUTH0}/connection-name`)).toHaveLength(0);
  });
});

describe("5xx and network failures on GET, PATCH, DELETE", () => {
  it.each(["GET", "PATCH", "DELETE"] as const)("retries %s after 5xx with backoff", async (method) => {
    const client = env.client();
    const c = await created(client);
    await env.emu.admin.injectFault({
      method,
      path: `${AUTH0}/${c.id}`,
      count: 2,
      fault: { kind: "status", status: 503 },
    });
    if (method === "GET") await client.getAuth0Connection(c.id);
    if (method === "PATCH") await client.updateAuth0Connection(c.id, { description: "d" });
    if (method === "DELETE") await client.deleteAuth0Connection(c.id);
    expect((await attemptsOf(method, `${AUTH0}/${c.id}`)).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("gives up after maxRetries with the last error", async () => {
    const client = env.client({ maxRetries: 2 });
    await env.emu.admin.injectFault({ method: "GET", path: AUTH0, count: 10, fault: { kind: "status", status: 502 } });
    const err = await rejection(() => client.listAuth0Connections());
    expect(err).toMatchObject({ status: 502, retryable: true });
    expect(await attemptsOf("GET", AUTH0)).toHaveLength(3);
  });

  it("retries a dropped connection", async () => {
    const client = env.client();
    await env.emu.admin.injectFault({ method: "GET", path: AUTH0, fault: { kind: "drop" } });
    await client.listAuth0Connections();
    const attempts = await attemptsOf("GET", AUTH0);
    expect(attempts.map((r) => r.status)).toEqual([0, 200]);
  });

  it("times out a request that takes longer than requestTimeoutMs, then retries it", async () => {
    const client = env.client({ requestTimeoutMs: 1_000 });
    await env.emu.admin.injectFault({ method: "GET", path: AUTH0, fault: { kind: "delay", ms: 3_000 } });
    await client.listAuth0Connections();
    const timedOut = env.logs.find((l) => l.msg === "infisical request failed" && l.fields?.code === "TimeoutError");
    expect(timedOut).toBeDefined();
  });

  it("a timeout that persists becomes a timeout error", async () => {
    const client = env.client({ requestTimeoutMs: 300, maxRetries: 1 });
    await env.emu.admin.injectFault({ method: "GET", path: AUTH0, count: 2, fault: { kind: "delay", ms: 1_500 } });
    const err = await rejection(() => client.listAuth0Connections());
    expect(err).toMatchObject({ kind: "timeout", status: 0, retryable: true });
    expect(err.message).toMatch(/request timeout/);
  });

  it("a host where nothing listens becomes a network error with a clear message", async () => {
    const client = new InfisicalClient(
      resolveSettings(
        { host: "http://127.0.0.1:1", token: "zz-token-value-123", maxRetries: 1, maxRetryDelayMs: 50 },
        {},
      ),
    );
    const err = await rejection(() => client.listAuth0Connections());
    await client.close();
    expect(err).toMatchObject({ kind: "network", status: 0, code: "ECONNREFUSED" });
    expect(err.message).toBe(
      "Could not complete GET /api/v1/app-connections/auth0 at http://127.0.0.1:1: connection refused (ECONNREFUSED)",
    );
    expect(err.message).not.toContain("zz-token-value-123");
  });
});

describe("create whose outcome is unknown", () => {
  const named = async (name: string) => (await env.emu.admin.connections()).filter((c) => c.name === name);

  it("commitThenDrop: finds the committed connection by name instead of creating a second", async () => {
    const client = env.client();
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "commitThenDrop" } });
    const name = uniqueName("ctd");
    const c = await client.createAuth0Connection({ name, description: "once", credentials: creds() });
    expect(c).toMatchObject({ name, description: "once" });
    expect(await named(name)).toHaveLength(1);
    expect(await attemptsOf("POST", AUTH0)).toHaveLength(1);
  });

  it("commitThenDrop with maxRetries 0: still looks before reporting a failure", async () => {
    const client = env.client({ maxRetries: 0 });
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "commitThenDrop" } });
    const name = uniqueName("ctd0");
    expect((await client.createAuth0Connection({ name, credentials: creds() })).name).toBe(name);
    expect(await named(name)).toHaveLength(1);
  });

  it("commitThenDrop in a project: looks up by name with the same projectId", async () => {
    const client = env.client();
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "commitThenDrop" } });
    const name = uniqueName("ctdp");
    const c = await client.createAuth0Connection({ name, projectId: env.emu.seed.projectId, credentials: creds() });
    expect(c.projectId).toBe(env.emu.seed.projectId);
    expect(await named(name)).toHaveLength(1);
    const lookups = await attemptsOf("GET", `${AUTH0}/connection-name/${name}`);
    expect(lookups[0]?.query).toEqual({ projectId: env.emu.seed.projectId });
  });

  it("5xx on POST: nothing was created, so it is sent again", async () => {
    const client = env.client();
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "status", status: 500 } });
    const name = uniqueName("p500");
    await client.createAuth0Connection({ name, credentials: creds() });
    expect((await attemptsOf("POST", AUTH0)).map((r) => r.status)).toEqual([500, 200]);
    expect((await attemptsOf("GET", `${AUTH0}/connection-name/${name}`)).map((r) => r.status)).toEqual([404]);
    expect(await named(name)).toHaveLength(1);
  });

  it("a dropped POST (not processed) is sent again after the look-up", async () => {
    const client = env.client();
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "drop" } });
    const name = uniqueName("pdrop");
    await client.createAuth0Connection({ name, credentials: creds() });
    expect(await named(name)).toHaveLength(1);
  });

  it("a POST slower than the timeout does not end in a duplicate", async () => {
    const client = env.client({ requestTimeoutMs: 1_000 });
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "delay", ms: 2_500 } });
    const name = uniqueName("pslow");
    const c = await client.createAuth0Connection({ name, credentials: creds() });
    expect(c.name).toBe(name);
    // Let the slow first POST finish on the server too.
    await new Promise((r) => setTimeout(r, 2_700));
    expect(await named(name)).toHaveLength(1);
  });

  it("same name with other credentials already there: the duplicate-name error, no second POST", async () => {
    const client = env.client();
    const name = uniqueName("clash");
    await env.emu.admin.addConnection({
      app: "auth0",
      name,
      credentials: {
        domain: "other.auth0.com",
        clientId: "other",
        clientSecret: "zz-other-secret",
        audience: "https://other/",
      },
    });
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "status", status: 502 } });
    const err = await rejection(() => client.createAuth0Connection({ name, credentials: creds() }));
    expect(err).toMatchObject({
      status: 400,
      error: "BadRequest",
      message: `An App Connection with the name "${name}" already exists`,
    });
    expect(await attemptsOf("POST", AUTH0)).toHaveLength(1);
    expect(leaks(err.message, [...env.secrets(), "zz-other-secret"])).toEqual([]);
  });

  it("gives up after maxRetries when the POST keeps failing", async () => {
    const client = env.client({ maxRetries: 2 });
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, count: 10, fault: { kind: "status", status: 500 } });
    const err = (await rejection(() =>
      client.createAuth0Connection({ name: uniqueName("gu"), credentials: creds() }),
    )) as unknown as InfisicalApiError;
    expect(err.status).toBe(500);
    expect(await attemptsOf("POST", AUTH0)).toHaveLength(3);
  });
});
