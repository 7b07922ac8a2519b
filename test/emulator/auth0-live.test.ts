import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { AUTH0, api, createConnection, startWithToken } from "./helpers";
import { BEARER, startFakeAuth0, type FakeAuth0 } from "./fake-auth0";

describe("emulator live Auth0 check against a test's own Auth0", () => {
  let em: RunningEmulator;
  let token: string;
  let fake: FakeAuth0;

  beforeAll(async () => {
    ({ em, token } = await startWithToken());
    fake = await startFakeAuth0();
  });
  afterAll(async () => {
    await em.close();
    await fake.close();
  });

  const creds = () => ({
    domain: `${fake.domain}/`,
    clientId: "live-client",
    clientSecret: "live-secret-value",
    audience: "https://live.example/api/v2/",
  });

  it("posts a form-encoded client-credentials grant to <domain>/oauth/token", async () => {
    fake.received.length = 0;
    fake.paths.length = 0;
    const created = await createConnection(em, token, "live-ok", { credentials: creds() });
    expect(created.credentials.domain).toBe(`${fake.domain}/`);
    expect(fake.paths).toEqual(["POST /oauth/token application/x-www-form-urlencoded"]);
    expect(fake.received).toEqual([
      {
        grant_type: "client_credentials",
        client_id: "live-client",
        client_secret: "live-secret-value",
        audience: "https://live.example/api/v2/",
      },
    ]);
  });

  it("turns an Auth0 error status into 400 `Request failed with status code N`", async () => {
    fake.reply = { status: 401, body: { error: "access_denied", error_description: "Unauthorized" } };
    try {
      const res = await api(em.url, "POST", AUTH0, {
        token,
        body: { name: "live-401", method: "client-credentials", credentials: creds() },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: "BadRequest", message: "Request failed with status code 401" });
      expect(res.text).not.toContain("Unauthorized");
      fake.reply = { status: 500, body: {} };
      const five = await api(em.url, "POST", AUTH0, {
        token,
        body: { name: "live-500", method: "client-credentials", credentials: creds() },
      });
      expect(five.body.message).toBe("Request failed with status code 500");
    } finally {
      fake.reply = { status: 200, body: BEARER };
    }
  });

  it("requires token_type to be exactly Bearer", async () => {
    fake.reply = { status: 200, body: { access_token: "tok", token_type: "bearer" } };
    try {
      const res = await api(em.url, "POST", AUTH0, {
        token,
        body: { name: "live-type", method: "client-credentials", credentials: creds() },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("Unhandled token type: bearer");
    } finally {
      fake.reply = { status: 200, body: BEARER };
    }
  });

  it("calls Auth0 on a PATCH carrying credentials only", async () => {
    const created = await createConnection(em, token, "live-patch", { credentials: creds() });
    fake.received.length = 0;
    await api(em.url, "PATCH", `${AUTH0}/${created.id}`, { token, body: { description: "no call" } });
    expect(fake.received).toHaveLength(0);
    const res = await api(em.url, "PATCH", `${AUTH0}/${created.id}`, {
      token,
      body: { credentials: { ...creds(), clientSecret: "rotated-secret" } },
    });
    expect(res.status).toBe(200);
    expect(fake.received.map((r) => r.client_secret)).toEqual(["rotated-secret"]);
  });

  it("answers 400 with a connection error when nothing listens there", async () => {
    const closed = await startFakeAuth0();
    const domain = closed.domain;
    await closed.close();
    const res = await api(em.url, "POST", AUTH0, {
      token,
      body: { name: "live-down", method: "client-credentials", credentials: { ...creds(), domain } },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`connect ECONNREFUSED ${domain.replace("http://", "")}`);
  });
});
