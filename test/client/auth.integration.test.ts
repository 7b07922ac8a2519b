import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getInfisicalClient } from "../../provider/infisical";
import { leaks, loginToken, rejection, startEnv, type TestEnv } from "./harness";

let env: TestEnv;
const LOGIN = "/api/v1/auth/universal-auth/login";
const AUTH0 = "/api/v1/app-connections/auth0";

// A fresh emulator (a fresh host) per test, so the process-wide token cache starts empty for it.
beforeEach(async () => {
  env = await startEnv();
});
afterEach(async () => {
  expect(leaks(env.logs.map((l) => JSON.stringify(l)).join("\n"), env.secrets())).toEqual([]);
  await env.close();
});

const statuses = async (method: string, path: string) =>
  (await env.emu.admin.requests()).filter((r) => r.method === method && r.path === path).map((r) => r.status);

describe("universal auth", () => {
  it("one login is shared by every client instance in the process, concurrent callers included", async () => {
    const clients = Array.from({ length: 8 }, () => env.client());
    await Promise.all(clients.flatMap((c) => [c.listAuth0Connections(), c.getAppConnectionOptions()]));
    await Promise.all(clients.map((c) => c.listAuth0Connections()));
    expect(await env.emu.admin.loginCount()).toBe(1);
  });

  it("getInfisicalClient returns one shared client per settings, sharing the login", async () => {
    const input = {
      host: env.emu.url,
      clientId: env.emu.seed.identity.clientId,
      clientSecret: env.emu.seed.identity.clientSecret,
    };
    const a = getInfisicalClient(input);
    const b = getInfisicalClient({ ...input, host: `${env.emu.url}/api/` });
    expect(a).toBe(b);
    await a.listAuth0Connections();
    await env.client().listAuth0Connections();
    expect(await env.emu.admin.loginCount()).toBe(1);
    await a.close();
    // A shared client that was closed is replaced, not handed out dead.
    const c = getInfisicalClient(input);
    expect(c).not.toBe(a);
    await c.listAuth0Connections();
    await c.close();
  });

  it("an expired token (403 TokenError) means one re-login and one repeat", async () => {
    const client = env.client();
    await client.listAuth0Connections();
    await env.emu.admin.expireTokens();
    await client.listAuth0Connections();
    expect(await env.emu.admin.loginCount()).toBe(2);
    expect(await statuses("GET", AUTH0)).toEqual([200, 403, 200]);
  });

  it("a revoked token (401) means one re-login; a second refusal is an error, not a loop", async () => {
    const client = env.client();
    await client.listAuth0Connections();
    await env.emu.admin.injectFault({
      method: "GET",
      path: AUTH0,
      count: 5,
      fault: { kind: "status", status: 401, error: "UnauthorizedError", message: "No identity access token found" },
    });
    const err = await rejection(() => client.listAuth0Connections());
    expect(err).toMatchObject({ status: 401, error: "UnauthorizedError" });
    expect(err.message).toContain("No identity access token found");
    expect(await env.emu.admin.loginCount()).toBe(2);
    expect(await statuses("GET", AUTH0)).toEqual([200, 401, 401]);
  });

  it("renews the token before it expires instead of waiting for a 403", async () => {
    const id = await env.emu.admin.addIdentity({ accessTokenTtlSeconds: 6 });
    const client = env.client({ clientId: id.clientId, clientSecret: id.clientSecret });
    await client.listAuth0Connections();
    // TTL 6 s: renewed once half of it has passed, well before it expires.
    await new Promise((r) => setTimeout(r, 3_300));
    await client.listAuth0Connections();
    expect(await env.emu.admin.loginCount()).toBe(2);
    expect(await statuses("GET", AUTH0)).toEqual([200, 200]);
  });

  it("retries the login itself on 5xx", async () => {
    await env.emu.admin.injectFault({ method: "POST", path: LOGIN, fault: { kind: "status", status: 503 } });
    await env.client().listAuth0Connections();
    expect(await statuses("POST", LOGIN)).toEqual([503, 200]);
  });

  it("bad identity credentials: a clear error without the secret, and no retry storm", async () => {
    const client = env.client({ clientId: env.emu.seed.identity.clientId, clientSecret: "zz-wrong-identity-secret" });
    const err = await rejection(() => client.listAuth0Connections());
    expect(err).toMatchObject({ status: 401 });
    expect(err.message).toMatch(/Universal auth login to http:\/\/127\.0\.0\.1:\d+ failed: Invalid credentials/);
    expect(err.message).toMatch(/INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET/);
    expect(err.message).not.toContain("zz-wrong-identity-secret");
    expect(await statuses("POST", LOGIN)).toEqual([401]);
  });
});

describe("fixed token", () => {
  it("is used as is, with no login", async () => {
    const token = await loginToken(env.emu);
    const before = await env.emu.admin.loginCount();
    const client = env.client({ token });
    await client.listAuth0Connections();
    expect(await env.emu.admin.loginCount()).toBe(before);
  });

  it.each([
    ["expired", 403],
    ["malformed", 403],
    ["revoked", 401],
  ])("an %s token is an error saying the token is invalid or expired, never re-login", async (kind, status) => {
    let token = await loginToken(env.emu);
    if (kind === "expired") await env.emu.admin.expireTokens();
    if (kind === "malformed") token = "zz-not-a-jwt-token";
    if (kind === "revoked") {
      // A well-formed token the server no longer knows: revoked.
      await fetch(`${env.emu.url}/api/v1/auth/token/revoke`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accessToken: token }),
      });
    }
    const before = await env.emu.admin.loginCount();
    const client = env.client({ token });
    const err = await rejection(() => client.listAuth0Connections());
    expect(err).toMatchObject({ status });
    expect(err.message).toMatch(/INFISICAL_TOKEN or the token option\): it is invalid or expired/);
    expect(err.message).not.toContain(token);
    expect(await env.emu.admin.loginCount()).toBe(before);
    expect(await statuses("GET", AUTH0)).toHaveLength(1);
  });
});
