import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  InfisicalApiError,
  InfisicalClient,
  resolveSettings,
  type InfisicalSettingsInput,
  type SettingKey,
} from "../../provider/infisical";
import { FakeClock, leaks, localServer, rejection, startEnv, type LocalServer, type TestEnv } from "./harness";

/**
 * The errors a user must act on (issue 10): for each, the exact situation, the words that say what to fix, and no
 * secret in any of it.
 */

const SECRET = "zz-identity-secret-msg-4d2e";
const TOKEN = "zz-fixed-token-msg-91ab";
const LOGIN = "/api/v1/auth/universal-auth/login";

let server: LocalServer | undefined;
let env: TestEnv | undefined;
const clients: InfisicalClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  await env?.close();
  server = undefined;
  env = undefined;
});

function client(input: InfisicalSettingsInput): InfisicalClient {
  const c = new InfisicalClient(resolveSettings({ clock: new FakeClock(), random: () => 0, ...input }, {}));
  clients.push(c);
  return c;
}

/** Every text a user could see of an error: message, stack, inspect, JSON, and its causes'. */
function allText(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    parts.push(e.message, e.stack ?? "", JSON.stringify(e));
  }
  return parts.join("\n");
}

const HTML_501 = "<html><body><h1>501 Unsupported method ('POST')</h1></body></html>";

describe("a host that answers but is not Infisical", () => {
  it("universal auth against a plain web server (501 HTML): blames the host, not the credentials", async () => {
    server = await localServer((_req, res) => res.writeHead(501, { "content-type": "text/html" }).end(HTML_501));
    const c = client({ host: server.url, clientId: "id-1", clientSecret: SECRET });
    const err = await rejection(() => c.listAuth0Connections());
    expect(err).toBeInstanceOf(InfisicalApiError);
    expect(err).toMatchObject({ reason: "not-infisical", settings: ["host"], status: 501 });
    expect(err.message).toBe(
      `The server at ${server.url} is not answering as Infisical does: POST ${LOGIN} got HTTP 501 with an HTML ` +
        "page. Check the host option or INFISICAL_HOST: it must be the address of your Infisical server (e.g. " +
        "https://app.infisical.com or https://eu.infisical.com; the API lives under /api).",
    );
    expect(err.message).not.toMatch(/CLIENT_ID|CLIENT_SECRET|credentials/);
    // 501 is not retried (nothing will start implementing the route), and the verdict is remembered.
    expect(server.count()).toBe(1);
    const again = await rejection(() => c.getAppConnectionOptions());
    expect(again).toMatchObject({ reason: "login-failed-earlier", message: err.message });
    expect(server.count()).toBe(1);
    expect(leaks(allText(err) + allText(again), [SECRET])).toEqual([]);
  });

  it("a server that echoes the request back in a 404: its text is left out of the message", async () => {
    server = await localServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      res.writeHead(404, { "content-type": "text/plain" }).end(`Not found: ${Buffer.concat(chunks).toString()}`);
    });
    const err = await rejection(() =>
      client({ host: server?.url, clientId: "id-1", clientSecret: SECRET }).listAuth0Connections(),
    );
    expect(err).toMatchObject({ reason: "not-infisical" });
    expect(err.message).toContain(`got HTTP 404 with a plain-text body`);
    expect(leaks(allText(err), [SECRET])).toEqual([]);
  });

  it("a fixed token against a web server that answers 200 HTML to everything", async () => {
    server = await localServer((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html>"),
    );
    const err = await rejection(() => client({ host: server?.url, token: TOKEN }).listAuth0Connections());
    expect(err).toMatchObject({ reason: "not-infisical", settings: ["host"], kind: "invalid-response" });
    expect(err.message).toContain(
      "is not answering as Infisical does: GET /api/v1/app-connections/auth0 got HTTP 200 with an HTML page.",
    );
    expect(leaks(allText(err), [TOKEN])).toEqual([]);
  });

  it("a 404 in Infisical's own envelope is Infisical's answer, not a wrong host", async () => {
    env = await startEnv();
    const err = await rejection(
      () => env?.client().getAuth0Connection("00000000-0000-4000-8000-000000000000") as Promise<unknown>,
    );
    expect(err).toMatchObject({ status: 404, error: "NotFound", reason: undefined });
  });
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("Infisical down", () => {
  it("connection refused: how many attempts over how long, and to check the host and that Infisical runs", async () => {
    const port = await closedPort();
    const clock = new FakeClock();
    const c = client({ host: `http://127.0.0.1:${port}`, clientId: "id-1", clientSecret: SECRET, clock });
    const err = await rejection(() => c.listAuth0Connections());
    expect(err).toMatchObject({ reason: "unreachable", settings: ["host"], code: "ECONNREFUSED", attempts: 3 });
    expect(err.message).toBe(
      `Could not reach Infisical at http://127.0.0.1:${port}: connection refused (ECONNREFUSED) (POST ${LOGIN}, ` +
        "3 attempts over 375 ms). Check the host option or INFISICAL_HOST, and that Infisical is running and " +
        "reachable from this machine.",
    );
    // A refused connection gets a short budget (2 repeats), not the full 5-retry ladder of ~8 s.
    expect(clock.sleeps).toEqual([125, 250]);
    expect(leaks(allText(err), [SECRET])).toEqual([]);
  });

  it("with a fixed token the first API call says the same", async () => {
    const port = await closedPort();
    const err = await rejection(() =>
      client({ host: `http://127.0.0.1:${port}`, token: TOKEN }).listAuth0Connections(),
    );
    expect(err).toMatchObject({ reason: "unreachable", settings: ["host"] });
    expect(err.message).toMatch(/^Could not reach Infisical at .*\(GET \/api\/v1\/app-connections\/auth0, 3 attempts/);
    expect(leaks(allText(err), [TOKEN])).toEqual([]);
  });
});

describe("errors name settings the way the caller does (settingName)", () => {
  const terraformNames: Record<string, string> = {
    host: "host (or INFISICAL_HOST)",
    clientId: "auth.universal.client_id (or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID)",
    clientSecret: "auth.universal.client_secret (or INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)",
    token: "auth.token (or INFISICAL_TOKEN)",
  };
  const settingName = (key: SettingKey) => terraformNames[key] ?? key;

  it("a wrong secret names the caller's settings", async () => {
    env = await startEnv();
    const c = env.client({ clientSecret: SECRET, settingName });
    const err = await rejection(() => c.listAuth0Connections());
    expect(err).toMatchObject({ reason: "login-rejected", settings: ["clientId", "clientSecret"] });
    expect(err.message).toContain(
      "Check auth.universal.client_id (or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID) and auth.universal.client_secret " +
        "(or INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET).",
    );
    expect(err.message).not.toContain("option");
    expect(leaks(allText(err), [SECRET, ...env.secrets()])).toEqual([]);
  });

  it("unreachable and not-Infisical name the caller's host setting", async () => {
    const port = await closedPort();
    const down = await rejection(() =>
      client({ host: `http://127.0.0.1:${port}`, token: TOKEN, settingName }).listAuth0Connections(),
    );
    expect(down.message).toContain("Check host (or INFISICAL_HOST), and that Infisical is running");
    server = await localServer((_req, res) => res.writeHead(404).end());
    const other = await rejection(() =>
      client({ host: server?.url, token: TOKEN, settingName }).listAuth0Connections(),
    );
    expect(other.message).toContain("got HTTP 404 with an empty body. Check host (or INFISICAL_HOST): it must be");
  });

  it("configuration errors too, with the keys to fix", () => {
    let err: unknown;
    try {
      resolveSettings({ clientId: "id-1", settingName }, {});
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      reason: "config",
      settings: ["clientSecret"],
      message:
        "auth.universal.client_secret (or INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET) is missing while " +
        "auth.universal.client_id (or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID) is set",
    });
  });

  it("a refused fixed token names the token setting", async () => {
    env = await startEnv();
    const err = await rejection(() =>
      (env as TestEnv).client({ token: "zz-not-a-jwt-token", settingName }).listAuth0Connections(),
    );
    expect(err).toMatchObject({ reason: "token-rejected", settings: ["token"] });
    expect(err.message).toMatch(
      /^Infisical refused the access token \(auth\.token \(or INFISICAL_TOKEN\)\): it is invalid/,
    );
    expect(err.message).not.toContain("zz-not-a-jwt-token");
  });
});
