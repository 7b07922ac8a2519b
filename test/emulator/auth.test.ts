import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { AUTH0, REQ_ID, api, login, manualClock, startWithToken, useEmulatorWithToken } from "./helpers";

const LOGIN = "/api/v1/auth/universal-auth/login";

describe("emulator authentication", () => {
  let em: RunningEmulator;
  let token: string;

  useEmulatorWithToken((started) => ({ em, token } = started));

  it("logs in with universal auth and returns Infisical's token reply", async () => {
    const res = await api(em.url, "POST", LOGIN, { body: em.seed.identity });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expiresIn: 2_592_000, accessTokenMaxTTL: 2_592_000, tokenType: "Bearer" });
    expect(res.body.accessToken.split(".")).toHaveLength(3);
    const list = await api(em.url, "GET", AUTH0, { token: res.body.accessToken });
    expect(list.status).toBe(200);
  });

  it("counts successful logins only", async () => {
    const before = await em.admin.loginCount();
    await login(em);
    const bad = await api(em.url, "POST", LOGIN, { body: { clientId: "nobody", clientSecret: "x" } });
    expect(bad.status).toBe(401);
    expect(await em.admin.loginCount()).toBe(before + 1);
  });

  it("refuses bad credentials with 401 Invalid credentials and locks after 3 failures", async () => {
    const identity = await em.admin.addIdentity();
    const wrong = { clientId: identity.clientId, clientSecret: "wrong" };
    for (let i = 0; i < 3; i += 1) {
      const res = await api(em.url, "POST", LOGIN, { body: wrong });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: "UnauthorizedError", message: "Invalid credentials" });
    }
    const locked = await api(em.url, "POST", LOGIN, {
      body: { clientId: identity.clientId, clientSecret: identity.clientSecret },
    });
    expect(locked.status).toBe(401);
    expect(locked.body.message).toBe("This identity auth method is temporarily locked, please try again later");
    // The lock is per identity: the seed identity still logs in.
    expect(await login(em)).toMatch(/\./);
  });

  it("validates the login body with 422", async () => {
    const res = await api(em.url, "POST", LOGIN, { body: { clientId: 1 } });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe("ValidationFailure");
    expect(res.body.message.map((i: { path: string[] }) => i.path[0])).toEqual(["clientId", "clientSecret"]);
  });

  it("answers 401 Token missing without a token, even with a bad body", async () => {
    const res = await api(em.url, "POST", AUTH0, { body: { nonsense: true } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: "UnauthorizedError", message: "Token missing" });
    expect(res.body.reqId).toMatch(REQ_ID);
  });

  it("answers 403 TokenError for a malformed token and for a bad signature", async () => {
    const malformed = await api(em.url, "GET", AUTH0, { token: "not-a-jwt" });
    expect(malformed.status).toBe(403);
    expect(malformed.body.error).toBe("TokenError");
    expect(malformed.body.message).toMatch(/^The provided access token is malformed/);
    const [h, p] = token.split(".");
    const forged = await api(em.url, "GET", AUTH0, { token: `${h}.${p}.${"A".repeat(43)}` });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toBe("TokenError");
  });

  it("answers 403 for a service token", async () => {
    const res = await api(em.url, "GET", AUTH0, { token: "st.abc.def.ghi" });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe("You are not allowed to access this resource");
  });

  it("renews a token (same token, same shape) and revokes it (then 401)", async () => {
    const fresh = await login(em);
    const renewed = await api(em.url, "POST", "/api/v1/auth/token/renew", { body: { accessToken: fresh } });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ accessToken: fresh, accessTokenMaxTTL: 2_592_000, tokenType: "Bearer" });
    // Capped by the max TTL, which started at login.
    expect(renewed.body.expiresIn).toBeGreaterThan(2_592_000 - 60);
    expect(renewed.body.expiresIn).toBeLessThanOrEqual(2_592_000);
    const revoked = await api(em.url, "POST", "/api/v1/auth/token/revoke", { body: { accessToken: fresh } });
    expect(revoked.status).toBe(200);
    const after = await api(em.url, "GET", AUTH0, { token: fresh });
    expect(after.status).toBe(401);
    expect(after.body.error).toBe("UnauthorizedError");
    // Other tokens are unaffected.
    expect((await api(em.url, "GET", AUTH0, { token })).status).toBe(200);
  });

  it("renewal extends a short-lived token past its original TTL", async () => {
    const clock = manualClock();
    const { em: timed } = await startWithToken({ now: clock.now });
    try {
      const short = await login(timed, await timed.admin.addIdentity({ accessTokenTtlSeconds: 4 }));
      clock.advance(2_500);
      const renewed = await api(timed.url, "POST", "/api/v1/auth/token/renew", { body: { accessToken: short } });
      expect(renewed.body.expiresIn).toBe(4);
      clock.advance(2_500);
      // 5 s after login: expired without the renewal, valid with it; 4 s after the renewal, expired.
      expect((await api(timed.url, "GET", AUTH0, { token: short })).status).toBe(200);
      clock.advance(1_500);
      expect((await api(timed.url, "GET", AUTH0, { token: short })).status).toBe(403);
    } finally {
      await timed.close();
    }
  });

  it("applies a per-identity TTL and answers 403 TokenError once it has passed", async () => {
    const clock = manualClock();
    const { em: timed } = await startWithToken({ now: clock.now });
    try {
      const identity = await timed.admin.addIdentity({ accessTokenTtlSeconds: 2 });
      const res = await api(timed.url, "POST", LOGIN, {
        body: { clientId: identity.clientId, clientSecret: identity.clientSecret },
      });
      expect(res.body.expiresIn).toBe(2);
      expect(res.body.accessTokenMaxTTL).toBe(2_592_000);
      clock.advance(1_999);
      expect((await api(timed.url, "GET", AUTH0, { token: res.body.accessToken })).status).toBe(200);
      clock.advance(1);
      const expired = await api(timed.url, "GET", AUTH0, { token: res.body.accessToken });
      expect(expired.status).toBe(403);
      expect(expired.body).toMatchObject({
        error: "TokenError",
        message: "Your token has expired. Please re-authenticate.",
      });
    } finally {
      await timed.close();
    }
  });

  it("expires every issued token on admin.expireTokens(), and a new login works again", async () => {
    const { em: other, token: otherToken } = await startWithToken();
    try {
      await other.admin.expireTokens();
      const res = await api(other.url, "GET", AUTH0, { token: otherToken });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe("TokenError");
      expect((await api(other.url, "GET", AUTH0, { token: await login(other) })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("takes the default TTL from the options", async () => {
    const { em: other } = await startWithToken({ accessTokenTtlSeconds: 120 });
    try {
      const res = await api(other.url, "POST", LOGIN, { body: other.seed.identity });
      expect(res.body.expiresIn).toBe(120);
    } finally {
      await other.close();
    }
  });
});
