import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { AUTH0, api, manualClock } from "./helpers";
import { startFakeOidcProvider, type FakeOidcProvider } from "./fake-oidc";
import { closedPort } from "./loopback-server";

const LOGIN = "/api/v1/auth/oidc-auth/login";

describe("emulator OIDC login", () => {
  const clock = manualClock();
  let em: RunningEmulator;
  let idp: FakeOidcProvider;

  beforeAll(async () => {
    em = await startEmulator({ rateLimit: false, now: clock.now });
    idp = await startFakeOidcProvider();
  });
  afterAll(async () => {
    await em?.close();
    await idp?.close();
  });

  const login = (identityId: string, jwt: string, extra: Record<string, unknown> = {}) =>
    api(em.url, "POST", LOGIN, { body: { identityId, jwt, ...extra } });

  /** A new identity with OIDC attached (the emulator's own issuer unless `config` says otherwise). */
  async function identityWith(config: Parameters<RunningEmulator["admin"]["attachOidcAuth"]>[1] = {}) {
    const { identityId } = await em.admin.addIdentity();
    const view = await em.admin.attachOidcAuth(identityId, config);
    return { identityId, view };
  }

  function expectError(
    res: { status: number; body: { error: string; message: string } },
    status: number,
    message: string,
  ) {
    expect({ status: res.status, error: res.body.error, message: res.body.message }).toEqual({
      status,
      error: { 400: "BadRequest", 401: "UnauthorizedError", 403: "ForbiddenError", 404: "NotFound" }[status],
      message,
    });
  }

  it("the seed's mintUrl gives a JWT the seed identity logs in with, and the token works on the app-connection routes", async () => {
    const minted = await api(em.url, "POST", em.seed.oidc.mintUrl.slice(em.url.length));
    expect(minted.status).toBe(200);
    const res = await login(em.seed.oidc.identityId, minted.body.jwt);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 2_592_000,
      accessTokenMaxTTL: 2_592_000,
      tokenType: "Bearer",
    });
    expect((await api(em.url, "GET", AUTH0, { token: res.body.accessToken })).status).toBe(200);
    // Any sub and aud: the seeded configuration binds none.
    const custom = await api(em.url, "POST", "/__emulator/oidc/token", { body: { sub: "repo:o/r", aud: "x" } });
    expect((await login(em.seed.oidc.identityId, custom.body.jwt)).status).toBe(200);
  });

  it("serves its discovery document and JWKS, and the login fetches both on every attempt", async () => {
    const doc = await api(em.url, "GET", "/.well-known/openid-configuration");
    expect(doc.body).toMatchObject({ issuer: em.url, jwks_uri: `${em.url}/.well-known/jwks.json` });
    const keys = await api(em.url, "GET", "/.well-known/jwks.json");
    expect(keys.body.keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" })]);
    expect(keys.body.keys[0].d).toBeUndefined();

    const { identityId } = await identityWith({ oidcDiscoveryUrl: idp.url, boundIssuer: idp.url });
    idp.requests.length = 0;
    const jwt = await idp.sign({ sub: "s", aud: "a" });
    expect((await login(identityId, jwt)).status).toBe(200);
    expect((await login(identityId, jwt)).status).toBe(200);
    expect(idp.requests).toEqual([
      "GET /.well-known/openid-configuration",
      "GET /jwks",
      "GET /.well-known/openid-configuration",
      "GET /jwks",
    ]);
  });

  it("appends /.well-known/openid-configuration as a plain string (a trailing slash gives //.well-known)", async () => {
    const { identityId } = await identityWith({ oidcDiscoveryUrl: `${idp.url}/`, boundIssuer: idp.url });
    idp.requests.length = 0;
    expect((await login(identityId, await idp.sign({ sub: "s" }))).status).toBe(200);
    expect(idp.requests[0]).toBe("GET //.well-known/openid-configuration");
  });

  it("uses the configuration's TTLs in the reply", async () => {
    const { identityId } = await identityWith({ accessTokenTTL: 60, accessTokenMaxTTL: 120 });
    const res = await login(identityId, await em.admin.mintOidcToken());
    expect(res.body).toMatchObject({ expiresIn: 60, accessTokenMaxTTL: 120 });
  });

  it("answers 404 when the identity has no OIDC auth (or does not exist)", async () => {
    const { identityId } = await em.admin.addIdentity();
    const message = "OIDC auth method not found for identity, did you configure OIDC auth?";
    expectError(await login(identityId, await em.admin.mintOidcToken()), 404, message);
    expectError(await login("00000000-0000-4000-8000-000000000000", "x"), 404, message);
    const attached = await identityWith();
    await em.admin.detachAuth(attached.identityId, "oidc-auth");
    expectError(await login(attached.identityId, await em.admin.mintOidcToken()), 404, message);
  });

  it("validates the body with 422 (identityId and jwt required, organizationSlug a slug)", async () => {
    const res = await api(em.url, "POST", LOGIN, { body: { identityId: "x", organizationSlug: "Not A Slug" } });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe("ValidationFailure");
    expect(res.body.message.map((i: { path: string[] }) => i.path.join("."))).toEqual(["jwt", "organizationSlug"]);
  });

  it("accepts a form-encoded body, as Infisical's GitHub Action sends it", async () => {
    const jwt = await em.admin.mintOidcToken();
    const res = await api(em.url, "POST", LOGIN, {
      rawBody: new URLSearchParams({ identityId: em.seed.oidc.identityId, jwt }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
  });

  it("refuses an expired JWT and one not valid yet, by the emulator's clock", async () => {
    const { identityId } = await identityWith();
    expectError(
      await login(identityId, await em.admin.mintOidcToken({ expired: true })),
      401,
      "Access denied: jwt expired",
    );
    const shortLived = await em.admin.mintOidcToken({ lifetimeSeconds: 60 });
    expect((await login(identityId, shortLived)).status).toBe(200);
    clock.advance(60_000);
    expectError(await login(identityId, shortLived), 401, "Access denied: jwt expired");
    const early = await em.admin.mintOidcToken({ notBeforeSeconds: 30 });
    expectError(await login(identityId, early), 401, "Access denied: jwt not active");
    clock.advance(30_000);
    expect((await login(identityId, early)).status).toBe(200);
  });

  it("refuses a wrong issuer", async () => {
    const { identityId } = await identityWith({ boundIssuer: "https://token.actions.githubusercontent.com" });
    expectError(
      await login(identityId, await em.admin.mintOidcToken()),
      401,
      "Access denied: jwt issuer invalid. expected: https://token.actions.githubusercontent.com",
    );
  });

  it("refuses a kid the JWKS does not have, and a bad signature with and without kid", async () => {
    const { identityId } = await identityWith();
    expectError(
      await login(identityId, await em.admin.mintOidcToken({ kid: "rotated-away" })),
      401,
      "Access denied: Unable to verify JWT signature. The signing key 'rotated-away' was not found in the OIDC " +
        "provider's JWKS endpoint. This may indicate an invalid token or misconfigured OIDC provider.",
    );
    const tamper = (jwt: string) => {
      const [h, p, s] = jwt.split(".");
      const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
      return `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: "someone-else" })).toString("base64url")}.${s}`;
    };
    expectError(
      await login(identityId, tamper(await em.admin.mintOidcToken())),
      401,
      "Access denied: invalid signature",
    );
    expect((await login(identityId, await em.admin.mintOidcToken({ noKid: true }))).status).toBe(200);
    expectError(
      await login(identityId, tamper(await em.admin.mintOidcToken({ noKid: true }))),
      401,
      "Access denied: Unable to verify JWT signature with any available signing key. invalid signature",
    );
    // A token from another provider's key, claiming the emulator's kid-less path.
    const foreign = await idp.sign({ iss: em.url, sub: "s" }, { kid: null });
    expectError(
      await login(identityId, foreign),
      401,
      "Access denied: Unable to verify JWT signature with any available signing key. invalid algorithm",
    );
  });

  it("answers Invalid JWT for something that is not a JWT, but only after fetching the discovery document", async () => {
    const { identityId } = await identityWith();
    expectError(await login(identityId, "not-a-jwt"), 401, "Invalid JWT");
    const port = await closedPort();
    const down = await identityWith({ oidcDiscoveryUrl: `http://127.0.0.1:${port}` });
    expectError(
      await login(down.identityId, "not-a-jwt"),
      401,
      `Access denied: Failed to fetch OIDC discovery document from http://127.0.0.1:${port}. connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it("refuses a discovery document without jwks_uri, and one that is not found", async () => {
    const { identityId } = await identityWith({ oidcDiscoveryUrl: idp.url, boundIssuer: idp.url });
    idp.discovery = { issuer: idp.url };
    try {
      expectError(
        await login(identityId, await idp.sign({})),
        401,
        "Access denied: OIDC discovery document does not contain a jwks_uri. The identity provider may be misconfigured.",
      );
    } finally {
      idp.discovery = undefined;
    }
    const missing = await identityWith({ oidcDiscoveryUrl: `${idp.url}/nowhere`, boundIssuer: idp.url });
    expectError(
      await login(missing.identityId, await idp.sign({})),
      401,
      `Access denied: Failed to fetch OIDC discovery document from ${idp.url}/nowhere. Request failed with status code 404`,
    );
  });

  it("matches the bound subject as a picomatch glob, refusing with 403", async () => {
    const { identityId } = await identityWith({ boundSubject: "repo:octocat/*" });
    const as = async (sub: string) => (await login(identityId, await em.admin.mintOidcToken({ sub }))).status;
    expect(await as("repo:octocat/hello")).toBe(200);
    // `*` does not cross `/`.
    const denied = await login(
      identityId,
      await em.admin.mintOidcToken({ sub: "repo:octocat/r:ref:refs/heads/main/x" }),
    );
    expectError(denied, 403, "Access denied: OIDC subject not allowed.");
    await em.admin.attachOidcAuth(identityId, { boundSubject: "repo:*/**" });
    expect(await as("repo:octocat/r:ref:refs/heads/main/x")).toBe(200);
  });

  it("matches audiences from a comma list (stored as `a, b`), a string or an array aud, else 401", async () => {
    const { identityId, view } = await identityWith({ boundAudiences: "sts.amazonaws.com,https://github.com/*" });
    expect(view.boundAudiences).toBe("sts.amazonaws.com, https://github.com/*");
    const as = async (aud: string | string[]) => login(identityId, await em.admin.mintOidcToken({ aud }));
    expect((await as("sts.amazonaws.com")).status).toBe(200);
    expect((await as("https://github.com/octo-org")).status).toBe(200);
    expect((await as(["other", "sts.amazonaws.com"])).status).toBe(200);
    expectError(await as("https://github.com/octo-org/repo"), 401, "Access denied: OIDC audience not allowed.");
    expectError(await as(["a", "b"]), 401, "Access denied: OIDC audience not allowed.");
  });

  it('checks bound claims: dotted paths, comma lists of globs, arrays, booleans, and false/0/"" as missing', async () => {
    const { identityId, view } = await identityWith({
      boundClaims: { ref: "refs/heads/main,refs/tags/*", "ctx.env": "prod", groups: "admins", ci: "true" },
    });
    expect(view.boundClaims.ref).toBe("refs/heads/main, refs/tags/*");
    const claims = { ref: "refs/tags/v1", ctx: { env: "prod" }, groups: ["dev", "admins"], ci: true };
    const as = async (c: Record<string, unknown>) => login(identityId, await em.admin.mintOidcToken({ claims: c }));
    expect((await as(claims)).status).toBe(200);
    expectError(await as({ ...claims, ref: "refs/heads/dev" }), 401, "Access denied: OIDC claim not allowed.");
    expectError(await as({ ...claims, ctx: { env: "dev" } }), 401, "Access denied: OIDC claim not allowed.");
    expectError(await as({ ...claims, groups: ["dev"] }), 401, "Access denied: OIDC claim not allowed.");
    expectError(await as({ ...claims, ctx: {} }), 401, "Access denied: token has no ctx.env field");
    expectError(await as({ ...claims, ci: false }), 401, "Access denied: token has no ci field");
    expectError(await as({ ...claims, ref: "" }), 401, "Access denied: token has no ref field");
  });

  it("requires each claim of claimMetadataMapping", async () => {
    const { identityId } = await identityWith({ claimMetadataMapping: { repo: "repository" } });
    const as = async (c: Record<string, unknown>) => login(identityId, await em.admin.mintOidcToken({ claims: c }));
    expect((await as({ repository: "o/r" })).status).toBe(200);
    expectError(await as({}), 401, "Access denied: token has no repository field");
  });

  it("scopes to a sub-organization: own slug fine, unknown 404, not a member 401, member 200", async () => {
    const member = await em.admin.addIdentity({ organizationSlugs: ["team-a"] });
    await em.admin.attachOidcAuth(member.identityId);
    const other = await identityWith();
    const jwt = await em.admin.mintOidcToken();
    expect((await login(member.identityId, jwt, { organizationSlug: "team-a" })).status).toBe(200);
    expect((await login(other.identityId, jwt, { organizationSlug: "emulator-org" })).status).toBe(200);
    expectError(
      await login(other.identityId, jwt, { organizationSlug: "team-z" }),
      404,
      "Sub organization with slug team-z not found",
    );
    expectError(
      await login(other.identityId, jwt, { organizationSlug: "team-a" }),
      401,
      "Identity not authorized to access sub organization team-a",
    );
    await em.admin.setOrganizationSlugs(other.identityId, ["team-a"]);
    expect((await login(other.identityId, jwt, { organizationSlug: "team-a" })).status).toBe(200);
    // Universal auth takes it too.
    const ua = await api(em.url, "POST", "/api/v1/auth/universal-auth/login", {
      body: { ...em.seed.identity, organizationSlug: "team-z" },
    });
    expectError(ua, 404, "Sub organization with slug team-z not found");
  });

  it("never calls a URL that is not loopback: attaching one is a 400", async () => {
    const { identityId } = await em.admin.addIdentity();
    await expect(
      em.admin.attachOidcAuth(identityId, { oidcDiscoveryUrl: "https://token.actions.githubusercontent.com" }),
    ).rejects.toThrow(/calls only loopback URLs .*https:\/\/token\.actions\.githubusercontent\.com is not one/);
    await expect(
      em.admin.attachOidcAuth(identityId, { oidcDiscoveryUrl: "http://127.0.0.1@example.com" }),
    ).rejects.toThrow(/is not one/);
  });

  it("a JWKS that lies about its own URL is not followed off the machine", async () => {
    const { identityId } = await identityWith({ oidcDiscoveryUrl: idp.url, boundIssuer: idp.url });
    idp.discovery = { issuer: idp.url, jwks_uri: "https://example.com/jwks" };
    try {
      const res = await login(identityId, await idp.sign({}));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/https:\/\/example\.com\/jwks is not one/);
    } finally {
      idp.discovery = undefined;
    }
  });
});

describe("emulator OIDC login and the rate limiter", () => {
  it("counts a login once, in the write bucket: the emulator's own discovery and JWKS fetches are not counted", async () => {
    const em = await startEmulator({ rateLimit: { read: 1, write: 2 } });
    try {
      const mint = () => em.admin.mintOidcToken();
      const login = async () =>
        api(em.url, "POST", LOGIN, { body: { identityId: em.seed.oidc.identityId, jwt: await mint() } });
      expect((await login()).status).toBe(200);
      expect((await login()).status).toBe(200);
      const third = await login();
      expect(third.status).toBe(429);
      expect(third.body.error).toBe("RateLimitExceeded");
      expect((await em.admin.requests()).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        `POST ${LOGIN} 200`,
        `POST ${LOGIN} 200`,
        `POST ${LOGIN} 429`,
      ]);
    } finally {
      await em.close();
    }
  });
});
