// What guides/terraform.md tells users about installing and troubleshooting, checked against the real terraform: the
// messages it quotes (marked `<!-- quoted from terraform: <key> -->` before a fenced block) are what terraform prints,
// for the Node-script provider started without `node` on PATH, and for dev_overrides mixed with a provider that needs
// `terraform init` (the registry Terraform asks is a local stand-in on 127.0.0.1 that, like the real one, has no
// infisical-iac/infisicalauth0); and the fix the guide gives (a filesystem mirror instead) works.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIST_DIR } from "../../provider/terraform/build-provider";
import { packageVersion } from "../../provider/terraform/install";
import { currentPlatform, packMirror } from "../../provider/terraform/mirror";
import { buildLauncher } from "../../provider/terraform/plugin/build";
import { HEADER, NO_TERRAFORM, Workspace, ensureProvider, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform guide: ${NO_TERRAFORM}`);

const GUIDE = join(__dirname, "..", "..", "guides", "terraform.md");
const flat = (text: string) => text.replace(/\s+/g, " ").trim();

/** The fenced block the guide quotes after `<!-- quoted from terraform: <key> -->`, whitespace-flattened. */
function quoted(key: string): string {
  const guide = readFileSync(GUIDE, "utf8");
  const match = new RegExp(`<!-- quoted from terraform: ${key} -->\\s*\`\`\`\\n([\\s\\S]*?)\`\`\``).exec(guide);
  expect(match, `guides/terraform.md quotes ${key}`).not.toBeNull();
  return flat(match![1]!);
}

/** A directory holding only a link to terraform: a PATH with terraform and without node. */
function pathWithoutNode(): string {
  const dir = mkdtempSync(join(tmpdir(), "path-without-node-"));
  const terraform = process.env
    .PATH!.split(":")
    .map((d) => join(d, "terraform"))
    .find((p) => existsSync(p));
  symlinkSync(terraform!, join(dir, "terraform"));
  return dir;
}

/** A provider registry on 127.0.0.1 that knows no provider (what registry.terraform.io answers for this one). */
async function emptyRegistry(): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.statusCode = 404;
    res.setHeader("content-type", "application/json");
    res.end('{"errors":["Not Found"]}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

const OTHER = "registry.terraform.io/example/tfpluginexample";
const OURS = "registry.terraform.io/infisical-iac/infisicalauth0";
/** A configuration with this provider and another one that must be installed by `terraform init`. */
const MIXED = `terraform {
  required_providers {
    infisicalauth0  = { source = "infisical-iac/infisicalauth0" }
    tfpluginexample = { source = "example/tfpluginexample" }
  }
}
provider "tfpluginexample" {
  root = "./files"
}
resource "tfpluginexample_file" "f" {
  name    = "a"
  content = "x"
}
data "infisicalauth0_app_connection" "lookup_is_validated" {
  name = "auth0-prod"
}
`;

describe.skipIf(!hasTerraform)("guides/terraform.md against the real terraform", () => {
  it("quotes what terraform prints when `node` is not on its PATH (Node-script provider)", async ({ signal }) => {
    await ensureProvider();
    const bin = pathWithoutNode();
    const ws = new Workspace({ PATH: bin }, { signal, trace: true });
    try {
      ws.write(HEADER + 'provider "infisicalauth0" {}\n');
      for (const command of ["validate", "plan"]) {
        const r = await ws.tf(command);
        expect(r.status, r.out).toBe(1);
        expect(flat(r.out)).toContain(quoted("node-missing"));
        expect(r.out).toContain(`Path: ${join(DIST_DIR, "terraform-provider-infisicalauth0")}`);
      }
      // What the guide says TF_LOG shows.
      expect(ws.traceLog()).toMatch(/env: .node.: No such file or directory/);
    } finally {
      ws.close();
      rmSync(bin, { recursive: true, force: true });
    }
  }, 120_000);

  it("dev_overrides with a provider that needs init: init fails as quoted, a mirror install works", async ({
    signal,
  }) => {
    await ensureProvider();
    const root = mkdtempSync(join(tmpdir(), "tf-mixed-"));
    const registry = await emptyRegistry();
    const ws = new Workspace({}, { signal });
    try {
      // The other provider, in a filesystem mirror of its own (unpacked layout).
      const otherDir = join(root, "other-mirror", OTHER, "0.0.1", currentPlatform());
      mkdirSync(otherDir, { recursive: true });
      await buildLauncher({
        entry: join(__dirname, "..", "terraform-plugin", "example", "main.ts"),
        typeName: "tfpluginexample",
        outDir: otherDir,
      });
      const otherMirror = `  filesystem_mirror {\n    path    = ${JSON.stringify(join(root, "other-mirror"))}\n    include = ["${OTHER}"]\n  }\n`;
      // Registry requests go to the local stand-in (Terraform's `host` block overrides service discovery).
      const hostBlock = `host "registry.terraform.io" {\n  services = {\n    "providers.v1" = "${registry.url}/v1/providers/"\n  }\n}\n`;
      const devConfig = join(root, "dev.tfrc");
      writeFileSync(
        devConfig,
        hostBlock +
          `provider_installation {\n  dev_overrides {\n    "${OURS}" = ${JSON.stringify(DIST_DIR)}\n  }\n` +
          otherMirror +
          `  direct {\n    exclude = ["${OTHER}"]\n  }\n}\n`,
      );
      ws.write(MIXED);
      const dev = new Workspace({ TF_CLI_CONFIG_FILE: devConfig }, { signal, workDir: ws.work });
      try {
        const plan = await dev.tf("plan");
        expect(plan.status).toBe(1);
        expect(flat(plan.out)).toContain(quoted("dev-overrides-plan"));
        const init = await dev.tf("init");
        expect(init.status).toBe(1);
        expect(flat(init.out)).toContain(quoted("dev-overrides-init"));
        expect(init.out).toContain("Installed example/tfpluginexample v0.0.1");
        expect(existsSync(join(ws.work, ".terraform.lock.hcl"))).toBe(false);
        expect(registry.requests).toContain("GET /v1/providers/infisical-iac/infisicalauth0/versions");
        expect((await dev.tf("plan")).status).toBe(1);
      } finally {
        dev.close();
      }

      // The guide's fix: infisicalauth0 from a filesystem mirror (what `mirror` writes), no dev_overrides.
      const ourMirror = join(root, "tf-mirror");
      packMirror({ distDir: DIST_DIR, outDir: ourMirror, version: packageVersion(), platforms: [currentPlatform()] });
      const mirrorConfig = join(root, "mirror.tfrc");
      writeFileSync(
        mirrorConfig,
        hostBlock +
          `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(ourMirror)}\n    include = ["${OURS}"]\n  }\n` +
          otherMirror +
          `  direct {\n    exclude = ["${OURS}", "${OTHER}"]\n  }\n}\n`,
      );
      const fixed = new Workspace({ TF_CLI_CONFIG_FILE: mirrorConfig }, { signal, workDir: ws.work });
      try {
        const init = await fixed.tf("init");
        expect(init.status, init.out).toBe(0);
        const lock = readFileSync(join(ws.work, ".terraform.lock.hcl"), "utf8");
        expect(lock).toContain(`provider "${OURS}"`);
        expect(lock).toContain(`provider "${OTHER}"`);
        const validate = await fixed.tf("validate");
        expect(validate.status, validate.out).toBe(0);
      } finally {
        fixed.close();
      }
    } finally {
      ws.close();
      await new Promise((resolve) => registry.server.close(resolve));
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});
