import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { InfisicalClient, resolveSettings, type InfisicalSettingsInput } from "../../provider/infisical";
import { FakeClock, localServer, rejection, type LocalServer } from "./harness";

/** Faults the emulator does not model, played by a throwaway node:http server on 127.0.0.1. */

let server: LocalServer | undefined;
const clients: InfisicalClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  server = await localServer(handler);
  return server.url;
}

function client(url: string, opts: InfisicalSettingsInput = {}): InfisicalClient {
  const c = new InfisicalClient(
    resolveSettings({ host: url, token: "zz-local-token", clock: new FakeClock(), ...opts }, {}),
  );
  clients.push(c);
  return c;
}

const OPTIONS = JSON.stringify({
  appConnectionOptions: [{ name: "Auth0", app: "auth0", methods: ["client-credentials"] }],
});

describe("pipeline against a local server", () => {
  it("the request timeout covers the whole request, body included", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"appConnectionOptions": [');
      // The body never completes: headers alone must not satisfy the timeout.
      const t = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(t));
    });
    const err = await rejection(() => client(url, { requestTimeoutMs: 400, maxRetries: 1 }).getAppConnectionOptions());
    expect(err).toMatchObject({ kind: "timeout", status: 0 });
  });

  it("retries a proxy's 502 HTML page, then succeeds", async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(502, { "content-type": "text/html" }).end("<html>Bad Gateway</html>");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS);
    });
    expect(await client(url).getAppConnectionOptions()).toHaveLength(1);
  });

  it("a proxy's 503 text page that persists: its short text, and how hard the client tried", async () => {
    const url = await serve((_req, res) => res.writeHead(503, { "content-type": "text/plain" }).end("busy"));
    const err = await rejection(() => client(url, { maxRetries: 1, random: () => 0 }).getAppConnectionOptions());
    expect(err).toMatchObject({ status: 503, kind: "http", retryable: true, attempts: 2 });
    expect(err.message).toBe("HTTP 503: busy; gave up after 2 attempts over 125 ms");
  });

  it("a 2xx that is not the documented shape is an invalid-response error naming the field", async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end('{"appConnectionOptions":[{"name":"Auth0"}]}'),
    );
    const err = await rejection(() => client(url).getAppConnectionOptions());
    expect(err).toMatchObject({ kind: "invalid-response" });
    expect(err.message).toContain("appConnectionOptions.0.app: missing");
  });

  it("honours an HTTP-date retry-after, against the client's clock", async () => {
    const clock = new FakeClock(Date.parse("2026-01-01T00:00:00Z"));
    const url = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { "retry-after": "Thu, 01 Jan 2026 00:00:02 GMT" }).end("{}");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS);
    });
    await client(url, { clock, random: () => 0 }).getAppConnectionOptions();
    expect(clock.sleeps).toEqual([2_000]);
  });

  it("a connection reset mid-body on GET is retried", async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
        res.write('{"appConnectionOptions":');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS);
    });
    expect(await client(url).getAppConnectionOptions()).toHaveLength(1);
  });

  it("sends the bearer token and JSON, and never a token in the query", async () => {
    let seen: IncomingMessage | undefined;
    const url = await serve((req, res) => {
      seen = req;
      res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS);
    });
    await client(url).getAppConnectionOptions();
    expect(seen?.headers.authorization).toBe("Bearer zz-local-token");
    expect(seen?.url).toBe("/api/v1/app-connections/options");
  });
});

describe("a closed client", () => {
  it("fails at once with a clear error instead of retrying", async () => {
    const url = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS));
    const clock = new FakeClock();
    const c = client(url, { maxRetries: 3, clock });
    await c.getAppConnectionOptions();
    await c.close();
    const err = await rejection(() => c.getAppConnectionOptions());
    expect(err).toMatchObject({ kind: "network", retryable: false });
    expect(err.message).toMatch(/the client was closed/);
    expect(clock.sleeps).toEqual([]);
  });
});

describe("connections", () => {
  it("keeps connections alive across sequential requests", async () => {
    let connections = 0;
    const url = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS));
    server?.server.on("connection", () => connections++);
    const c = client(url);
    for (let i = 0; i < 20; i++) await c.getAppConnectionOptions();
    // Reused, not one per request (the Pool may open a second while the first is being released).
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(2);
  });

  it("connectTimeoutMs bounds the connection set-up (a TLS handshake that never completes)", async () => {
    const sockets: Socket[] = [];
    const tcp = createTcpServer((s) => sockets.push(s));
    await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", () => r()));
    const port = (tcp.address() as AddressInfo).port;
    try {
      const c = client(`https://127.0.0.1:${port}`, { connectTimeoutMs: 300, requestTimeoutMs: 20_000, maxRetries: 1 });
      const started = Date.now();
      const err = await rejection(() => c.getAppConnectionOptions());
      expect(err).toMatchObject({
        kind: "timeout",
        code: "UND_ERR_CONNECT_TIMEOUT",
        maybeProcessed: false,
        reason: "unreachable",
        attempts: 2,
      });
      expect(err.message).toMatch(/connect timeout/);
      // Two attempts of ~300 ms each, far below the 20 s request timeout.
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => tcp.close(() => r()));
    }
  });
});

describe("answers with __proto__, constructor and prototype keys", () => {
  const POISON =
    '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}';
  const connection = (id: string) =>
    `{${POISON},"id":"${id}","name":"n-${id}","description":null,"version":1,"orgId":"o","projectId":null,` +
    `"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z",` +
    `"isPlatformManagedCredentials":false,"gatewayId":null,"credentialsHash":null,"app":"auth0",` +
    `"method":"client-credentials","credentials":{${POISON},"domain":"d","clientId":"c","audience":"https://a/"}}`;

  // Every object of the result has a plain prototype (`constructor` / `prototype` may stay as ordinary keys).
  const unpolluted = (value: unknown): void => {
    if (typeof value !== "object" || value === null) return;
    const proto = Object.getPrototypeOf(value) as unknown;
    expect(proto === Object.prototype || proto === Array.prototype).toBe(true);
    for (const v of Object.values(value)) unpolluted(v);
  };

  it("cannot reach a prototype through any parsed answer, header or error body", async () => {
    const url = await serve((req, res) => {
      const path = req.url ?? "";
      // A header named like a prototype member, too.
      res.setHeader("__proto__", "polluted");
      res.setHeader("content-type", "application/json");
      if (path.endsWith("/options")) {
        res.end(
          `{${POISON},"appConnectionOptions":[{${POISON},"name":"Auth0","app":"auth0","methods":["client-credentials"]}]}`,
        );
      } else if (path.includes("/auth0/1")) {
        res.end(`{${POISON},"appConnection":${connection("1")}}`);
      } else if (path.includes("/auth0?") || path.endsWith("/auth0")) {
        res.end(`{${POISON},"appConnections":[${connection("1").replace(/}$/, ',"project":null}')}]}`);
      } else {
        res.statusCode = 400;
        res.end(`{${POISON},"reqId":"req-x","statusCode":400,"error":"BadRequest","message":"no"}`);
      }
    });
    const c = client(url);
    const results = [
      await c.getAppConnectionOptions(),
      await c.getAuth0Connection("1"),
      await c.listAuth0Connections(),
      await c.getAuth0Connection("1", { projectId: null }),
      await rejection(() => c.deleteAuth0Connection("2")),
    ];
    for (const r of results.slice(0, 4)) unpolluted(r);
    expect(results[4]).toMatchObject({ status: 400, message: "no" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    // Drift detection sees exactly the documented fields.
    expect(Object.keys(results[1] as object).sort()).toEqual(
      [
        "app",
        "createdAt",
        "credentials",
        "credentialsHash",
        "description",
        "gatewayId",
        "id",
        "isPlatformManagedCredentials",
        "method",
        "name",
        "orgId",
        "projectId",
        "updatedAt",
        "version",
      ].sort(),
    );
  });
});

describe("reads with a scope hint against a server whose list has another shape", () => {
  it("fall back to GET by id, and stop listing in that scope", async () => {
    const paths: string[] = [];
    const url = await serve((req, res) => {
      const path = (req.url ?? "").split("?")[0] ?? "";
      paths.push(path);
      res.setHeader("content-type", "application/json");
      if (path.endsWith("/auth0")) {
        res.end('{"items":[]}');
        return;
      }
      const id = path.split("/").at(-1) ?? "";
      // Slow enough that the reads overlap, as a plan's parallel refreshes do.
      setTimeout(
        () =>
          res.end(
            JSON.stringify({
              appConnection: {
                id,
                name: `n-${id}`,
                description: null,
                version: 1,
                orgId: "o",
                projectId: null,
                createdAt: "c",
                updatedAt: "u",
                app: "auth0",
                method: "client-credentials",
                credentials: { domain: "d", clientId: "c", audience: "a" },
              },
            }),
          ),
        20,
      );
    });
    const c = client(url);
    const ids = ["a1", "a2", "a3", "a4"];
    const got = await Promise.all(ids.map((id) => c.getAuth0Connection(id, { projectId: null })));
    expect(got.map((g) => g.id)).toEqual(ids);
    expect(await c.getAuth0Connection("a5", { projectId: null })).toMatchObject({ id: "a5" });
    const lists = paths.filter((p) => p.endsWith("/auth0"));
    expect(lists).toHaveLength(1);
    expect(paths.filter((p) => !p.endsWith("/auth0"))).toHaveLength(5);
  });
});
