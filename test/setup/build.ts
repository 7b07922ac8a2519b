/**
 * Tests never run a stale build. `npm run build` (the one build recipe) writes dist/: the compiled package (which
 * Pulumi's host loads through node_modules/infisical-auth0-iac) and the bundled Terraform provider. Its inputs are
 * hashed (content, not mtimes: a checkout, a stash or a rebase keeps mtimes meaningless) and the hash is stamped
 * into dist/ after a build; the vitest global setup rebuilds exactly when the hash differs or an output is missing.
 * Usage: npx tsx test/setup/build.ts   (builds if stale; prints what it did)
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const STAMP = join(ROOT, "dist", ".build-inputs.sha256");
/** Directories and files `npm run build` reads (tsconfig.build.json, build-provider.ts, link-self.cjs). */
const INPUT_DIRS = ["provider", "emulator"];
const INPUT_FILES = [
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "scripts/link-self.cjs",
];
/** What the tests load from dist/; a build is redone when one is missing. */
export const BUILD_OUTPUTS = [
  "dist/provider/index.js",
  "dist/provider/pulumi/runtime.js",
  "emulator/dist/index.js",
  "dist/terraform/terraform-provider-infisicalauth0",
  "dist/terraform/terraform-provider-infisicalauth0.cjs",
].map((p) => join(ROOT, p));

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listFiles(path);
    return entry.name.endsWith(".test.ts") ? [] : [path];
  });
}

/** SHA-256 over the build's input files (paths and contents), in a stable order. */
export function buildInputsHash(): string {
  const files = [
    ...INPUT_DIRS.flatMap((d) => listFiles(join(ROOT, d))),
    ...INPUT_FILES.map((f) => join(ROOT, f)).filter(existsSync),
  ].sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export function buildIsFresh(hash: string = buildInputsHash()): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === hash && BUILD_OUTPUTS.every((f) => existsSync(f));
}

/** Runs `npm run build` unless dist/ was built from exactly these inputs. Returns whether it built. */
export function ensureBuild(log: (line: string) => void = (line) => console.log(line)): boolean {
  const hash = buildInputsHash();
  if (buildIsFresh(hash)) return false;
  log("build inputs changed since the last build (or dist/ is incomplete): npm run build");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  // The hash taken before building: an edit made during the build makes the next run build again.
  writeFileSync(STAMP, `${hash}\n`);
  return true;
}

if (require.main === module) {
  console.log(ensureBuild() ? "built dist/" : "dist/ is up to date with its inputs");
}
