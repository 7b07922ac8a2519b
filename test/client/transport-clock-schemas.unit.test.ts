// The client's innermost pieces, called directly: the transport's request headers and debug records against a
// local server on 127.0.0.1, the system clock's zero wait and abort handling, and the response parsers' words.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../provider/infisical/clock";
import { buildParsers } from "../../provider/infisical/schemas";
import { createPool, transport, type Pool } from "../../provider/infisical/transport";
import { closedPort } from "../emulator/loopback-server";
import { localServer, type LocalServer } from "./harness";

let server: LocalServer | undefined;
let pool: Pool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await server?.close();
  server = undefined;
});

type Record_ = { level: string; msg: string; fields?: Record<string, unknown> };

function logged(host: string) {
  const records: Record_[] = [];
  const opts = {
    host,
    connectTimeoutMs: 5_000,
    requestTimeoutMs: 10_000,
    logger: (level: string, msg: string, fields?: Record<string, unknown>) => records.push({ level, msg, fields }),
  };
  pool = createPool(opts);
  return { send: transport(pool, opts), records };
}

describe("transport", () => {
  it("sends accept always, authorization only with a token, content-type only with a body", async () => {
    const seen: Record<string, string | undefined>[] = [];
    server = await localServer((req, res, _n, body) => {
      seen.push({
        accept: req.headers.accept,
        authorization: req.headers.authorization,
        type: req.headers["content-type"],
        body,
      });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const { send } = logged(server.url);
    await send({ method: "GET", path: "/a", auth: false, idempotent: true });
    await send({ method: "POST", path: "/b", auth: true, idempotent: false, token: "zz-tok", body: { x: 1 } });
    expect(seen).toEqual([
      { accept: "application/json", authorization: undefined, type: undefined, body: "" },
      { accept: "application/json", authorization: "Bearer zz-tok", type: "application/json", body: '{"x":1}' },
    ]);
  });

  it("logs each exchange: the path without its query, the status, the attempt, the reqId of a JSON answer", async () => {
    const answers = ['{"reqId":"req-7","x":1}', "<html>bad gateway</html>", "null", ""];
    server = await localServer((_req, res, n) => res.writeHead(n === 2 ? 502 : 200).end(answers[n - 1]));
    const { send, records } = logged(server.url);
    const bodies = [];
    for (const attempt of [undefined, 2, undefined, 4]) {
      const r = await send({ method: "GET", path: "/api/x?projectId=p", auth: false, idempotent: true, attempt });
      bodies.push(r.body);
    }
    expect(bodies).toEqual([{ reqId: "req-7", x: 1 }, "<html>bad gateway</html>", null, ""]);
    expect(records.map((r) => [r.level, r.msg, { ...r.fields, ms: undefined }])).toEqual([
      ["debug", "infisical request", { method: "GET", path: "/api/x", status: 200, attempt: 1, reqId: "req-7" }],
      ["debug", "infisical request", { method: "GET", path: "/api/x", status: 502, attempt: 2, reqId: undefined }],
      ["debug", "infisical request", { method: "GET", path: "/api/x", status: 200, attempt: 1, reqId: undefined }],
      ["debug", "infisical request", { method: "GET", path: "/api/x", status: 200, attempt: 4, reqId: undefined }],
    ]);
    // Elapsed milliseconds: a duration, not a sum of two epochs.
    for (const r of records) expect(r.fields?.ms).toBeGreaterThanOrEqual(0);
    for (const r of records) expect(r.fields?.ms).toBeLessThan(1e9);
  });

  it("logs a failed exchange with status 0, the error's code and the attempt, then throws", async () => {
    const port = await closedPort();
    const { send, records } = logged(`http://127.0.0.1:${port}`);
    for (const attempt of [undefined, 3]) {
      await expect(
        send({ method: "GET", path: "/q?s=1", auth: false, idempotent: true, attempt }),
      ).rejects.toMatchObject({
        kind: "network",
        code: "ECONNREFUSED",
      });
    }
    expect(records.map((r) => [r.level, r.msg, { ...r.fields, ms: undefined }])).toEqual([
      ["debug", "infisical request failed", { method: "GET", path: "/q", status: 0, attempt: 1, code: "ECONNREFUSED" }],
      ["debug", "infisical request failed", { method: "GET", path: "/q", status: 0, attempt: 3, code: "ECONNREFUSED" }],
    ]);
    for (const r of records) expect(r.fields?.ms).toBeLessThan(1e9);
  }, 15_000);
});

describe("systemClock", () => {
  it("a zero or negative wait resolves at once, without a timer", async () => {
    for (const ms of [0, -5]) {
      let done = false;
      void systemClock.sleep(ms).then(() => (done = true));
      await Promise.resolve();
      await Promise.resolve();
      expect(done).toBe(true);
    }
  });

  it("an aborted signal rejects with its reason, or with 'aborted' when it has none", async () => {
    const c = new AbortController();
    c.abort(new Error("stop now"));
    await expect(systemClock.sleep(10, c.signal)).rejects.toThrow("stop now");
    const bare = { aborted: true, reason: undefined } as unknown as AbortSignal;
    await expect(systemClock.sleep(10, bare)).rejects.toThrow("aborted");
  });

  it("listens for abort once, and stops listening when the wait ends", async () => {
    const calls: unknown[][] = [];
    const signal = {
      aborted: false,
      addEventListener: (...a: unknown[]) => calls.push(["add", ...a]),
      removeEventListener: (...a: unknown[]) => calls.push(["remove", ...a]),
    } as unknown as AbortSignal;
    await systemClock.sleep(1, signal);
    expect(calls).toEqual([
      ["add", "abort", expect.any(Function), { once: true }],
      ["remove", "abort", calls[0]![2]],
    ]);
  });

  it("an abort during the wait rejects with the signal's reason", async () => {
    const c = new AbortController();
    const waiting = systemClock.sleep(60_000, c.signal);
    c.abort(new Error("cancelled"));
    await expect(waiting).rejects.toThrow("cancelled");
  });
});

const VALID = {
  id: "c-1",
  name: "n",
  description: null,
  version: 1,
  orgId: "o",
  projectId: null,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  gatewayId: null,
  credentialsHash: null,
  app: "auth0",
  method: "client-credentials",
  credentials: { domain: "d.auth0.com", clientId: "ci", audience: "https://d.auth0.com/api/v2/" },
};

describe("response parsers", () => {
  // Built inside each test: Stryker counts code run while collecting tests as covered by none of them.
  let p: ReturnType<typeof buildParsers>;
  beforeEach(() => {
    p = buildParsers();
  });

  it("an answer without isPlatformManagedCredentials (older servers) reads it as false", () => {
    expect(p.connection({ appConnection: VALID }, "GET x").isPlatformManagedCredentials).toBe(false);
  });

  it("words each problem: missing, of the wrong type, not the expected value, the body itself", () => {
    const bad = { ...VALID, name: undefined, version: "1", app: "okta" };
    expect(() => p.connection({ appConnection: bad }, "GET /c")).toThrow(
      'Unexpected answer from Infisical for GET /c: appConnection.name: missing; appConnection.version: expected number; appConnection.app: expected "auth0"',
    );
    expect(() => p.options(null, "GET /o")).toThrow(
      "Unexpected answer from Infisical for GET /o: (body): expected object",
    );
  });

  it("shows the first five problems only", () => {
    const bad = { id: 1, name: 2, version: "v", orgId: 3, createdAt: 4, updatedAt: 5, app: "auth0" };
    let message = "";
    try {
      p.connection({ appConnection: bad }, "GET /c");
    } catch (err) {
      message = (err as Error).message;
      expect(err).toMatchObject({ kind: "invalid-response", status: 200 });
    }
    expect(message.split("; ")).toHaveLength(5);
  });
});
