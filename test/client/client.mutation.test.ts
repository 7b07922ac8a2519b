// InfisicalClient against a scripted fake Infisical on 127.0.0.1 (answers chosen per test, requests recorded): the
// create's reconcile after a lost answer (the trimmed name, each credential field compared), the secrets scrubbed
// from echoed errors, the words of errors after one or several attempts, the list cache's fallback to GET-by-id
// only when listing is refused, the lists dropped around a write, and how a client prints.
import type { IncomingMessage, ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { InfisicalClient, resolveSettings } from "../../provider/infisical";
import { FakeClock, localServer, rejection, type LocalServer } from "./harness";

const AUTH0 = "/api/v1/app-connections/auth0";
const TOKEN = "zz-fixed-token-never-shown";
const SECRET = "zz-auth0-client-secret-never-shown";
const CREDS = { domain: "acme.auth0.com", clientId: "cid-1", audience: "https://acme.auth0.com/api/v2/" };

function connection(over: Record<string, unknown> = {}) {
  return {
    id: "c-1",
    name: "conn",
    description: null,
    version: 1,
    orgId: "o-1",
    projectId: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    isPlatformManagedCredentials: false,
    gatewayId: null,
    credentialsHash: null,
    app: "auth0",
    method: "client-credentials",
    credentials: CREDS,
    ...over,
  };
}

type Answer = { status: number; body: unknown } | { status: number; text: string } | "reset";
interface Seen {
  method: string;
  url: string;
  body: string;
}

let server: LocalServer | undefined;
const clients: InfisicalClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
});

/** A fake Infisical answering each request with `answer(seen, n)` (a JSON body, a text body, or a reset). */
async function fake(answer: (s: Seen, n: number) => Answer | Promise<Answer>): Promise<Seen[]> {
  const seen: Seen[] = [];
  server = await localServer((req: IncomingMessage, res: ServerResponse, n, body) => {
    const s = { method: req.method ?? "", url: req.url ?? "", body };
    seen.push(s);
    void Promise.resolve(answer(s, n)).then((a) => {
      if (a === "reset") return req.socket.destroy();
      if ("text" in a) return res.writeHead(a.status, { "content-type": "text/html" }).end(a.text);
      res.writeHead(a.status, { "content-type": "application/json" }).end(JSON.stringify(a.body));
    });
  });
  return seen;
}

function client(maxRetries = 1): InfisicalClient {
  const c = new InfisicalClient(
    resolveSettings({ host: server!.url, token: TOKEN, maxRetries, clock: new FakeClock() }, {}),
  );
  clients.push(c);
  return c;
}

const envelope = (status: number, message: string) => ({
  status,
  body: { reqId: "r-1", statusCode: status, error: status >= 500 ? "InternalServerError" : "BadRequest", message },
});

describe("create: a lost answer is reconciled by name", () => {
  it("looks the trimmed name up and, with the same credentials (blanks aside), takes the found connection", async () => {
    const seen = await fake((s) =>
      s.method === "POST" ? envelope(503, "busy") : { status: 200, body: { appConnection: connection() } },
    );
    const got = await client().createAuth0Connection({
      name: "  conn ",
      credentials: {
        domain: ` ${CREDS.domain} `,
        clientId: ` ${CREDS.clientId}\n`,
        audience: ` ${CREDS.audience} `,
        clientSecret: SECRET,
      },
    });
    expect(got.id).toBe("c-1");
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([`POST ${AUTH0}`, `GET ${AUTH0}/connection-name/conn`]);
  });

  for (const field of ["domain", "clientId", "audience"] as const) {
    it(`a connection of that name with another ${field} is a name clash, not ours`, async () => {
      await fake((s) =>
        s.method === "POST"
          ? envelope(503, "busy")
          : { status: 200, body: { appConnection: connection({ credentials: { ...CREDS, [field]: "other" } }) } },
      );
      const err = await rejection(() =>
        client().createAuth0Connection({ name: "conn", credentials: { ...CREDS, clientSecret: SECRET } }),
      );
      expect(err).toMatchObject({ status: 400, method: "POST", path: AUTH0 });
      expect(err.message).toContain('An App Connection with the name "conn" already exists');
    });
  }

  it("a lookup answered by something other than Infisical: the outcome is unknown, the POST not sent again", async () => {
    const seen = await fake((s) =>
      s.method === "POST" ? envelope(503, "busy") : { status: 404, text: "<html>not found</html>" },
    );
    const err = await rejection(() =>
      client().createAuth0Connection({
        name: "conn",
        projectId: "p-1",
        credentials: { ...CREDS, clientSecret: SECRET },
      }),
    );
    expect(err).toMatchObject({
      reason: "create-outcome-unknown",
      method: "POST",
      path: AUTH0,
      maybeProcessed: true,
      params: { name: "conn", projectId: "p-1" },
    });
    expect(err.message).toMatch(/^The create of App Connection "conn" in project p-1 may or may not have happened/);
    expect(seen.filter((s) => s.method === "POST")).toHaveLength(1);
  });
});

describe("secrets echoed by Infisical are scrubbed", () => {
  it("the client secret of a create and an update, and the client's own token", async () => {
    await fake(() => envelope(400, `bad input: ${SECRET} with ${TOKEN}`));
    const c = client(0);
    const created = await rejection(() =>
      c.createAuth0Connection({ name: "conn", credentials: { ...CREDS, clientSecret: SECRET } }),
    );
    const updated = await rejection(() =>
      c.updateAuth0Connection("c-1", { credentials: { ...CREDS, clientSecret: SECRET } }),
    );
    for (const err of [created, updated]) {
      expect(err.message).toContain("bad input: ");
      expect(err.message).not.toContain(SECRET);
      expect(err.message).not.toContain(TOKEN);
    }
  });
});

describe("the words of a failed request", () => {
  it("a non-Infisical answer names the host setting and the request", async () => {
    await fake(() => ({ status: 404, text: "<html>nope</html>" }));
    const err = await rejection(() => client(0).getAuth0Connection("c-1"));
    expect(err).toMatchObject({ reason: "not-infisical", settings: ["host"], method: "GET", path: `${AUTH0}/c-1` });
    expect(err.message).toContain(`: GET ${AUTH0}/c-1 got `);
  });

  it("a retryable error on the only attempt is told as it is; after several attempts the count is added", async () => {
    await fake(() => envelope(503, "busy"));
    const once = await rejection(() => client(0).getAuth0Connection("c-1"));
    expect(once.message).not.toContain("gave up");
    const twice = await rejection(() => client(1).getAuth0Connection("c-1"));
    expect(twice.message).toMatch(/; gave up after 2 attempts over \d/);
  });

  it("a final error after a retried one is told as it is", async () => {
    await fake((_s, n) => (n === 1 ? envelope(503, "busy") : envelope(404, "App connection not found")));
    const err = await rejection(() => client(1).getAuth0Connection("c-1"));
    expect(err.status).toBe(404);
    expect(err.message).not.toContain("gave up");
  });

  it("a connection reset after a PATCH was sent, on its only attempt: no count of attempts", async () => {
    await fake(() => "reset");
    const err = await rejection(() => client(0).updateAuth0Connection("c-1", { name: "x" }));
    expect(err.message).not.toContain("gave up");
  });

  it("a text answer or a wrong shape names the request path without its query", async () => {
    await fake((_s, n) => (n === 1 ? { status: 200, text: "hello" } : { status: 200, body: { appConnections: 7 } }));
    const c = client(0);
    const text = await rejection(() => c.listAuth0Connections({ projectId: "p-1" }));
    expect(text).toMatchObject({ kind: "invalid-response", reason: "not-infisical", path: AUTH0, method: "GET" });
    const shape = await rejection(() => c.listAuth0Connections({ projectId: "p-1" }));
    expect(shape).toMatchObject({ kind: "invalid-response", path: AUTH0, method: "GET" });
    expect(shape.message).toContain(`for GET ${AUTH0}: appConnections: expected array`);
  });
});

describe("reads through the list: GET-by-id only when listing is refused", () => {
  const byIdOk = (s: Seen): Answer => ({
    status: 200,
    body: { appConnection: connection({ id: s.url.split("/").pop() }) },
  });
  const listOf = (...ids: string[]): Answer => ({
    status: 200,
    body: { appConnections: ids.map((id) => ({ ...connection({ id }), project: null })) },
  });
  /** Two reads at once in the org scope: the first goes by id, the second starts a list. */
  const both = (c: InfisicalClient) =>
    Promise.allSettled([
      c.getAuth0Connection("c-8", { projectId: null }),
      c.getAuth0Connection("c-9", { projectId: null }),
    ]);
  const urls = (seen: Seen[]) => seen.map((s) => s.url).sort();

  for (const [what, answer] of [
    ["403", envelope(403, "not allowed to list")],
    ["404", envelope(404, "no route")],
    ["an answer of the wrong shape", { status: 200, body: { appConnections: "x" } }],
  ] as [string, Answer][]) {
    it(`a list refused with ${what}: the connection is read by id`, async () => {
      const seen = await fake((s) => (s.url.startsWith(`${AUTH0}/c-`) ? byIdOk(s) : answer));
      const [a, b] = await both(client(0));
      expect(a.status === "fulfilled" && a.value.id).toBe("c-8");
      expect(b.status === "fulfilled" && b.value.id).toBe("c-9");
      expect(urls(seen)).toEqual([AUTH0, `${AUTH0}/c-8`, `${AUTH0}/c-9`]);
    });
  }

  for (const [what, answer] of [
    ["500", envelope(500, "boom")],
    ["429", { status: 429, body: { reqId: "r", statusCode: 429, error: "TooManyRequests", message: "slow down" } }],
    ["a non-Infisical 404", { status: 404, text: "<html>proxy</html>" }],
    ["a connection reset", "reset"],
  ] as [string, Answer][]) {
    it(`a list failing with ${what}: the failure, no read by id`, async () => {
      const seen = await fake((s) => (s.url.startsWith(`${AUTH0}/c-`) ? byIdOk(s) : answer));
      const [a, b] = await both(client(0));
      expect(a.status).toBe("fulfilled");
      expect(b.status).toBe("rejected");
      expect(urls(seen)).toEqual([AUTH0, `${AUTH0}/c-8`]);
    });
  }

  it("a write drops the cached lists before it starts and after it ends", async () => {
    let releasePatch!: () => void;
    let patchArrived!: () => void;
    const arrived = new Promise<void>((r) => (patchArrived = r));
    const seen = await fake((s) => {
      if (s.method === "PATCH") {
        patchArrived();
        return new Promise<Answer>((r) => (releasePatch = () => r(byIdOk(s))));
      }
      return s.url === AUTH0 ? listOf("c-8", "c-9") : byIdOk(s);
    });
    const c = client(0);
    const take = () => {
      const now = urls(seen.filter((s) => s.method === "GET"));
      seen.length = 0;
      return now;
    };
    await both(c);
    expect(take()).toEqual([AUTH0, `${AUTH0}/c-8`]);
    await c.getAuth0Connection("c-9", { projectId: null });
    expect(take()).toEqual([]);
    const update = c.updateAuth0Connection("c-8", { name: "conn" });
    await arrived;
    // During the write the list read before it does not answer: read (and list) again.
    await both(c);
    expect(take()).toEqual([AUTH0, `${AUTH0}/c-8`]);
    releasePatch();
    await update;
    // Nor does a list read during the write answer after it.
    await c.getAuth0Connection("c-9", { projectId: null });
    expect(take()).toEqual([`${AUTH0}/c-9`]);
  });
});

describe("the client object", () => {
  it("prints its host only, and says when it is closed", async () => {
    await fake(() => envelope(500, "x"));
    const c = client();
    expect(inspect(c)).toBe(`InfisicalClient { host: '${server!.url}' }`);
    expect(c.closed).toBe(false);
    await c.close();
    expect(c.closed).toBe(true);
    await c.close();
  });
});
