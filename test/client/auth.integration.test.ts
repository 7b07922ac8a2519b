import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getInfisicalClient, MAX_RELOGINS, type InfisicalClient } from "../../provider/infisical";
import { leaks, loginToken, rejection, startEnv, type TestEnv } from "./harness";

let env: TestEnv;
const LOGIN = "/api/v1/auth/universal-auth/login";
const AUTH0 = "/api/v1/app-connections/auth0";
const SOME_ID = "00000000-0000-4000-8000-000000000000";

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

  it("a token invalidated again between the re-login and the repeat does not fail the request", async () => {
    const client = env.client({ random: () => 0 });
    await client.listAuth0Connections();
    // Two refusals in a row: the token expires, the fresh one is refused too, the third is accepted.
    await env.emu.admin.injectFault({
      method: "GET",
      path: AUTH0,
      count: 2,
      fault: {
        kind: "status",
        status: 403,
        error: "TokenError",
        message: "Your token has expired. Please re-authenticate.",
      },
    });
    await client.listAuth0Connections();
    expect(await statuses("GET", AUTH0)).toEqual([200, 403, 403, 200]);
    expect(await env.emu.admin.loginCount()).toBe(3);
    // The first re-login is immediate, the second waits a backoff step (250 ms × (0.5 + random/2)).
    expect(env.clock.sleeps).toEqual([125]);
  });

  it("re-logins are bounded: a token refused every time is an error after MAX_RELOGINS, not a loop", async () => {
    const client = env.client({ random: () => 0 });
    await client.listAuth0Connections();
    await env.emu.admin.injectFault({
      method: "GET",
      path: AUTH0,
      count: 10,
      fault: { kind: "status", status: 401, error: "UnauthorizedError", message: "No identity access token found" },
    });
    const err = await rejection(() => client.listAuth0Connections());
    expect(err).toMatchObject({ status: 401, error: "UnauthorizedError", reason: "token-rejected" });
    expect(err.message).toBe(
      `Infisical refused the universal-auth access token even after ${MAX_RELOGINS} fresh logins ` +
        "(No identity access token found).",
    );
    expect(await env.emu.admin.loginCount()).toBe(1 + MAX_RELOGINS);
    expect(await statuses("GET", AUTH0)).toEqual([200, ...Array<number>(MAX_RELOGINS + 1).fill(401)]);
    expect(env.clock.sleeps).toEqual([125, 250]);
  });

  it("renews the token before it expires instead of waiting for a 403 (time injected)", async () => {
    const id = await env.emu.admin.addIdentity({ accessTokenTtlSeconds: 6 });
    const client = env.client({ clientId: id.clientId, clientSecret: id.clientSecret });
    await client.listAuth0Connections();
    // TTL 6 s: the token is used until half of it has passed, then renewed before use.
    env.clock.advance(2_900);
    await client.listAuth0Connections();
    expect(await env.emu.admin.loginCount()).toBe(1);
    env.clock.advance(200);
    await client.listAuth0Connections();
    expect(await env.emu.admin.loginCount()).toBe(2);
    expect(await statuses("GET", AUTH0)).toEqual([200, 200, 200]);
  });

  it("retries the login itself on 5xx", async () => {
    await env.emu.admin.injectFault({ method: "POST", path: LOGIN, fault: { kind: "status", status: 503 } });
    await env.client().listAuth0Connections();
    expect(await statuses("POST", LOGIN)).toEqual([503, 200]);
  });
});

describe("a refused login is remembered (no lock-out storm)", () => {
  const WRONG = "zz-wrong-identity-secret";
  const rejected = (host: string, clientId: string) =>
    `Infisical at ${host} refused the universal-auth login of client ID "${clientId}": Invalid credentials. ` +
    "Check the clientId option or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and the clientSecret option or " +
    "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET. This process will not try again with the same secret: Infisical " +
    "locks an identity's universal auth for everyone using it after 3 failed logins.";

  it("a wrong secret: 40 concurrent callers and every later one get one clear error from ONE login attempt", async () => {
    const { clientId } = env.emu.seed.identity;
    const clients = Array.from({ length: 5 }, () => env.client({ clientId, clientSecret: WRONG }));
    const first = await Promise.all(
      Array.from({ length: 40 }, (_, i) => rejection(() => (clients[i % 5] as InfisicalClient).listAuth0Connections())),
    );
    const later = await Promise.all(clients.map((c) => rejection(() => c.getAuth0Connection(SOME_ID))));
    expect(await statuses("POST", LOGIN)).toEqual([401]);
    for (const err of [...first, ...later]) {
      expect(err.message).toBe(rejected(env.emu.url, clientId));
      expect(err).toMatchObject({ status: 401, settings: ["clientId", "clientSecret"] });
      expect(err.message).not.toContain(WRONG);
    }
    expect(new Set(first.map((e) => e.reason))).toEqual(new Set(["login-rejected"]));
    expect(new Set(later.map((e) => e.reason))).toEqual(new Set(["login-failed-earlier"]));
    expect((later[0] as { cause?: unknown }).cause).toBe(first[0]);
    // One failure does not lock the identity: the right secret still works, for this process too.
    await env.client().listAuth0Connections();
    // No request with the wrong secret reached the app-connection routes.
    expect(await statuses("GET", AUTH0)).toEqual([200]);
  });

  it("a different secret (fixed in the settings) is a new attempt", async () => {
    const { clientId, clientSecret } = env.emu.seed.identity;
    await rejection(() => env.client({ clientId, clientSecret: WRONG }).listAuth0Connections());
    await rejection(() => env.client({ clientId, clientSecret: `${WRONG}-2` }).listAuth0Connections());
    await env.client({ clientId, clientSecret }).listAuth0Connections();
    expect(await statuses("POST", LOGIN)).toEqual([401, 401, 200]);
  });

  it("a lock-out gets its own message, is remembered for Infisical's 300 s, then tried again", async () => {
    const { clientId } = env.emu.seed.identity;
    // Three other processes with wrong secrets lock the identity (3 failures → locked for 300 s).
    for (let i = 0; i < 3; i++)
      await rejection(() => env.client({ clientId, clientSecret: `${WRONG}-${i}` }).listAuth0Connections());
    const client = env.client();
    const locked = await rejection(() => client.listAuth0Connections());
    expect(locked).toMatchObject({ status: 401, reason: "login-locked", settings: ["clientId", "clientSecret"] });
    expect(locked.message).toBe(
      `Infisical at ${env.emu.url} has temporarily locked universal-auth login for client ID "${clientId}" after ` +
        "repeated failed logins (This identity auth method is temporarily locked, please try again later). It " +
        "locks for about 5 minutes after 3 failures, for every user of this identity. Wait, and make sure every " +
        "stack, pipeline and tool using this identity has the right secret (the clientSecret option or " +
        "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET).",
    );
    const again = await rejection(() => client.listAuth0Connections());
    expect(again).toMatchObject({ reason: "login-failed-earlier", message: locked.message });
    expect(await statuses("POST", LOGIN)).toEqual([401, 401, 401, 401]);
    env.clock.advance(301_000);
    // (The emulator's own lock runs on real time, so it still answers "locked": what matters is that we asked.)
    await rejection(() => client.listAuth0Connections());
    expect(await statuses("POST", LOGIN)).toEqual([401, 401, 401, 401, 401]);
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
    expect(err).toMatchObject({ status, reason: "token-rejected", settings: ["token"] });
    expect(err.message).toMatch(
      /^Infisical refused the access token \(the token option or INFISICAL_TOKEN\): it is invalid or expired \(.+\)\. Set a fresh token, or use universal auth/,
    );
    expect(err.message).not.toContain(token);
    expect(await env.emu.admin.loginCount()).toBe(before);
    expect(await statuses("GET", AUTH0)).toHaveLength(1);
  });
});
