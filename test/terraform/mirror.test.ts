// The packed filesystem_mirror: `terraform init` installs the provider offline from it, records its hash in the lock
// file, and the installed executable serves Terraform (validate starts it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentPlatform, lazyChunks, packMirror, type PackedMirror } from "../../provider/terraform/mirror";
import { PROVIDER_SOURCE, PROVIDER_TYPE } from "../../provider/terraform/address";
import { packageVersion } from "../../provider/terraform/install";
import * as schema from "../../provider/terraform/schema";
import { HEADER, NO_TERRAFORM, Workspace, ensureProvider, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform mirror: ${NO_TERRAFORM}`);

describe.skipIf(!hasTerraform)("filesystem_mirror install", () => {
  let ws: Workspace;
  let mirrorDir: string;
  let packed: PackedMirror;
  let dist: string;

  beforeAll(async () => {
    dist = await ensureProvider();
    mirrorDir = mkdtempSync(join(tmpdir(), "tf-mirror-"));
    packed = packMirror({
      distDir: dist,
      outDir: mirrorDir,
      version: packageVersion(),
      platforms: [currentPlatform()],
    });
    ws = new Workspace({});
    // Offline: only the mirror, no registry.
    writeFileSync(
      join(ws.dir, "cli.tfrc"),
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirrorDir)}\n  }\n}\n`,
    );
  }, 180_000);

  afterAll(() => {
    ws?.close();
    rmSync(mirrorDir, { recursive: true, force: true });
  });

  it("packs under the provider's own address (the install helpers keep a copy that loads nothing else)", () => {
    expect([PROVIDER_SOURCE, PROVIDER_TYPE]).toEqual([schema.PROVIDER_SOURCE, schema.PROVIDER_TYPE]);
  });

  it("packs the registry layout", () => {
    const version = packageVersion();
    const dir = join(mirrorDir, "registry.terraform.io", "infisical-iac", "infisicalauth0");
    expect(packed.providerDir).toBe(dir);
    for (const file of [
      `terraform-provider-infisicalauth0_${version}_${currentPlatform()}.zip`,
      `terraform-provider-infisicalauth0_${version}_SHA256SUMS`,
      `terraform-provider-infisicalauth0_${version}_manifest.json`,
      "index.json",
      `${version}.json`,
    ]) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    const sums = readFileSync(join(dir, `terraform-provider-infisicalauth0_${version}_SHA256SUMS`), "utf8");
    expect(sums).toContain(
      `${packed.zips[0]!.sha256}  terraform-provider-infisicalauth0_${version}_${currentPlatform()}.zip`,
    );
    expect(JSON.parse(readFileSync(join(dir, "index.json"), "utf8"))).toEqual({ versions: { [version]: {} } });
  });

  it("installs offline with terraform init and records the hash in the lock file", async () => {
    const version = packageVersion();
    ws.write(
      HEADER.replace(
        'source = "infisical-iac/infisicalauth0"',
        `source = "infisical-iac/infisicalauth0", version = "${version}"`,
      ) + 'provider "infisicalauth0" {}\n',
    );
    const init = await ws.tf("init", "-input=false");
    expect(init.status, init.out).toBe(0);
    const lock = readFileSync(join(ws.work, ".terraform.lock.hcl"), "utf8");
    expect(lock).toContain('provider "registry.terraform.io/infisical-iac/infisicalauth0"');
    expect(lock).toContain(`version     = "${version}"`);
    expect(lock).toContain(packed.h1);
    const installed = join(
      ws.work,
      ".terraform/providers/registry.terraform.io/infisical-iac/infisicalauth0",
      version,
      currentPlatform(),
      `terraform-provider-infisicalauth0_v${version}`,
    );
    expect(statSync(installed).mode & 0o111).not.toBe(0);
    const validate = await ws.tf("validate");
    expect(validate.status, validate.out).toBe(0);
    expect(validate.out).not.toContain("development overrides");
    // The HTTP client, its AWS signer and the plugin's protocol code are bundles of their own, loaded on first use:
    // they must have been installed beside the executable.
    expect(lazyChunks(dist).length).toBeGreaterThanOrEqual(3);
    for (const chunk of lazyChunks(dist)) {
      const loaded = spawnSync(
        process.execPath,
        ["-e", `console.log(Object.keys(require(${JSON.stringify(join(installed, "..", chunk))})).join())`],
        { encoding: "utf8" },
      );
      expect(loaded.stdout.trim(), loaded.stderr).toMatch(/getInfisicalClient|signCallerIdentity|tfplugin6/);
    }
  });
});
