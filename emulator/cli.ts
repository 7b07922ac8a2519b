#!/usr/bin/env node
import { BIN, HELP, UsageError, parseCli } from "./cli-args";
import { start } from "./start";
import type { RunningEmulator } from "./types";

/**
 * `infisical-auth0-emulator --port 0` (or `npm run emulator -- --port 0` in the repository): the first stdout line
 * is one JSON object with the URL and the seed (so a script can read it and go); everything else goes to stderr.
 * Exit codes: 0 after --help or a clean stop, 2 for a mistake in the command line, 1 when the server cannot start.
 */
async function main(argv: string[]): Promise<void> {
  let command;
  try {
    command = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${BIN}: ${err.message}\nRun "${BIN} --help" to see every option and what it accepts.\n`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return;
  }

  let emulator: RunningEmulator;
  try {
    emulator = await start(command.options, "--data");
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message =
      code === "EADDRINUSE"
        ? `port ${command.options.port} on 127.0.0.1 is already in use; choose another --port (0 picks a free one)`
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(`${BIN}: could not start: ${message}\n`);
    process.exitCode = 1;
    return;
  }
  const { seed } = emulator;
  process.stdout.write(
    `${JSON.stringify({
      url: seed.url,
      orgId: seed.orgId,
      projectId: seed.projectId,
      identity: seed.identity,
      auth0: seed.auth0,
      oidc: seed.oidc,
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

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${BIN}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
