import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, parseCli, UsageError } from "../../emulator/cli-args";
import { api, firstStdoutLine } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const HELP_POINTER = `Run "${BIN} --help" to see every option and what it accepts.`;

/** The CLI from its source, as `npm run emulator` runs it; `detached` so the whole process group can be stopped. */
function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "emulator/cli.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs to completion: exit code and both streams. */
function run(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

function usageError(argv: string[]): string {
  try {
    parseCli(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`parseCli(${JSON.stringify(argv)}) accepted it`);
}

describe("emulator CLI", () => {
  it("prints the seed as its first stdout line, serves, logs to stderr, and exits cleanly on SIGTERM", async () => {
    const child = spawnCli(["--port", "0", "--log", "--read-limit", "5"]);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    try {
      const seed = JSON.parse(await firstStdoutLine(child));
      expect(Object.keys(seed).sort()).toEqual(["auth0", "identity", "oidc", "orgId", "projectId", "url"]);
      expect(seed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Object.keys(seed.identity).sort()).toEqual(["clientId", "clientSecret"]);
      expect(Object.keys(seed.auth0).sort()).toEqual(["audience", "clientId", "clientSecret", "domain"]);
      const loginRes = await api(seed.url, "POST", "/api/v1/auth/universal-auth/login", { body: seed.identity });
      expect(loginRes.status).toBe(200);
      const list = await api(seed.url, "GET", "/api/v1/app-connections/auth0", { token: loginRes.body.accessToken });
      expect(list.headers["x-ratelimit-limit"]).toBe("5");
      const adminSeed = await api(seed.url, "GET", "/__emulator/seed");
      expect(adminSeed.body).toEqual({
        orgId: seed.orgId,
        projectId: seed.projectId,
        identity: seed.identity,
        auth0: seed.auth0,
        oidc: seed.oidc,
      });
      // The seed's OIDC works as printed: an empty POST to mintUrl gives a JWT the identity logs in with.
      const minted = await api(seed.url, "POST", seed.oidc.mintUrl.slice(seed.url.length));
      const oidc = await api(seed.url, "POST", "/api/v1/auth/oidc-auth/login", {
        body: { identityId: seed.oidc.identityId, jwt: minted.body.jwt },
      });
      expect(oidc.status).toBe(200);
      expect(await stop(child)).toBe(0);
      expect(stderr).toContain("GET /api/v1/app-connections/auth0 200");
      expect(stderr).not.toContain(seed.identity.clientSecret);
      expect(stderr).not.toContain(loginRes.body.accessToken);
    } finally {
      await stop(child, "SIGKILL");
    }
  });

  it("turns the rate limiter off with --no-rate-limit", async () => {
    const child = spawnCli(["--port", "0", "--no-rate-limit"]);
    try {
      const seed = JSON.parse(await firstStdoutLine(child));
      const res = await api(seed.url, "POST", "/api/v1/auth/universal-auth/login", { body: seed.identity });
      expect(res.headers["x-ratelimit-limit"]).toBeUndefined();
    } finally {
      await stop(child);
    }
  });

  it("prints --help on stdout and exits 0", async () => {
    const { code, stdout, stderr } = await run(spawnCli(["--help"]));
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: ${BIN} \\[options\\]`));
    for (const flag of ["--port", "--data", "--no-rate-limit", "--read-limit", "--write-limit", "--window-ms"]) {
      expect(stdout).toContain(flag);
    }
    expect(stderr).toBe("");
    expect(parseCli(["-h"])).toEqual({ kind: "help" });
  });

  it("reports a mistake on stderr with a pointer to --help, prints nothing on stdout, and exits 2", async () => {
    const { code, stdout, stderr } = await run(spawnCli(["--bogus"]));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `${BIN}: unknown option --bogus (the options are --port, --data, --no-rate-limit, --read-limit, ` +
        `--write-limit, --window-ms, --token-ttl, --aws-sts-endpoint, --log, --help)\n${HELP_POINTER}\n`,
    );
  });

  it("says which port is taken when it cannot listen, and exits 1", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const { code, stdout, stderr } = await run(spawnCli(["--port", String(port)]));
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        `${BIN}: could not start: port ${port} on 127.0.0.1 is already in use; choose another --port ` +
          `(0 picks a free one)\n`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  describe("names the flag and what it accepts", () => {
    it("--port out of range", () => {
      expect(usageError(["--port", "99999"])).toBe(
        "--port must be a whole number from 0 to 65535 (0 picks a free port); got 99999",
      );
      expect(usageError(["--port", "abc"])).toBe(
        "--port must be a whole number from 0 to 65535 (0 picks a free port); got abc",
      );
    });

    it("--data in a folder that does not exist", () => {
      expect(usageError(["--data", "/missing/dir/x.json"])).toBe(
        "--data /missing/dir/x.json: the folder /missing/dir does not exist. Create it first, or name a file in an " +
          "existing folder (the file itself is created on the first start).",
      );
      expect(usageError(["--data", ROOT])).toBe(
        `--data ${ROOT}: this is not a file (give the path of a JSON file to keep the state in).`,
      );
    });

    it("a negative number, after a space or an equals sign", () => {
      const message = "--read-limit must be a whole number of requests per window, 1 or more; got -5";
      expect(usageError(["--read-limit", "-5"])).toBe(message);
      expect(usageError(["--read-limit=-5"])).toBe(message);
      expect(usageError(["--window-ms", "0"])).toBe(
        "--window-ms must be a whole number of milliseconds from 1 to 2147483647; got 0",
      );
    });

    it("a missing value, a value given to a switch, and a stray argument", () => {
      expect(usageError(["--port"])).toBe("--port needs a value: a whole number from 0 to 65535 (0 picks a free port)");
      expect(usageError(["--token-ttl", "--log"])).toBe(
        "--token-ttl needs a value: a whole number of seconds from 1 to 315360000 (10 years)",
      );
      expect(usageError(["--log=yes"])).toBe("--log takes no value; got yes");
      expect(usageError(["9000"])).toBe(`unexpected argument "9000": ${BIN} takes only options`);
    });

    it("maps accepted flags to options", () => {
      expect(parseCli(["--port", "8080", "--read-limit=5", "--token-ttl", "60", "--log"])).toEqual({
        kind: "run",
        options: {
          port: 8080,
          dataFile: undefined,
          accessTokenTtlSeconds: 60,
          log: true,
          rateLimit: { read: 5, write: undefined, windowMs: undefined },
        },
      });
      expect(parseCli(["--no-rate-limit"])).toMatchObject({ kind: "run", options: { rateLimit: false, port: 0 } });
    });
  });
});
