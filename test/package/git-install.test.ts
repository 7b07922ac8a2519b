/**
 * `npm install <git url>` from a fresh clone (no dist/): npm clones, installs the package's dev dependencies, runs its
 * `prepare` (which builds dist/) and packs it; the installed copy then has every entry point and the Terraform
 * provider. The clone is a commit of this working tree's files (tracked and new, as git would see them).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NPM, PACKAGE_NAME, ROOT, run } from "./helpers";

let work: string;
let project: string;
let install: { status: number | null; out: string };

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "git-install-"));
  const repo = path.join(work, "repo");
  mkdirSync(repo);
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && existsSync(path.join(ROOT, f)));
  for (const f of files) cpSync(path.join(ROOT, f), path.join(repo, f), { recursive: false });
  expect(existsSync(path.join(repo, "dist"))).toBe(false);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=test@example.invalid", "-c", "user.name=test", ...args], { cwd: repo });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "snapshot");

  project = path.join(work, "project");
  mkdirSync(project);
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
  );
  install = await run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", `git+file://${repo}`], {
    cwd: project,
    timeout: 900_000,
    background: true,
  });
}, 960_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("npm install from git", () => {
  it("builds dist/ through prepare and installs every entry point and the provider", () => {
    expect(install.status, install.out).toBe(0);
    const pkg = path.join(project, "node_modules", PACKAGE_NAME);
    for (const f of [
      "dist/provider/index.js",
      "dist/provider/pulumi/index.d.ts",
      "dist/provider/terraform/install.js",
      "dist/terraform/terraform-provider-infisicalauth0",
      "dist/terraform/terraform-provider-infisicalauth0.cjs",
    ]) {
      expect(existsSync(path.join(pkg, f)), f).toBe(true);
    }
    // Packed like the registry tarball: no sources or tests.
    expect(existsSync(path.join(pkg, "provider"))).toBe(false);
    expect(existsSync(path.join(pkg, "test"))).toBe(false);
    const script = `for (const m of ["", "/pulumi/runtime", "/infisical"]) require("${PACKAGE_NAME}" + m); console.log("ok")`;
    expect(execFileSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" }).trim()).toBe("ok");
  });

  it("installs the bin", async () => {
    const r = await run(NPM, ["exec", "--", "infisical-auth0-iac-terraform", "--help"], { cwd: project });
    expect(r.status, r.out).toBe(0);
    expect(r.stdout).toContain("Usage: infisical-auth0-iac-terraform");
  });
});
