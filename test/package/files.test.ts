/**
 * What `npm pack` ships: every entry point's JavaScript and declarations, the bin, the Terraform provider (launcher,
 * bundle, the chunks it loads on demand), and nothing users do not need (tests, TypeScript sources, source maps, the
 * emulator, the release tooling). That dist/ is built on pack and on install from git: git-install.test.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lazyChunks } from "../../provider/terraform/mirror";
import { NPM, ROOT, run } from "./helpers";

interface Manifest {
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: { "*": Record<string, string[]> };
  dependencies: Record<string, string>;
  engines: { node: string };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
let files: string[];

beforeAll(async () => {
  const r = await run(NPM, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, timeout: 120_000 });
  expect(r.status, r.out).toBe(0);
  files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
}, 150_000);

describe("the packed file list", () => {
  it("holds every export's JavaScript and declarations, and every typesVersions target", () => {
    const targets = [manifest.main, manifest.types];
    for (const [entry, target] of Object.entries(manifest.exports)) {
      if (entry === "./package.json") continue;
      expect(typeof target, entry).toBe("object");
      const t = target as { types: string; default: string };
      // `types` first: TypeScript takes the first condition that matches.
      expect(Object.keys(t), entry).toEqual(["types", "default"]);
      targets.push(t.types, t.default);
    }
    for (const [sub, paths] of Object.entries(manifest.typesVersions["*"])) {
      expect(Object.keys(manifest.exports), sub).toContain(`./${sub}`);
      targets.push(...paths);
    }
    for (const target of targets) expect(files, target).toContain(target.replace(/^\.\//, ""));
    expect(Object.keys(manifest.exports).sort()).toEqual(
      [".", "./cdktf", "./infisical", "./package.json", "./policy", "./pulumi", "./pulumi/runtime"].sort(),
    );
  });

  it("ships the Terraform provider and the install helper bin", () => {
    const dist = path.join(ROOT, "dist", "terraform");
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/terraform/terraform-provider-infisicalauth0",
        "dist/terraform/terraform-provider-infisicalauth0.cjs",
        ...lazyChunks(dist).map((c) => `dist/terraform/${c}`),
      ]),
    );
    expect(lazyChunks(dist).length).toBeGreaterThan(0);
    const bin = manifest.bin["infisical-auth0-iac-terraform"]!;
    expect(files).toContain(bin);
    expect(readFileSync(path.join(ROOT, bin), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });

  it("ships no tests, TypeScript sources, source maps, emulator or release tooling", () => {
    const unwanted = files.filter(
      (f) =>
        /^(test|bench|examples|scripts|emulator|provider|\.ci)\//.test(f) ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
        f.endsWith(".map") ||
        /(^|\/)(release|plugin|emulator)\//.test(f) ||
        /^dist\/provider\/terraform\/(?!(install|mirror|address)\.(js|d\.ts)$)/.test(f) ||
        /tsconfig|vitest|eslint|\.prettier/.test(f),
    );
    expect(unwanted).toEqual([]);
    // Only the root's manifest, the Terraform Registry docs and the guides besides dist/.
    expect(files.filter((f) => !/^(dist|docs|guides)\//.test(f)).sort()).toEqual(
      ["CHANGELOG.md", "README.md", "package.json"].sort(),
    );
  });

  it("depends at run time only on what the Pulumi resource, policies, client and install helper load", () => {
    // No HTTP server framework, certificate or gRPC code: the Terraform provider is an esbuild bundle.
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["fflate", "undici", "zod"]);
    expect(manifest.engines.node).toBe(">=20.18.1");
  });
});
