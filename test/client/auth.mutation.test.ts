// Universal auth's token cache and failure memory against a scripted fake Infisical on 127.0.0.1, with a fake clock:
// the exact moments a token is renewed and a lock-out forgotten, which refusals are remembered, the words of each
// login failure, and every credential (client secret, cached access token) scrubbed from echoed errors.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { clearTokenCache, InfisicalClient, resolveSettings } from "../../provider/infisical";
import { secretHash } from "../../provider/infisical/auth";
import { FakeClock, localServer, rejection, type LocalServer } from "./harness";

const LOGIN = "/api/v1/auth/universal-auth/login";
const SECRET = "zz-ua-client-secret-never-shown";
const OPTIONS = { appConnectionOptions: [] };

type Answer = { status: number; body: unknown } | { status: number; text: string };

let server: LocalServer | undefined;
const clients: InfisicalClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
  clearTokenCache();
});

/** A fake Infisical: `login(n)` answers the n-th login, `other` every other request. Returns the paths asked. */
async function fake(login: (n: number) => Answer, other: () => Answer = () => ({ status: 200, body: OPTIONS })) {
  const paths: string[] = [];
  let logins = 0;
  server = await localServer((req: IncomingMessage, res: ServerResponse) => {
    paths.push(req.url ?? "");
    const a = req.url === LOGIN ? login(++logins) : other();
    if ("text" in a) res.writeHead(a.status, { "content-type": "text/html" }).end(a.text);
    else res.writeHead(a.status, { "content-type": "application/json" }).end(JSON.stringify(a.body));
  });
  return { paths, logins: () => paths.filter((p) => p === LOGIN).length };
}

const token = (n: number, expiresIn = 3600): Answer => ({
  status: 200,
  body: { accessToken: `zz-access-${n}`, expiresIn, accessTokenMaxTTL: expiresIn, tokenType: "Bearer" },
});
const refusal = (status: number, message: string): Answer => ({
  status,
  body: { reqId: "r", statusCode: status, error: status === 401 ? "UnauthorizedError" : "Error", message },
});

function client(clock: FakeClock, maxRetries = 0): InfisicalClient {
  const c = new InfisicalClient(
    resolveSettings({ host: server!.url, clientId: "cid-1", clientSecret: SECRET, maxRetries, clock }, {}),
  );
  clients.push(c);
  return c;
}

describe("the token cache", () => {
  it("a token is used until exactly its renewal time (TTL less the margin), then renewed", async () => {
    const f = await fake((n) => token(n));
    const clock = new FakeClock();
    const c = client(clock);
    await c.getAppConnectionOptions();
    // 3600 s: renewed with 360 s left, at 3240 s.
    clock.advance(3_240_000 - 1);
    await c.getAppConnectionOptions();
    expect(f.logins()).toBe(1);
    clock.advance(1);
    await c.getAppConnectionOptions();
    expect(f.logins()).toBe(2);
  });

  it("the same client ID and secret for two organizations are two logins", async () => {
    const f = await fake((n) => token(n));
    const clock = new FakeClock();
    for (const organizationSlug of ["org-a", "org-b", "org-a"]) {
      const c = new InfisicalClient(
        resolveSettings(
          { host: server!.url, clientId: "cid-1", clientSecret: SECRET, organizationSlug, maxRetries: 0, clock },
          {},
        ),
      );
      clients.push(c);
      await c.getAppConnectionOptions();
    }
    expect(f.logins()).toBe(2);
  });

  it("clearTokenCache forgets the token: the next client logs in again", async () => {
    const f = await fake((n) => token(n));
    const clock = new FakeClock();
    await client(clock).getAppConnectionOptions();
    await client(clock).getAppConnectionOptions();
    expect(f.logins()).toBe(1);
    clearTokenCache();
    await client(clock).getAppConnectionOptions();
    expect(f.logins()).toBe(2);
  });

  it("secretHash: 16 hex characters", () => {
    expect(secretHash(SECRET)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("which failed logins are remembered, and for how long", () => {
  it("a lock-out: for exactly Infisical's 300 s, then a new login", async () => {
    const f = await fake((n) => (n === 1 ? refusal(401, "Temporarily locked after failed logins") : token(n)));
    const clock = new FakeClock();
    const first = await rejection(() => client(clock).getAppConnectionOptions());
    expect(first).toMatchObject({ reason: "login-locked", settings: ["clientId", "clientSecret"] });
    clock.advance(300_000 - 1);
    expect(await rejection(() => client(clock).getAppConnectionOptions())).toMatchObject({
      reason: "login-failed-earlier",
    });
    expect(f.logins()).toBe(1);
    clock.advance(1);
    await client(clock).getAppConnectionOptions();
    expect(f.logins()).toBe(2);
  });

  it("a rejected secret: for the life of the process, even after the lock-out time", async () => {
    const f = await fake(() => refusal(401, "Invalid credentials"));
    const clock = new FakeClock();
    await rejection(() => client(clock).getAppConnectionOptions());
    clock.advance(10 * 300_000);
    expect(await rejection(() => client(clock).getAppConnectionOptions())).toMatchObject({
      reason: "login-failed-earlier",
    });
    expect(f.logins()).toBe(1);
  });

  it("a server error after the retries: not remembered, the next request logs in again", async () => {
    const f = await fake((n) => (n === 1 ? refusal(503, "busy") : token(n)));
    const clock = new FakeClock();
    const err = await rejection(() => client(clock).getAppConnectionOptions());
    expect(err.reason).toBeUndefined();
    expect(err.message).toBe(`Universal auth login to ${server!.url} failed: busy`);
    await client(clock).getAppConnectionOptions();
    expect(f.logins()).toBe(2);
  });

  it("'temporarily locked' in a 403 is a refusal, not a lock-out", async () => {
    await fake(() => refusal(403, "Temporarily locked"));
    const err = await rejection(() => client(new FakeClock()).getAppConnectionOptions());
    expect(err.reason).toBe("login-rejected");
  });

  it("a 400 is a refusal", async () => {
    await fake(() => refusal(400, "bad request"));
    const err = await rejection(() => client(new FakeClock()).getAppConnectionOptions());
    expect(err).toMatchObject({ reason: "login-rejected", status: 400, method: "POST", path: LOGIN });
  });
});

describe("login answers that are not a token", () => {
  it("a non-Infisical error answer names the host setting and the login request", async () => {
    await fake(() => ({ status: 404, text: "<html>nope</html>" }));
    const err = await rejection(() => client(new FakeClock()).getAppConnectionOptions());
    expect(err).toMatchObject({ reason: "not-infisical", settings: ["host"], method: "POST", path: LOGIN });
    expect(err.message).toContain(`: POST ${LOGIN} got HTTP 404 with an HTML page`);
  });

  it("a 200 text answer is not Infisical either", async () => {
    await fake(() => ({ status: 200, text: "welcome" }));
    const err = await rejection(() => client(new FakeClock()).getAppConnectionOptions());
    expect(err).toMatchObject({
      kind: "invalid-response",
      reason: "not-infisical",
      settings: ["host"],
      method: "POST",
      path: LOGIN,
    });
    expect(err.message).toContain(`: POST ${LOGIN} got HTTP 200 with a plain-text body`);
  });

  it("an answer without accessToken or without expiresIn names the missing field", async () => {
    await fake((n) => ({ status: 200, body: n === 1 ? { expiresIn: 60 } : { accessToken: "zz-a" } }));
    const clock = new FakeClock();
    const noToken = await rejection(() => client(clock).getAppConnectionOptions());
    expect(noToken).toMatchObject({ kind: "invalid-response", method: "POST", path: LOGIN });
    expect(noToken.message).toBe("Universal auth login answer has no accessToken");
    const noExpiry = await rejection(() => client(clock).getAppConnectionOptions());
    expect(noExpiry.message).toBe("Universal auth login answer has no expiresIn");
  });
});

describe("credentials scrubbed from echoed errors", () => {
  it("the client secret from a login refusal, the cached access token from a later error", async () => {
    await fake(
      (n) => (n === 1 ? refusal(401, `secret ${SECRET} is wrong`) : token(n)),
      () => refusal(400, `bad request with token zz-access-2 and ${SECRET}`),
    );
    const clock = new FakeClock();
    const login = await rejection(() => client(clock).getAppConnectionOptions());
    expect(login.message).toContain("secret [redacted] is wrong");
    clearTokenCache();
    const later = await rejection(() => client(clock).getAppConnectionOptions());
    expect(later.message).toContain("bad request with token [redacted] and [redacted]");
  });
});
