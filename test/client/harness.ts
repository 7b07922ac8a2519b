import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index";
import type { KubernetesAuthInput } from "../../emulator/types";
import {
  InfisicalApiError,
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
export { loginToken } from "../support/emulator";

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

/** Runs `fn`, expecting a synchronous InfisicalApiError (a settings error), and returns it. */
export function syncError(fn: () => unknown): InfisicalApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InfisicalApiError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

/** Any JWT (OIDC ID tokens, the emulator's access tokens): header.payload.signature in base64url. */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/**
 * What `texts` (by where they come from: output, trace log, state…) show of `secrets` or of any JWT, as
 * `["trace: zz-secr…", "state: a JWT"]`; a test expects none.
 */
export function credentialsShown(texts: Record<string, string>, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const secret of secrets) if (text.includes(secret)) found.push(`${where}: ${secret.slice(0, 8)}…`);
    if (JWT.test(text)) found.push(`${where}: a JWT`);
  }
  return found;
}

/**
 * Static AWS credentials for the AWS SDK's default chain, and everything that would let it look elsewhere switched
 * off: no instance metadata, no profile files, no web identity, no container credentials. Nothing reaches real AWS.
 */
export function hermeticAwsEnv(creds: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  region: string;
}) {
  return {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
    AWS_REGION: creds.region,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    AWS_PROFILE: "",
    AWS_DEFAULT_REGION: "",
    AWS_WEB_IDENTITY_TOKEN_FILE: "",
    AWS_CONTAINER_CREDENTIALS_FULL_URI: "",
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "",
  };
}

/** Sets `vars` in this process's environment (blank values delete); returns the function that restores it. */
export function setProcessEnv(vars: Record<string, string>): () => void {
  const saved = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === "") delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/**
 * A new identity of the emulator with Kubernetes auth reviewing tokens at `kubernetesHost` with `reviewer` (any
 * namespace and name unless `config` says otherwise); returns its ID.
 */
export async function kubernetesIdentity(
  emu: RunningEmulator,
  kubernetesHost: string,
  reviewer: string,
  config: Partial<KubernetesAuthInput> = {},
): Promise<string> {
  const { identityId } = await emu.admin.addIdentity();
  await emu.admin.attachKubernetesAuth(identityId, {
    kubernetesHost,
    tokenReviewerJwt: reviewer,
    allowedNamespaces: "",
    allowedNames: "",
    allowedAudience: "",
    ...config,
  });
  return identityId;
}
