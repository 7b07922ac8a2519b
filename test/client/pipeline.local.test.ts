import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { InfisicalClient, resolveSettings, type InfisicalSettingsInput } from "../../provider/infisical";
import { rejection } from "./harness";

/** Faults the emulator does not model, played by a throwaway node:http server on 127.0.0.1. */

let server: Server | undefined;
const clients: InfisicalClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  server = createServer((req, res) => {
    n += 1;
    req.resume();
    req.on("end", () => handler(req, res, n));
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

function client(url: string, opts: InfisicalSettingsInput = {}): InfisicalClient {
  const c = new InfisicalClient(
    resolveSettings({ host: url, token: "zz-local-token", maxRetryDelayMs: 100, ...opts }, {}),
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

  it("a non-JSON error page becomes a short, clear message", async () => {
    const url = await serve((_req, res) => res.writeHead(404, { "content-type": "text/plain" }).end("no such route"));
    const err = await rejection(() => client(url).getAppConnectionOptions());
    expect(err).toMatchObject({ status: 404, kind: "http" });
    expect(err.message).toBe("HTTP 404: no such route");
  });

  it("a 2xx that is not the documented shape is an invalid-response error naming the field", async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end('{"appConnectionOptions":[{"name":"Auth0"}]}'),
    );
    const err = await rejection(() => client(url).getAppConnectionOptions());
    expect(err).toMatchObject({ kind: "invalid-response" });
    expect(err.message).toContain("appConnectionOptions.0.app: missing");
  });

  it("honours an HTTP-date retry-after", async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { "retry-after": new Date(Date.now() + 2_000).toUTCString() }).end("{}");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS);
    });
    const started = Date.now();
    await client(url, { maxRetryDelayMs: 5_000 }).getAppConnectionOptions();
    // The date has one-second resolution: at least ~1 s must have been waited.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
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
    const c = client(url, { maxRetries: 3, maxRetryDelayMs: 5_000 });
    await c.getAppConnectionOptions();
    await c.close();
    const started = Date.now();
    const err = await rejection(() => c.getAppConnectionOptions());
    expect(err).toMatchObject({ kind: "network", retryable: false });
    expect(err.message).toMatch(/the client was closed/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("connections", () => {
  it("keeps connections alive across sequential requests", async () => {
    let connections = 0;
    const url = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS));
    server?.on("connection", () => connections++);
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
      expect(err).toMatchObject({ kind: "timeout", code: "UND_ERR_CONNECT_TIMEOUT", maybeProcessed: false });
      expect(err.message).toMatch(/connect timeout/);
      // Two attempts of ~300 ms each, far below the 20 s request timeout.
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => tcp.close(() => r()));
    }
  });
});
