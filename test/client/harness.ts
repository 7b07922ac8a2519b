import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { InfisicalClient, resolveSettings, type InfisicalSettingsInput, type LogLevel } from "../../provider/infisical";

export interface LogLine {
  level: LogLevel;
  msg: string;
  fields?: Record<string, unknown>;
}

export interface TestEnv {
  emu: RunningEmulator;
  logs: LogLine[];
  /** A universal-auth client with short retry waits; options override. */
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
  const logs: LogLine[] = [];
  const clients: InfisicalClient[] = [];
  const tokens: string[] = [];
  return {
    emu,
    logs,
    client(opts = {}) {
      const c = new InfisicalClient(
        resolveSettings(
          {
            host: emu.url,
            clientId: emu.seed.identity.clientId,
            clientSecret: emu.seed.identity.clientSecret,
            maxRetryDelayMs: 200,
            requestTimeoutMs: 10_000,
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
