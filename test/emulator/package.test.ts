/**
 * The emulator as its users get it: `npm run emulator` in this repository, and the packed `infisical-auth0-emulator`
 * package installed in a fresh project (its bin, its entry point, its types, and no engine warning on this Node).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstStdoutLine } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");

/** Spawned in its own process group, so stopping it stops npm, the shell and node under it. */
function spawnGroup(command: string, args: string[], cwd: string): ChildProcess {
  return spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGTERM");
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function seedLineOf(command: string, args: string[], cwd: string): Promise<string> {
  const child = spawnGroup(command, args, cwd);
  try {
    return await firstStdoutLine(child);
  } finally {
    await stopGroup(child);
  }
}

function expectSeedLine(line: string): void {
  const seed = JSON.parse(line) as Record<string, unknown>;
  expect(Object.keys(seed).sort()).toEqual(["auth0", "identity", "oidc", "orgId", "projectId", "url"]);
  expect(seed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
}

describe("npm run emulator", () => {
  it("prints the JSON seed line first, before anything of npm's", async () => {
    expectSeedLine(await seedLineOf("npm", ["run", "emulator", "--", "--port", "0"], ROOT));
  }, 60_000);
});

describe("the packed infisical-auth0-emulator package", () => {
  let project: string;
  let files: string[];
  let installLog: string;

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), "emulator-consumer-"));
    // `prepack` builds the package, so the tarball never holds a stale build.
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "-w", "infisical-auth0-emulator", "--json", "--pack-destination", project], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
      }),
    ) as { filename: string; files: { path: string }[] }[];
    files = packed[0]!.files.map((f) => f.path).sort();
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    installLog = spawnSyncText(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", `./${packed[0]!.filename}`],
      project,
    );
  }, 300_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("ships the bin, the compiled entry points and their types, and nothing else", () => {
    expect(files).toContain("bin/infisical-auth0-emulator.cjs");
    expect(files).toEqual(expect.arrayContaining(["dist/cli.js", "dist/index.js", "dist/index.d.ts", "README.md"]));
    const unexpected = files.filter(
      (f) => !(f === "package.json" || f === "README.md" || f.startsWith("bin/") || /^dist\/.+\.(js|d\.ts)$/.test(f)),
    );
    expect(unexpected).toEqual([]);
  });

  it("installs on this Node without an engine warning", () => {
    expect(installLog).not.toMatch(/EBADENGINE/);
  });

  it("runs as `npx infisical-auth0-emulator`: the JSON seed line first, --help on stdout", async () => {
    expectSeedLine(await seedLineOf("npx", ["--no-install", "infisical-auth0-emulator", "--port", "0"], project));
    const help = execFileSync("npx", ["--no-install", "infisical-auth0-emulator", "--help"], {
      cwd: project,
      encoding: "utf8",
    });
    expect(help).toMatch(/^Usage: infisical-auth0-emulator \[options\]/);
  }, 60_000);

  it("exports startEmulator with its types, for CommonJS and node16 resolution", () => {
    const script = `require("infisical-auth0-emulator").startEmulator({ rateLimit: false })
      .then(async (e) => { console.log(e.url); await e.close(); });`;
    expect(execFileSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" })).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\n$/,
    );
    writeFileSync(
      path.join(project, "check.ts"),
      `import { startEmulator, type RunningEmulator } from "infisical-auth0-emulator";
       const started: Promise<RunningEmulator> = startEmulator({ port: 0, rateLimit: { read: 10 } });
       void started;`,
    );
    for (const resolution of [
      ["--module", "commonjs", "--moduleResolution", "node10"],
      ["--module", "node16"],
    ]) {
      execFileSync(process.execPath, [TSC, "--noEmit", "--strict", ...resolution, "check.ts"], {
        cwd: project,
        encoding: "utf8",
      });
    }
  }, 120_000);
});

/** Runs to completion; stdout and stderr together (npm writes its warnings to stderr). */
function spawnSyncText(command: string, args: string[], cwd: string): string {
  const res = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 240_000 });
  const output = `${res.stdout}${res.stderr}`;
  if (res.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${res.status}):\n${output}`);
  return output;
}
