/**
 * The package as a user gets it: `npm pack`, installed into a fresh Pulumi project, every entry point loads, and
 * Pulumi's provider host runs the resource from that installed copy (the serialized `__provider` loads it by name).
 * Catches what a test against the working tree cannot: files missing from the tarball, a broken exports map, a
 * run-time dependency declared as a dev dependency.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import type { RunningEmulator } from "../../emulator/types";
import { PulumiProviderHost, serializedProvider, urnFor } from "../support/pulumi-host";

const ROOT = path.resolve(__dirname, "../..");
const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 240_000 });

let project: string;
let emu: RunningEmulator;

beforeAll(async () => {
  project = mkdtempSync(path.join(tmpdir(), "consumer-"));
  npm(["pack", "--pack-destination", project], ROOT);
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz")) as string;
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
  );
  writeFileSync(path.join(project, "Pulumi.yaml"), "name: consumer\nruntime: nodejs\n");
  // As a Pulumi user would: the package and its peer. Both are in npm's cache after the repository's own install.
  const pulumiVersion = (require("@pulumi/pulumi/package.json") as { version: string }).version;
  npm(
    ["install", "--prefer-offline", "--no-audit", "--no-fund", `./${tarball}`, `@pulumi/pulumi@${pulumiVersion}`],
    project,
  );
  emu = await startEmulator({ rateLimit: false });
}, 300_000);

afterAll(async () => {
  await emu?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("loads every entry point whose peers are installed", () => {
    // The emulator is its own package now (infisical-auth0-emulator, tested in test/emulator/package.test.ts).
    const script = `
      const out = {};
      for (const m of ["", "/pulumi", "/pulumi/runtime", "/infisical"]) {
        out[m || "."] = Object.keys(require("infisical-auth0-iac" + m)).length;
      }
      console.log(JSON.stringify(out));`;
    const counts = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" }));
    for (const [entry, n] of Object.entries(counts)) expect(n, entry).toBeGreaterThan(0);
  });

  it("ships the Terraform provider executable and its client bundle", () => {
    const dir = path.join(project, "node_modules/infisical-auth0-iac/dist/terraform");
    expect(readdirSync(dir)).toEqual(
      expect.arrayContaining([
        "terraform-provider-infisicalauth0",
        "terraform-provider-infisicalauth0.cjs",
        "infisicalauth0-client.cjs",
      ]),
    );
  });

  it("runs the Pulumi resource from the installed copy through Pulumi's provider host", async () => {
    const host = await PulumiProviderHost.start({ cwd: project, project: "consumer" });
    try {
      await host.configure({
        "infisical:host": emu.url,
        "infisical:clientId": emu.seed.identity.clientId,
        "infisical:clientSecret": emu.seed.identity.clientSecret,
      });
      const news = {
        name: "from-the-tarball",
        credentials: { ...emu.seed.auth0 },
        __provider: await serializedProvider(),
      };
      const checked = await host.check(urnFor("c"), {}, news);
      const created = await host.create(urnFor("c"), checked.inputs);
      expect(created.outs.name).toBe("from-the-tarball");
      await host.delete(created.id, urnFor("c"), created.outs);
      expect((await emu.admin.connections()).some((c) => c.id === created.id)).toBe(false);
    } finally {
      await host.close();
    }
  });
});
