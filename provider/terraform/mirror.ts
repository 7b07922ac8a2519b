// Packs the built provider as a Terraform provider mirror: the registry zip per platform, SHA256SUMS, the registry
// manifest, and the network-mirror JSON index (index.json, <version>.json). `terraform init` installs from it offline
// with `provider_installation { filesystem_mirror { path = "<out>" } }` (the packed layout), and the same directory
// served over HTTPS works as a `network_mirror`.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import { LAZY_CHUNKS } from "./build-provider";
import { PROVIDER_SOURCE, PROVIDER_TYPE } from "./schema";

export interface MirrorOptions {
  /** dist/terraform, holding the bundle built by build-provider.ts. */
  distDir: string;
  outDir: string;
  version: string;
  /** Terraform platforms such as linux_amd64; the provider is a Node script, so one build serves them all. */
  platforms: string[];
}

export interface PackedMirror {
  /** <outDir>/<host>/<namespace>/<type> */
  providerDir: string;
  zips: { platform: string; file: string; sha256: string }[];
  /** The `h1:` hash `terraform init` writes to the lock file (same for every platform: same contents). */
  h1: string;
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** The platform Terraform calls this machine. */
export function currentPlatform(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" } as Record<string, string>)[process.arch];
  return `${os}_${arch ?? process.arch}`;
}

/**
 * Terraform's `h1:` hash of an unpacked package (golang.org/x/mod/sumdb/dirhash Hash1): sha256 over the sorted lines
 * "<sha256 hex>  <file name>\n".
 */
export function packageHashH1(files: Record<string, Uint8Array>): string {
  const lines = Object.keys(files)
    .sort()
    .map((name) => `${sha256(files[name] as Uint8Array)}  ${name}\n`)
    .join("");
  return `h1:${createHash("sha256").update(lines).digest("base64")}`;
}

export function packMirror(options: MirrorOptions): PackedMirror {
  const { version } = options;
  const bundle = readFileSync(join(options.distDir, `terraform-provider-${PROVIDER_TYPE}.cjs`));
  // The executable: a shebang line and the bundle (Node skips a leading #! in a CommonJS file), beside the bundles it
  // loads on demand (see build-provider.ts).
  const binaryName = `terraform-provider-${PROVIDER_TYPE}_v${version}`;
  const files: Record<string, Uint8Array> = {
    [binaryName]: new Uint8Array(Buffer.concat([Buffer.from("#!/usr/bin/env node\n"), stripSourceMapComment(bundle)])),
  };
  for (const chunk of LAZY_CHUNKS) {
    files[chunk] = new Uint8Array(stripSourceMapComment(readFileSync(join(options.distDir, chunk))));
  }
  const mtime = new Date("1980-01-02T00:00:00Z");
  // Unix mode in the upper 16 bits of the external attributes, so the unzipped executable is executable.
  const zip = zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, data]) => [
        name,
        [data, { os: 3, attrs: ((name === binaryName ? 0o100755 : 0o100644) << 16) >>> 0, mtime }],
      ]),
    ),
  );

  const [host, namespace, type] = PROVIDER_SOURCE.split("/") as [string, string, string];
  const providerDir = join(options.outDir, host, namespace, type);
  mkdirSync(providerDir, { recursive: true });
  const zips = options.platforms.map((platform) => {
    const file = join(providerDir, `terraform-provider-${type}_${version}_${platform}.zip`);
    writeFileSync(file, zip);
    return { platform, file, sha256: sha256(zip) };
  });
  const base = (file: string) => file.slice(providerDir.length + 1);
  writeFileSync(
    join(providerDir, `terraform-provider-${type}_${version}_SHA256SUMS`),
    zips.map((z) => `${z.sha256}  ${base(z.file)}\n`).join(""),
  );
  writeFileSync(
    join(providerDir, `terraform-provider-${type}_${version}_manifest.json`),
    JSON.stringify({ version: 1, metadata: { protocol_versions: ["6.0"] } }, null, 2) + "\n",
  );
  const h1 = packageHashH1(files);
  writeFileSync(join(providerDir, "index.json"), JSON.stringify({ versions: { [version]: {} } }, null, 2) + "\n");
  const archives = Object.fromEntries(
    zips.map((z) => [z.platform, { url: base(z.file), hashes: [h1, `zh:${z.sha256}`] }]),
  );
  writeFileSync(join(providerDir, `${version}.json`), JSON.stringify({ archives }, null, 2) + "\n");
  return { providerDir, zips, h1 };
}

// The map file is not shipped in the zip; a dangling reference would only confuse debuggers.
function stripSourceMapComment(bundle: Buffer): Buffer {
  return Buffer.from(bundle.toString("utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"));
}
