import { parseArgs } from "node:util";
import type { EmulatorOptions } from "./types";
import { RULES, loopbackOption, wholeNumber, type WholeNumberRule } from "./options";
import { assertUsableDataFile } from "./store";

export const BIN = "infisical-auth0-emulator";

export const HELP = `Usage: ${BIN} [options]

Starts a local stand-in for Infisical's Auth0 App Connection API on 127.0.0.1. The first line on stdout is one
JSON object (url, orgId, projectId, identity, auth0, oidc); everything else goes to stderr. SIGINT or SIGTERM stops it.
The routes under /__emulator/ are a control surface for tests on this machine (no authentication).

Options:
  --port <n>          port on 127.0.0.1, 0 to 65535; 0 picks a free one (default 0)
  --data <file>       keep the state in this JSON file across restarts (its folder must exist)
  --no-rate-limit     turn the rate limiter off
  --read-limit <n>    GET requests per window, 1 or more (default 60)
  --write-limit <n>   POST/PATCH/DELETE and login requests per window, 1 or more (default 200)
  --window-ms <n>     rate-limit window in milliseconds, 1 or more (default 60000)
  --token-ttl <s>     default access-token lifetime in seconds, 1 or more (default 2592000 = 30 days)
  --aws-sts-endpoint <url>
                      where AWS IAM logins replay their signed request: a fake STS on 127.0.0.1, localhost
                      or [::1] (default: $AWS_ENDPOINT_URL_STS, else $AWS_ENDPOINT_URL; none: AWS logins
                      are refused, the emulator never calls AWS)
  --log               one stderr line per request: method, path, status, duration (never bodies or secrets)
  -h, --help          show this help
`;

/** A mistake in the command line: reported with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

type Flag = { type: "boolean" } | { type: "string"; rule?: WholeNumberRule; accepted: string };

const FLAGS: Record<string, Flag> = {
  port: { type: "string", rule: RULES.port, accepted: RULES.port.accepted },
  data: { type: "string", accepted: "the path of a JSON file in an existing folder" },
  "no-rate-limit": { type: "boolean" },
  "read-limit": { type: "string", rule: RULES.readLimit, accepted: RULES.readLimit.accepted },
  "write-limit": { type: "string", rule: RULES.writeLimit, accepted: RULES.writeLimit.accepted },
  "window-ms": { type: "string", rule: RULES.windowMs, accepted: RULES.windowMs.accepted },
  "token-ttl": { type: "string", rule: RULES.tokenTtlSeconds, accepted: RULES.tokenTtlSeconds.accepted },
  "aws-sts-endpoint": { type: "string", accepted: "an http(s) URL on 127.0.0.1, localhost or [::1]" },
  log: { type: "boolean" },
  help: { type: "boolean" },
};

export type CliCommand = { kind: "help" } | { kind: "run"; options: EmulatorOptions };

/**
 * The command line, checked flag by flag. node:util's parseArgs reads it (non-strict, as tokens) so that the checks
 * and their wording are ours: `--read-limit -5` and `--read-limit=-5` both reach the number check ("must be … 1 or
 * more; got -5") instead of parseArgs' "argument is ambiguous".
 */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  const { tokens } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      Object.entries(FLAGS).map(([name, flag]) => [name, name === "help" ? { ...flag, short: "h" } : flag]),
    ) as Record<string, { type: "string" | "boolean"; short?: string }>,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string | true>();
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      throw new UsageError(`unexpected argument "${token.value}": ${BIN} takes only options`);
    }
    const flag = FLAGS[token.name];
    if (flag === undefined) {
      const known = Object.keys(FLAGS)
        .map((name) => `--${name}`)
        .join(", ");
      throw new UsageError(`unknown option ${token.rawName} (the options are ${known})`);
    }
    if (flag.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value; got ${token.value}`);
      values.set(token.name, true);
    } else {
      // Non-strict parseArgs takes whatever follows as the value; another flag there means the value is missing.
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith("--"))) {
        throw new UsageError(`${token.rawName} needs a value: ${flag.accepted}`);
      }
      values.set(token.name, token.value);
    }
  }
  if (values.has("help")) return { kind: "help" };

  const number = (name: string): number | undefined => {
    const raw = values.get(name);
    const flag = FLAGS[name];
    if (typeof raw !== "string" || flag?.type !== "string" || flag.rule === undefined) return undefined;
    try {
      return wholeNumber(`--${name}`, /^[+-]?\d+$/.test(raw) ? Number(raw) : raw, flag.rule);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  };
  const data = values.get("data");
  if (typeof data === "string") {
    try {
      assertUsableDataFile(data, "--data");
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const limits = { read: number("read-limit"), write: number("write-limit"), windowMs: number("window-ms") };
  const awsStsEndpoint = stsEndpoint(values.get("aws-sts-endpoint"), env);
  return {
    kind: "run",
    options: {
      port: number("port") ?? 0,
      dataFile: typeof data === "string" ? data : undefined,
      accessTokenTtlSeconds: number("token-ttl"),
      log: values.has("log"),
      rateLimit: values.has("no-rate-limit") ? false : limits,
      ...(awsStsEndpoint === undefined ? {} : { awsStsEndpoint }),
    },
  };
}

/** The flag, else Infisical's own variables (`AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL`), checked loopback. */
function stsEndpoint(flag: string | true | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const [label, value] =
    typeof flag === "string"
      ? ["--aws-sts-endpoint", flag]
      : env.AWS_ENDPOINT_URL_STS
        ? ["AWS_ENDPOINT_URL_STS", env.AWS_ENDPOINT_URL_STS]
        : ["AWS_ENDPOINT_URL", env.AWS_ENDPOINT_URL];
  if (value === undefined || value === "") return undefined;
  try {
    return loopbackOption(label, value);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
