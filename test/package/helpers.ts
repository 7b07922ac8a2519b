// The package as users get it: the tarball `npm pack` makes (of the build `npm test` made first), installed into a
// fresh project with npm, and commands run there without blocking the event loop.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const PACKAGE_NAME = "infisical-auth0-iac";
export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  out: string;
}

/**
 * Runs a command without blocking the event loop. `background: true` runs it at a lower CPU priority (`nice`): builds
 * and installs that take minutes of CPU then leave the other test worker's timing-sensitive runs their share.
 */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number; input?: string; background?: boolean },
): Promise<RunResult> {
  const niced = opts.background && process.platform !== "win32";
  return new Promise((resolve, reject) => {
    const child = spawn(niced ? "nice" : cmd, niced ? ["-n", "10", cmd, ...args] : args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeout ?? 120_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, out: `${stdout}\n${stderr}` });
    });
    // A command that exits without reading its input (gpg, sha256sum) closes the pipe: EPIPE here is not a failure;
    // the command's own status says how it went.
    child.stdin.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") reject(err);
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** The versions this repository itself develops against, so installs come from npm's cache. */
export function devVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

/**
 * `npm pack` of the working tree into `dir`, without lifecycle scripts: `npm test` built dist/ already, and a rebuild
 * here would rewrite files other test files are using.
 */
export async function packTarball(dir: string): Promise<string> {
  const r = await run(NPM, ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.out}`);
  return path.join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz")) as string);
}

export interface Project {
  dir: string;
  tarball: string;
  /** npm install's output (warnings included). */
  installOutput: string;
  cleanup(): void;
}

/** A fresh project with the packed package and `deps` installed, as a user would (`npm install <tarball> ...`). */
export async function installedProject(deps: string[], files: Record<string, string> = {}): Promise<Project> {
  const dir = mkdtempSync(path.join(tmpdir(), "consumer-"));
  try {
    const tarball = await packTarball(dir);
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
    );
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const r = await run(
      NPM,
      ["install", "--prefer-offline", "--no-audit", "--no-fund", `./${path.basename(tarball)}`, ...deps],
      { cwd: dir, timeout: 480_000, background: true },
    );
    if (r.status !== 0) throw new Error(`npm install failed:\n${r.out}`);
    return { dir, tarball, installOutput: r.out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The packages `name` pulls in for production: its dependency closure, without itself and its peer dependencies
 * (which the user installs on purpose), from `npm ls`.
 */
export async function productionClosure(project: string, name: string): Promise<string[]> {
  const r = await run(NPM, ["ls", "--all", "--omit=dev", "--json"], { cwd: project });
  type Node = { dependencies?: Record<string, Node> };
  const tree = JSON.parse(r.stdout) as Node;
  const manifest = path.join(project, "node_modules", name, "package.json");
  const peers = Object.keys((require(manifest) as { peerDependencies?: object }).peerDependencies ?? {});
  const found = new Set<string>();
  const walk = (node: Node | undefined, skip: string[]) => {
    for (const [dep, child] of Object.entries(node?.dependencies ?? {})) {
      if (!found.has(dep) && !skip.includes(dep)) {
        found.add(dep);
        walk(child, []);
      }
    }
  };
  walk(tree.dependencies?.[name], peers);
  return [...found].sort();
}
