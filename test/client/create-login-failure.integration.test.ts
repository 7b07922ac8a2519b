// A create whose login fails never sent its POST: it created nothing, and the error must not say the connection
// "may have been created" (whatever the login's status: a 5xx, a dropped connection, a host that is not Infisical).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionError, createConnection, type DesiredConnection } from "../../provider/connection";
import { InfisicalClient, resolveSettings } from "../../provider/infisical";
import { FakeClock, leaks, localServer, rejection, startEnv, type TestEnv, uniqueName } from "./harness";

const LOGIN = "/api/v1/auth/universal-auth/login";
const CONNECTIONS = "/api/v1/app-connections/auth0";

function desired(env: TestEnv, name: string): DesiredConnection {
  return {
    name,
    description: null,
    projectId: null,
    method: "client-credentials",
    credentials: { ...env.emu.seed.auth0 },
    adoptExisting: false,
    ignoreCredentialRefresh: false,
  };
}

let env: TestEnv;
beforeEach(async () => {
  env = await startEnv({ rateLimit: false });
});
afterEach(async () => {
  await env.close();
});

describe("a create whose login fails", () => {
  it.each([
    ["answers 503 on every attempt", { kind: "status", status: 503 }],
    ["drops the connection on every attempt", { kind: "drop" }],
  ] as const)(
    "when the login %s: no POST was sent, and the error does not say the connection may exist",
    async (_, fault) => {
      await env.emu.admin.injectFault({ method: "POST", path: LOGIN, count: 20, fault });
      const name = uniqueName("never-sent");
      const err = await rejection(() => createConnection(env.client(), desired(env, name)));
      expect(err).not.toBeInstanceOf(ConnectionError);
      expect(err.message).not.toMatch(/may (or may not )?have|MAY exist/i);
      expect(err.notSent).toBe(true);
      const requests = await env.emu.admin.requests();
      expect(requests.filter((r) => r.path === CONNECTIONS)).toEqual([]);
      expect(requests.filter((r) => r.path === LOGIN).length).toBeGreaterThan(1);
      expect((await env.emu.admin.connections()).filter((c) => c.name === name)).toEqual([]);
      expect(leaks(err.message, env.secrets())).toEqual([]);
    },
  );

  it("when the host is not Infisical: says so, and not that the connection may exist", async () => {
    const web = await localServer((_req, res) => {
      res.writeHead(501, { "content-type": "text/html" });
      res.end("<h1>Not Implemented</h1>");
    });
    const client = new InfisicalClient(
      resolveSettings({ host: web.url, clientId: "id", clientSecret: "identity-secret", clock: new FakeClock() }, {}),
    );
    try {
      const err = await rejection(() => createConnection(client, desired(env, uniqueName("not-infisical"))));
      expect(err).not.toBeInstanceOf(ConnectionError);
      expect(err.reason).toBe("not-infisical");
      expect(err.message).toContain(`The server at ${web.url} is not answering as Infisical does`);
      expect(err.message).not.toMatch(/may (or may not )?have|MAY exist/i);
      expect(web.count()).toBe(1);
    } finally {
      await client.close();
      await web.close();
    }
  });

  it("a create whose POST answer is lost still says the connection may exist (the POST was sent)", async () => {
    await env.emu.admin.injectFault({ method: "POST", path: CONNECTIONS, count: 1, fault: { kind: "commitThenDrop" } });
    const name = uniqueName("lost");
    await env.emu.admin.injectFault({
      method: "GET",
      path: `${CONNECTIONS}/connection-name/${name}`,
      count: 20,
      fault: { kind: "status", status: 503 },
    });
    const err = await rejection(() => createConnection(env.client(), desired(env, name)));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as unknown as ConnectionError).code).toBe("create-outcome-unknown");
  });
});
