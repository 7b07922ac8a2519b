import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in Auth0 on a loopback address: answers the client-credentials grant the way the test tells it to. With
 * `hold()`, requests wait until the test calls `release()`, so a test can order what the emulator does while its
 * Auth0 call is in flight.
 */
export interface FakeAuth0 {
  /** `http://<host>:<port>` (what a connection's `domain` can be). */
  domain: string;
  port: number;
  received: Record<string, string>[];
  paths: string[];
  reply: { status: number; body: unknown };
  /** From now on, requests wait for `release()`. */
  hold(): void;
  /** Resolves once `n` requests in all have arrived. */
  receivedCount(n: number): Promise<void>;
  /** Answers every held request (in arrival order) and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export const BEARER = { access_token: "tok", token_type: "Bearer", expires_in: 86400 };

export async function startFakeAuth0(host = "127.0.0.1"): Promise<FakeAuth0> {
  let holding = false;
  const held: (() => void)[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      fake.paths.push(`${req.method} ${req.url} ${req.headers["content-type"]}`);
      fake.received.push(Object.fromEntries(new URLSearchParams(raw)));
      for (const w of waiters.filter((x) => fake.received.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      if (holding) held.push(() => answer(res));
      else answer(res);
    });
  });
  const fake: FakeAuth0 = {
    domain: "",
    port: 0,
    received: [],
    paths: [],
    reply: { status: 200, body: BEARER },
    hold: () => {
      holding = true;
    },
    receivedCount: (n) =>
      new Promise((resolve) => {
        if (fake.received.length >= n) resolve();
        else waiters.push({ n, resolve });
      }),
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const answer = (res: ServerResponse) => {
    res.writeHead(fake.reply.status, { "content-type": "application/json" });
    res.end(JSON.stringify(fake.reply.body));
  };
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.domain = `http://${host.includes(":") ? `[${host}]` : host}:${fake.port}`;
  return fake;
}
