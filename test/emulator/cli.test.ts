import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { api } from "./helpers";

const ROOT = join(__dirname, "..", "..");

function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "emulator/cli.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`emulator CLI exited early with ${code}`)));
  });
}

describe("emulator CLI", () => {
  it("prints the seed as its first stdout line, serves, logs to stderr, and exits cleanly on SIGTERM", async () => {
    const child = spawnCli(["--port", "0", "--log", "--read-limit", "5"]);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    try {
      const seed = JSON.parse(await firstLine(child));
      expect(Object.keys(seed).sort()).toEqual(["auth0", "identity", "orgId", "projectId", "url"]);
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
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toContain("GET /api/v1/app-connections/auth0 200");
      expect(stderr).not.toContain(seed.identity.clientSecret);
      expect(stderr).not.toContain(loginRes.body.accessToken);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("turns the rate limiter off with --no-rate-limit and refuses unknown options", async () => {
    const child = spawnCli(["--port", "0", "--no-rate-limit"]);
    try {
      const seed = JSON.parse(await firstLine(child));
      const res = await api(seed.url, "POST", "/api/v1/auth/universal-auth/login", { body: seed.identity });
      expect(res.headers["x-ratelimit-limit"]).toBeUndefined();
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    const bad = spawnCli(["--bogus"]);
    const code = await new Promise<number | null>((resolve) => bad.once("exit", (c) => resolve(c)));
    expect(code).toBe(1);
  });
});
