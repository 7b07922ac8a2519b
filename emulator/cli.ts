import { parseArgs } from "node:util";
import { startEmulator } from "./start";
import type { EmulatorOptions } from "./types";

/**
 * `npm run emulator -- --port 0`: the first stdout line is one JSON object with the URL and the seed (so a script can
 * read it and go); everything else goes to stderr.
 */
const HELP = `Usage: tsx emulator/cli.ts [options]
  --port <n>          port on 127.0.0.1 (0 = any free port; default 0)
  --data <file>       keep state in this JSON file across restarts
  --no-rate-limit     turn the rate limiter off
  --read-limit <n>    GET requests per window (default 60)
  --write-limit <n>   POST/PATCH/DELETE and login requests per window (default 200)
  --window-ms <n>     rate-limit window in ms (default 60000)
  --token-ttl <s>     default access-token lifetime in seconds (default 2592000)
  --log               log each request (method, path, status) to stderr
  --help              show this help`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      data: { type: "string" },
      "no-rate-limit": { type: "boolean" },
      "read-limit": { type: "string" },
      "write-limit": { type: "string" },
      "window-ms": { type: "string" },
      "token-ttl": { type: "string" },
      log: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stderr.write(`${HELP}\n`);
    return;
  }
  const options: EmulatorOptions = {
    port: int("port", values.port) ?? 0,
    dataFile: values.data,
    accessTokenTtlSeconds: int("token-ttl", values["token-ttl"]),
    log: values.log === true,
    rateLimit:
      values["no-rate-limit"] === true
        ? false
        : {
            read: int("read-limit", values["read-limit"]),
            write: int("write-limit", values["write-limit"]),
            windowMs: int("window-ms", values["window-ms"]),
          },
  };
  const emulator = await startEmulator(options);
  const { seed } = emulator;
  process.stdout.write(
    `${JSON.stringify({
      url: seed.url,
      orgId: seed.orgId,
      projectId: seed.projectId,
      identity: seed.identity,
      auth0: seed.auth0,
    })}\n`,
  );
  process.stderr.write(`[emulator] Infisical emulator listening on ${seed.url} (admin: ${seed.url}/__emulator)\n`);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    process.stderr.write(`[emulator] ${signal}: closing\n`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`[emulator] close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`[emulator] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
