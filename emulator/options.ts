import type { EmulatorOptions } from "./types";
import { DEFAULT_TOKEN_TTL_SECONDS } from "./state";
import { isLoopbackUrl } from "./loopback";

/** A whole-number setting: its range, and how a user is told about it. */
export interface WholeNumberRule {
  min: number;
  max: number;
  /** What is accepted, as a user reads it: "a whole number from 0 to 65535 (0 picks a free port)". */
  accepted: string;
}

const rule = (min: number, max: number, accepted: string): WholeNumberRule => ({ min, max, accepted });

/** The numeric settings, shared by `startEmulator()` (named as options) and the CLI (named as flags). */
export const RULES = {
  port: rule(0, 65_535, "a whole number from 0 to 65535 (0 picks a free port)"),
  readLimit: rule(1, Number.MAX_SAFE_INTEGER, "a whole number of requests per window, 1 or more"),
  writeLimit: rule(1, Number.MAX_SAFE_INTEGER, "a whole number of requests per window, 1 or more"),
  // @fastify/rate-limit keeps each window in a timer.
  windowMs: rule(1, 2 ** 31 - 1, "a whole number of milliseconds from 1 to 2147483647"),
  tokenTtlSeconds: rule(1, 315_360_000, "a whole number of seconds from 1 to 315360000 (10 years)"),
  outboundTimeoutMs: rule(1, 2 ** 31 - 1, "a whole number of milliseconds from 1 to 2147483647"),
} satisfies Record<string, WholeNumberRule>;

/** `value` checked against `rule`; the error names `label` and says what is accepted. */
export function wholeNumber(label: string, value: unknown, r: WholeNumberRule): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= r.min && value <= r.max) return value;
  throw new Error(`${label} must be ${r.accepted}; got ${typeof value === "string" ? value : JSON.stringify(value)}`);
}

export interface ResolvedOptions {
  port: number;
  dataFile: string | undefined;
  defaultTtlSeconds: number;
  log: boolean;
  limits: { read: number; write: number; windowMs: number } | false;
  now: () => number;
  outboundTimeoutMs: number;
  awsStsEndpoint: string | undefined;
}

/** A loopback http(s) URL (parsed, not by prefix), or an error naming `label`. */
export function loopbackOption(label: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || !isLoopbackUrl(url)) {
    throw new Error(
      `${label} must be an http(s) URL on 127.0.0.1, localhost or [::1] (a fake STS; the emulator never calls ` +
        `AWS); got ${typeof value === "string" ? value : JSON.stringify(value)}`,
    );
  }
  return value as string;
}

/** Defaults applied and every option checked before anything starts, with errors naming the option. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const optional = (name: string, value: unknown, r: WholeNumberRule, fallback: number): number =>
    value === undefined ? fallback : wholeNumber(`EmulatorOptions.${name}`, value, r);
  const { rateLimit } = options;
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new Error("EmulatorOptions.now must be a function returning milliseconds since the epoch");
  }
  return {
    port: optional("port", options.port, RULES.port, 0),
    dataFile: options.dataFile,
    defaultTtlSeconds: optional(
      "accessTokenTtlSeconds",
      options.accessTokenTtlSeconds,
      RULES.tokenTtlSeconds,
      DEFAULT_TOKEN_TTL_SECONDS,
    ),
    log: options.log ?? false,
    limits:
      rateLimit === false
        ? false
        : {
            read: optional("rateLimit.read", rateLimit?.read, RULES.readLimit, 60),
            write: optional("rateLimit.write", rateLimit?.write, RULES.writeLimit, 200),
            windowMs: optional("rateLimit.windowMs", rateLimit?.windowMs, RULES.windowMs, 60_000),
          },
    now: options.now ?? Date.now,
    outboundTimeoutMs: optional("outboundTimeoutMs", options.outboundTimeoutMs, RULES.outboundTimeoutMs, 10_000),
    awsStsEndpoint:
      options.awsStsEndpoint === undefined
        ? undefined
        : loopbackOption("EmulatorOptions.awsStsEndpoint", options.awsStsEndpoint),
  };
}
