import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index";
import {
  InfisicalClient,
  resolveSettings,
  type Clock,
  type InfisicalSettingsInput,
  type LogLevel,
} from "../../provider/infisical";

/**
 * A clock whose sleeps return at once and move its time forward: waits are recorded and asserted, never slept.
 * Concurrent sleepers model parallel waiting: each wakes at (its start + ms), so two who wait for the same moment
 * move the time there once, not twice.
 */
export class FakeClock implements Clock {
  /** Every wait asked for, in order. */
  readonly sleeps: number[] = [];

  constructor(private t = Date.parse("2026-01-01T00:00:00Z")) {}

  now(): number {
    return this.t;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const wake = this.t + Math.max(0, ms);
    this.sleeps.push(ms);
    // Let other callers run (and start their own waits from the same time) first, as a real wait would.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.t = Math.max(this.t, wake);
  }

  /** Time passing outside any sleep (e.g. between two commands). */
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface LogLine {
  level: LogLevel;
  msg: string;
  fields?: Record<string, unknown>;
}

export interface TestEnv {
  emu: RunningEmulator;
  logs: LogLine[];
  /** The clock every client of this env uses unless given another: no test waits for real. */
  clock: FakeClock;
  /** A universal-auth client on the fake clock; options override. */
  client(opts?: InfisicalSettingsInput): InfisicalClient;
  /** Every secret of the seed, to search error text and logs for. */
  secrets(): string[];
  close(): Promise<void>;
}

let counter = 0;
/** Unique, valid connection names across a test file. */
export function uniqueName(prefix = "conn"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export async function startEnv(options: EmulatorOptions = { rateLimit: false }): Promise<TestEnv> {
  const emu = await startEmulator(options);
  const clock = new FakeClock();
  const logs: LogLine[] = [];
  const clients: InfisicalClient[] = [];
  const tokens: string[] = [];
  return {
    emu,
    logs,
    clock,
    client(opts = {}) {
      const c = new InfisicalClient(
        resolveSettings(
          {
            host: emu.url,
            clientId: emu.seed.identity.clientId,
            clientSecret: emu.seed.identity.clientSecret,
            requestTimeoutMs: 10_000,
            clock,
            logger: (level, msg, fields) => logs.push({ level, msg, fields }),
            ...opts,
          },
          {},
        ),
      );
      clients.push(c);
      if (opts.token) tokens.push(opts.token);
      return c;
    },
    secrets() {
      return [emu.seed.identity.clientSecret, emu.seed.auth0.clientSecret, ...tokens];
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await emu.close();
    },
  };
}

/** Runs `fn`, expecting an error, and returns it. */
export async function rejection(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}

/** Logs in directly (no client) to get a real access token, e.g. to test fixed-token mode. */
export async function loginToken(emu: RunningEmulator): Promise<string> {
  const res = await fetch(`${emu.url}/api/v1/auth/universal-auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientId: emu.seed.identity.clientId, clientSecret: emu.seed.identity.clientSecret }),
  });
  const body = (await res.json()) as { accessToken: string };
  return body.accessToken;
}

/** Asserts that none of `secrets` appears in `text`. */
export function leaks(text: string, secrets: string[]): string[] {
  return secrets.filter((s) => text.includes(s));
}

export interface LocalServer {
  url: string;
  server: Server;
  /** Requests answered so far. */
  count(): number;
  close(): Promise<void>;
}

/** A throwaway node:http server on 127.0.0.1 playing what the emulator does not model (other servers, odd answers). */
export async function localServer(
  handler: (req: IncomingMessage, res: ServerResponse, n: number, body: string) => void,
): Promise<LocalServer> {
  let n = 0;
  const server = createServer((req, res) => {
    n += 1;
    const i = n;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handler(req, res, i, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    count: () => n,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
