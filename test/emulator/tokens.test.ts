import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import { AUTH0, api, login, manualClock, seedAt } from "./helpers";

const THIRTY_DAYS_MS = 2_592_000_000;
const MALFORMED = "The provided access token is malformed. Please re-authenticate.";
const EXPIRED = "Your token has expired. Please re-authenticate.";

describe("emulator access tokens (HS256 JWTs via jose)", () => {
  const dir = mkdtempSync(join(tmpdir(), "emulator-tokens-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("tells malformed, expired, revoked and valid tokens apart as Infisical does", async () => {
    const clock = manualClock();
    const dataFile = join(dir, "kinds.json");
    const em = await startEmulator({ rateLimit: false, dataFile, now: clock.now });
    try {
      const token = await login(em);
      const { signingKey } = JSON.parse(readFileSync(dataFile, "utf8")) as { signingKey: string };
      const key = new Uint8Array(Buffer.from(signingKey, "base64"));
      const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
      expect(claims).toMatchObject({ authTokenType: "identityAccessToken", ttl: 2_592_000 });
      const [head, body] = token.split(".");
      const signed = (payload: Record<string, unknown>) =>
        new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).sign(key);
      const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${body}.`;
      const cases: [string, string, number, string][] = [
        ["not a JWT", "not-a-jwt", 403, MALFORMED],
        ["a bad signature", `${head}.${body}.${"A".repeat(43)}`, 403, MALFORMED],
        ["alg none", unsigned, 403, MALFORMED],
        ["our key but not our claims", await signed({ sub: "x" }), 403, MALFORMED],
        [
          "an unknown identity",
          await signed({ ...claims, identityId: "nobody" }),
          401,
          "No identity access token found",
        ],
        ["a valid token", token, 200, ""],
      ];
      for (const [what, candidate, status, message] of cases) {
        const res = await api(em.url, "GET", AUTH0, { token: candidate });
        expect(res.status, what).toBe(status);
        if (message !== "") expect(res.body.message, what).toBe(message);
      }
      // Past the hard expiry (the identity's max TTL) the JWT itself is refused as expired.
      clock.advance(THIRTY_DAYS_MS);
      const expired = await api(em.url, "GET", AUTH0, { token });
      expect(expired.status).toBe(403);
      expect(expired.body).toMatchObject({ error: "TokenError", message: EXPIRED });
    } finally {
      await em.close();
    }
  });

  it("keeps a revocation and a renewal across a restart", async () => {
    const clock = manualClock();
    const dataFile = join(dir, "restart.json");
    const first = await startEmulator({ rateLimit: false, dataFile, now: clock.now });
    const { clientId, clientSecret } = await first.admin.addIdentity({ accessTokenTtlSeconds: 60 });
    const revoked = await login(first);
    const renewed = await login(first, { clientId, clientSecret });
    expect((await api(first.url, "POST", "/api/v1/auth/token/revoke", { body: { accessToken: revoked } })).status).toBe(
      200,
    );
    clock.advance(50_000);
    expect((await api(first.url, "POST", "/api/v1/auth/token/renew", { body: { accessToken: renewed } })).status).toBe(
      200,
    );
    await first.close();
    clock.advance(50_000); // 100 s after login: alive only through its renewal
    const second = await startEmulator({ rateLimit: false, dataFile, now: clock.now });
    try {
      expect((await api(second.url, "GET", AUTH0, { token: revoked })).status).toBe(401);
      expect((await api(second.url, "GET", AUTH0, { token: renewed })).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

describe("emulator data file stays bounded", () => {
  const dir = mkdtempSync(join(tmpdir(), "emulator-size-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sizeOf = (file: string) => readFileSync(file).length;

  it("does not grow with logins, and stays flat over connection writes", async () => {
    const dataFile = join(dir, "writes.json");
    const em = await startEmulator({ rateLimit: false, dataFile });
    try {
      const start = sizeOf(dataFile);
      for (let i = 0; i < 200; i += 1) await login(em);
      expect(sizeOf(dataFile)).toBe(start);
      const token = await login(em);
      // 200 writes: 50 × (create, rename, rotate credentials, delete).
      for (let i = 0; i < 50; i += 1) {
        const body = { name: `w-${i}`, method: "client-credentials", credentials: em.seed.auth0 };
        const { id } = (await api(em.url, "POST", AUTH0, { token, body })).body.appConnection;
        await api(em.url, "PATCH", `${AUTH0}/${id}`, { token, body: { name: `w-${i}-renamed` } });
        await api(em.url, "PATCH", `${AUTH0}/${id}`, { token, body: { credentials: em.seed.auth0 } });
        expect((await api(em.url, "DELETE", `${AUTH0}/${id}`, { token })).status).toBe(200);
      }
      expect(sizeOf(dataFile)).toBe(start);
      expect(JSON.parse(readFileSync(dataFile, "utf8")).connections).toEqual([]);
    } finally {
      await em.close();
    }
  });

  it("drops revoked and renewed token entries once those tokens' hard expiry has passed", async () => {
    const clock = manualClock();
    const dataFile = join(dir, "prune.json");
    const em = await startEmulator({ rateLimit: false, dataFile, now: clock.now });
    const tokens = () => JSON.parse(readFileSync(dataFile, "utf8")).tokens;
    try {
      const renewed = await login(em);
      await api(em.url, "POST", "/api/v1/auth/token/renew", { body: { accessToken: renewed } });
      for (let i = 0; i < 5; i += 1) {
        await api(em.url, "POST", "/api/v1/auth/token/revoke", { body: { accessToken: await login(em) } });
      }
      expect(tokens().renewed).toHaveLength(1);
      expect(tokens().revoked).toHaveLength(5);
      clock.advance(THIRTY_DAYS_MS);
      // The next token write prunes: only the new revocation is left.
      await api(em.url, "POST", "/api/v1/auth/token/revoke", { body: { accessToken: await login(em) } });
      expect(tokens().renewed).toEqual([]);
      expect(tokens().revoked).toHaveLength(1);
    } finally {
      await em.close();
    }
  });

  it("opens a format-1 data file (one row per token, no login methods): tokens start over, the rest is kept", async () => {
    const dataFile = join(dir, "format1.json");
    const em = await startEmulator({ rateLimit: false, dataFile });
    const token = await login(em);
    const created = (
      await api(em.url, "POST", AUTH0, {
        token,
        body: { name: "kept", method: "client-credentials", credentials: em.seed.auth0 },
      })
    ).body.appConnection;
    await em.close();
    const {
      oidcIssuer: _issuer,
      authMethods: _methods,
      orgSlug: _slug,
      ...state
    } = JSON.parse(readFileSync(dataFile, "utf8"));
    const old = { ...state, format: 1, tokens: [{ id: "t", identityId: "i", revoked: false }] };
    writeFileSync(dataFile, JSON.stringify(old, null, 2));
    const again = await startEmulator({ rateLimit: false, dataFile });
    try {
      expect(again.seed).toEqual(seedAt(em.seed, again.url));
      const got = await api(again.url, "GET", `${AUTH0}/${created.id}`, { token: await login(again) });
      expect(got.body.appConnection).toEqual(created);
      expect(JSON.parse(readFileSync(dataFile, "utf8"))).toMatchObject({ format: 3 });
      // The seed identity gained OIDC against the emulator's own issuer.
      const jwt = await again.admin.mintOidcToken();
      const oidc = await api(again.url, "POST", "/api/v1/auth/oidc-auth/login", {
        body: { identityId: again.seed.oidc.identityId, jwt },
      });
      expect(oidc.status).toBe(200);
    } finally {
      await again.close();
    }
  });
});
