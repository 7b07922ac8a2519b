import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InfisicalApiError, type InfisicalClient } from "../../provider/infisical";
import { FakeClock, leaks, rejection, startEnv, uniqueName, type TestEnv } from "./harness";

let env: TestEnv;
const AUTH0 = "/api/v1/app-connections/auth0";
const LOOKUP = `${AUTH0}/connection-name/*`;

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
    const clock = new FakeClock();
    const client = env.client({ clock, random: () => 0 });
    const c = await created(client);
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${AUTH0}/${c.id}`,
      fault: { kind: "rateLimit", retryAfterSeconds: 1, resetSeconds: 3 },
    });
    expect((await client.getAuth0Connection(c.id)).id).toBe(c.id);
    // retry-after (1 s) wins over x-ratelimit-reset (3 s); jitter is added, never subtracted (random 0: none).
    expect(clock.sleeps).toEqual([1_000]);
    const retry = env.logs.filter((l) => l.msg === "infisical retry" && l.fields?.reason === "429").at(-1);
    expect(retry?.fields?.wait).toBe(1_000);
  });

  it("falls back to x-ratelimit-reset when retry-after is absent", async () => {
    const clock = new FakeClock();
    const client = env.client({ clock, random: () => 0.5 });
    await env.emu.admin.injectFault({
      method: "GET",
      path: AUTH0,
      fault: { kind: "rateLimit", omitRetryAfter: true, resetSeconds: 2 },
    });
    await client.listAuth0Connections();
    // 2 s plus half of the jitter span (min(1000, 50 + 10% of 2 s) = 250 ms).
    expect(clock.sleeps).toEqual([2_125]);
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
    const clock = new FakeClock();
    const client = env.client({ clock, random: () => 1 });
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
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it("gives up after maxRetries with the last error, saying how hard it tried", async () => {
    const client = env.client({ maxRetries: 2, random: () => 0 });
    await env.emu.admin.injectFault({ method: "GET", path: AUTH0, count: 10, fault: { kind: "status", status: 502 } });
    const err = await rejection(() => client.listAuth0Connections());
    expect(err).toMatchObject({ status: 502, retryable: true, attempts: 3, elapsedMs: 375 });
    expect(err.message).toMatch(/; gave up after 3 attempts over 375 ms$/);
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
    // Real time here: the timeout is the transport's own, against the emulator's real delay.
    const client = env.client({ requestTimeoutMs: 300 });
    await env.emu.admin.injectFault({ method: "GET", path: AUTH0, fault: { kind: "delay", ms: 1_000 } });
    await client.listAuth0Connections();
    const timedOut = env.logs.find((l) => l.msg === "infisical request failed" && l.fields?.code === "TimeoutError");
    expect(timedOut).toBeDefined();
  });

  it("a timeout that persists becomes a timeout error", async () => {
    const client = env.client({ requestTimeoutMs: 300, maxRetries: 1, random: () => 0 });
    await env.emu.admin.injectFault({ method: "GET", path: AUTH0, count: 2, fault: { kind: "delay", ms: 800 } });
    const err = await rejection(() => client.listAuth0Connections());
    expect(err).toMatchObject({ kind: "timeout", status: 0, retryable: true, attempts: 2 });
    expect(err.message).toBe(
      `Could not complete GET ${AUTH0} at ${env.emu.url}: request timeout (TimeoutError); gave up after 2 attempts over 125 ms`,
    );
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
    const client = env.client({ requestTimeoutMs: 300 });
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "delay", ms: 800 } });
    const name = uniqueName("pslow");
    const c = await client.createAuth0Connection({ name, credentials: creds() });
    expect(c.name).toBe(name);
    // Let the slow first POST finish on the server too (the emulator's delay is real time).
    await new Promise((r) => setTimeout(r, 900));
    expect(await named(name)).toHaveLength(1);
  });

  it("the look-up has the retry budget of any GET: 503s on it, then recovery, finds the connection", async () => {
    const client = env.client({ random: () => 0 });
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "commitThenDrop" } });
    await env.emu.admin.injectFault({ method: "GET", path: LOOKUP, count: 4, fault: { kind: "status", status: 503 } });
    const name = uniqueName("ctd503");
    const c = await client.createAuth0Connection({ name, credentials: creds() });
    expect(c.name).toBe(name);
    // (The emulator logs a commit-then-drop as the 200 it committed; the client saw the connection drop.)
    expect((await attemptsOf("POST", AUTH0)).map((r) => r.status)).toEqual([200]);
    expect((await attemptsOf("GET", LOOKUP.slice(0, -1))).map((r) => r.status)).toEqual([503, 503, 503, 503, 200]);
    expect(await named(name)).toHaveLength(1);
  });

  it("a look-up that fails past its budget: create-outcome-unknown, naming the connection and its scope", async () => {
    const client = env.client({ maxRetries: 2, random: () => 0 });
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "commitThenDrop" } });
    await env.emu.admin.injectFault({ method: "GET", path: LOOKUP, count: 50, fault: { kind: "status", status: 503 } });
    const name = uniqueName("unknown");
    const projectId = env.emu.seed.projectId;
    const err = (await rejection(() =>
      client.createAuth0Connection({ name, projectId, credentials: creds() }),
    )) as unknown as InfisicalApiError;
    expect(err).toBeInstanceOf(InfisicalApiError);
    expect(err).toMatchObject({ reason: "create-outcome-unknown", params: { name, projectId }, method: "POST" });
    expect(err.message).toBe(
      `The create of App Connection "${name}" in project ${projectId} may or may not have happened: its answer ` +
        "was lost (the connection was closed before an answer arrived (UND_ERR_SOCKET)) and looking it up by name " +
        "failed too (Something went wrong; gave up after 3 attempts over 375 ms). The connection MAY exist in " +
        "Infisical.",
    );
    expect((err.cause as InfisicalApiError).status).toBe(503);
    // It did happen: exactly one POST, one connection.
    expect(await attemptsOf("POST", AUTH0)).toHaveLength(1);
    expect(await named(name)).toHaveLength(1);
    expect(leaks(err.message, env.secrets())).toEqual([]);
  });

  it("a repeat refused as a duplicate is looked up again: it clashed with our own earlier attempt", async () => {
    const client = env.client();
    const name = uniqueName("dupown");
    // The first POST commits but its answer is lost; the look-up does not see it yet (a lagging read), so the
    // POST is repeated and refused as a duplicate of... our own first attempt.
    await env.emu.admin.injectFault({ method: "POST", path: AUTH0, fault: { kind: "commitThenDrop" } });
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${AUTH0}/connection-name/${name}`,
      fault: {
        kind: "status",
        status: 404,
        error: "NotFound",
        message: `Could not find App Connection with name ${name} in organization scope.`,
      },
    });
    const c = await client.createAuth0Connection({ name, credentials: creds() });
    expect(c.name).toBe(name);
    expect((await attemptsOf("POST", AUTH0)).map((r) => r.status)).toEqual([200, 400]);
    expect((await attemptsOf("GET", `${AUTH0}/connection-name/${name}`)).map((r) => r.status)).toEqual([404, 200]);
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
