import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { AUTH0, api, createBody, createConnection, startWithToken, useEmulatorWithToken } from "./helpers";
import { startFakeAuth0, type FakeAuth0 } from "./fake-auth0";

/** A raw request with exactly the headers given (undici and fetch set `Host` themselves). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "GET", headers, setHost: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("emulator: the live Auth0 check goes only to loopback hosts, by parsed URL", () => {
  let em: RunningEmulator;
  let token: string;
  const listeners: FakeAuth0[] = [];

  useEmulatorWithToken((started) => ({ em, token } = started));
  afterAll(async () => {
    for (const l of listeners) await l.close();
  });

  const credentialsFor = (domain: string) => ({
    domain,
    clientId: "live-client",
    clientSecret: "secret-that-must-stay-home",
    audience: "https://live.example/api/v2/",
  });

  it("does not send the client secret to the host after `127.0.0.1@` (a user name, not the host)", async () => {
    // A listener the old prefix rule (`startsWith("http://127.0.0.1")`) would have posted the secret to.
    const elsewhere = await startFakeAuth0("127.0.0.2");
    listeners.push(elsewhere);
    for (const domain of [
      `http://127.0.0.1@127.0.0.2:${elsewhere.port}`,
      `http://127.0.0.1@otherhost:${elsewhere.port}`,
    ]) {
      const res = await api(em.url, "POST", AUTH0, {
        token,
        body: { ...createBody(em, "userinfo-host"), credentials: credentialsFor(domain) },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(`getaddrinfo ENOTFOUND ${new URL(domain).hostname}`);
    }
    expect(elsewhere.received).toEqual([]);
  });

  it("does not treat a host that merely starts with 127.0.0.1 as loopback", async () => {
    const lookalike = await startFakeAuth0("127.0.0.10");
    listeners.push(lookalike);
    const res = await api(em.url, "POST", AUTH0, {
      token,
      body: { ...createBody(em, "lookalike-host"), credentials: credentialsFor(lookalike.domain) },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("getaddrinfo ENOTFOUND 127.0.0.10");
    expect(lookalike.received).toEqual([]);
  });

  it("calls a test's Auth0 on 127.0.0.1, localhost and [::1]", async () => {
    const v4 = await startFakeAuth0("127.0.0.1");
    const v6 = await startFakeAuth0("::1");
    listeners.push(v4, v6);
    const domains = [v4.domain, `http://localhost:${v4.port}`, v6.domain];
    for (const [i, domain] of domains.entries()) {
      await createConnection(em, token, `loopback-${i}`, { credentials: credentialsFor(domain) });
    }
    expect(v4.received).toHaveLength(2);
    expect(v6.received).toHaveLength(1);
  });
});

describe("emulator: writes that wait for Auth0 check the row again afterwards", () => {
  let em: RunningEmulator;
  let token: string;
  let fake: FakeAuth0;

  useEmulatorWithToken((started) => ({ em, token } = started));
  beforeAll(async () => {
    fake = await startFakeAuth0();
  });
  afterAll(async () => fake.close());
  beforeEach(() => {
    fake.release();
    fake.received.length = 0;
  });

  const creds = () => ({
    domain: fake.domain,
    clientId: "race-client",
    clientSecret: "race-secret-value",
    audience: "https://race.example/api/v2/",
  });

  it("answers 404 to a credential PATCH whose connection was deleted while Auth0 answered", async () => {
    const created = await createConnection(em, token, "patch-vs-delete", { credentials: creds() });
    fake.hold();
    const patch = api(em.url, "PATCH", `${AUTH0}/${created.id}`, {
      token,
      body: { credentials: { ...creds(), clientSecret: "rotated-secret" } },
    });
    await fake.receivedCount(2); // the create's check, then the PATCH's (now held)
    const deleted = await api(em.url, "DELETE", `${AUTH0}/${created.id}`, { token });
    expect(deleted.status).toBe(200);
    fake.release();
    const res = await patch;
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`Could not find App Connection with ID ${created.id}`);
    expect((await em.admin.connections()).some((c) => c.id === created.id)).toBe(false);
  });

  it("lets one of two same-name creates win when both wait for Auth0", async () => {
    fake.hold();
    const body = { ...createBody(em, "create-vs-create"), credentials: creds() };
    const first = api(em.url, "POST", AUTH0, { token, body });
    const second = api(em.url, "POST", AUTH0, { token, body });
    await fake.receivedCount(2);
    fake.release();
    const statuses = (await Promise.all([first, second])).map((r) => [r.status, r.body.message ?? "ok"]);
    expect(statuses.sort()).toEqual([
      [200, "ok"],
      [400, 'An App Connection with the name "create-vs-create" already exists'],
    ]);
    expect((await em.admin.connections()).filter((c) => c.name === "create-vs-create")).toHaveLength(1);
  });
});

describe("emulator: fault delays are bounded and end with the emulator", () => {
  it("refuses a delay above 2^31-1 ms, naming the limit", async () => {
    const em = await startEmulator({ rateLimit: false });
    try {
      await expect(em.admin.injectFault({ fault: { kind: "delay", ms: 2 ** 31 } })).rejects.toThrow(
        "fault.ms: delay ms must be at most 2147483647 (about 24.8 days, the longest timer Node.js can set)",
      );
      await em.admin.injectFault({ path: "/never", fault: { kind: "delay", ms: 2 ** 31 - 1 } });
    } finally {
      await em.close();
    }
  });

  it("closes at once with a delayed request still waiting, leaving no timer behind", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const { em, token } = await startWithToken();
    const before = timers();
    await em.admin.injectFault({ path: AUTH0, fault: { kind: "delay", ms: 600_000 } });
    const pending = api(em.url, "GET", AUTH0, { token }).catch((err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await em.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await pending).toBeInstanceOf(Error);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe("emulator: the admin surface answers loopback names only", () => {
  let em: RunningEmulator;
  let port: string;

  useEmulatorWithToken((started) => {
    em = started.em;
    port = new URL(em.url).port;
  });

  it.each(["127.0.0.1", "localhost", "[::1]"])("serves Host %s with its port, or none", async (name) => {
    expect((await rawGet(`${em.url}/__emulator/seed`, { host: `${name}:${port}` })).status).toBe(200);
    expect((await rawGet(`${em.url}/__emulator/seed`, { host: name })).status).toBe(200);
  });

  it.each([
    ["a rebound DNS name", (p: string) => ({ host: `attacker.example:${p}` })],
    ["another port", () => ({ host: "127.0.0.1:1" })],
    ["a page's Origin", (p: string) => ({ host: `127.0.0.1:${p}`, origin: "http://attacker.example" })],
  ])("refuses %s with 403", async (_case, headers: (port: string) => Record<string, string>) => {
    const res = await rawGet(`${em.url}/__emulator/seed`, headers(port));
    expect(res.status).toBe(403);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ statusCode: 403, error: "Forbidden" });
    expect(body.message).toMatch(/admin routes answer only requests addressed to 127\.0\.0\.1, localhost or \[::1\]/);
    expect(res.body).not.toContain(em.seed.identity.clientSecret);
  });

  it("serves the Infisical API whatever the Host, as Infisical does", async () => {
    const res = await rawGet(`${em.url}/api/v1/app-connections/auth0`, { host: `attacker.example:${port}` });
    expect(res.status).toBe(401);
  });
});
