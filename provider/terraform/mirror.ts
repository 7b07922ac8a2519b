// Provider mirrors: the registry zip per platform in Terraform's packed layout (`filesystem_mirror`), plus the
// network-mirror index (index.json, <version>.json with hashes) so that the same directory served over HTTPS works as a
// `network_mirror`. Two sources:
//   - mirrorFromRelease: the self-contained release zips (`npm run terraform:release`, or a GitHub release's assets);
//     they run without Node;
//   - packMirror: the Node-script provider of this package (dist/terraform), which needs `node` on Terraform's PATH.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { PROVIDER_SOURCE, PROVIDER_TYPE } from "./address";

export const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

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

/** The `h1:` hash of a provider zip: the same as of its unpacked files (dirhash.HashZip uses the entry names). */
export function zipHashH1(zip: Uint8Array): string {
  return packageHashH1(unzipSync(zip));
}

/** A zip entry's options: the Unix mode in the upper 16 bits of the external attributes, a fixed time. */
export function zipEntryOptions(mode: number) {
  return { os: 3, attrs: ((0o100000 | mode) << 16) >>> 0, mtime: new Date("1980-01-02T00:00:00Z") };
}

/** `terraform-provider-<type>_<version>_<os>_<arch>.zip` */
export function zipName(version: string, platform: string): string {
  return `terraform-provider-${PROVIDER_TYPE}_${version}_${platform}.zip`;
}

export interface MirrorArchive {
  platform: string;
  /** Path of the zip inside the mirror. */
  file: string;
  sha256: string;
  h1: string;
}

export interface PackedMirror {
  /** <outDir>/<host>/<namespace>/<type> */
  providerDir: string;
  version: string;
  zips: MirrorArchive[];
  /** The `h1:` hash of the first platform's package (what `terraform init` writes to the lock file on it). */
  h1: string;
}

function providerDirOf(outDir: string): string {
  const [host, namespace, type] = PROVIDER_SOURCE.split("/") as [string, string, string];
  return join(outDir, host, namespace, type);
}

const writeJson = (file: string, value: unknown) => writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
const readJson = <T>(file: string, fallback: T): T =>
  existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : fallback;

/**
 * The provider network mirror protocol's files, added to what the directory already serves: `index.json` lists the
 * versions, `<version>.json` the archives (URLs relative to it) with their `h1:` and `zh:` hashes.
 */
function writeNetworkMirrorIndex(providerDir: string, version: string, zips: MirrorArchive[]): void {
  const index = readJson<{ versions: Record<string, object> }>(join(providerDir, "index.json"), { versions: {} });
  index.versions[version] = {};
  writeJson(join(providerDir, "index.json"), index);
  const versionFile = join(providerDir, `${version}.json`);
  const listing = readJson<{ archives: Record<string, unknown> }>(versionFile, { archives: {} });
  for (const z of zips) {
    listing.archives[z.platform] = { url: basename(z.file), hashes: [z.h1, `zh:${z.sha256}`] };
  }
  writeJson(versionFile, listing);
}

export interface MirrorOptions {
  /** dist/terraform: the bundle built by build-provider.ts, and the chunks it loads on demand. */
  distDir: string;
  outDir: string;
  version: string;
  /** Terraform platforms such as linux_amd64; the Node-script provider runs wherever Node does. */
  platforms: string[];
}

/** The bundles the provider loads on demand: the other `.cjs` files of its build directory. */
export function lazyChunks(distDir: string): string[] {
  const bundle = `terraform-provider-${PROVIDER_TYPE}.cjs`;
  return readdirSync(distDir)
    .filter((f) => f.endsWith(".cjs") && f !== bundle)
    .sort();
}

/** Packs the Node-script provider (needs `node` on Terraform's PATH) for the given platforms. */
export function packMirror(options: MirrorOptions): PackedMirror {
  const { version } = options;
  const bundle = readFileSync(join(options.distDir, `terraform-provider-${PROVIDER_TYPE}.cjs`), "utf8");
  // The executable: a shebang line and the bundle (Node skips a leading #! in a CommonJS file), beside the bundles it
  // loads on demand. Their names do not start with terraform-provider-<type>, so Terraform never runs them instead.
  const binaryName = `terraform-provider-${PROVIDER_TYPE}_v${version}`;
  const files: Record<string, Uint8Array> = {
    [binaryName]: Buffer.from(`#!/usr/bin/env node\n${stripSourceMapComment(bundle)}`),
  };
  for (const chunk of lazyChunks(options.distDir)) {
    files[chunk] = Buffer.from(stripSourceMapComment(readFileSync(join(options.distDir, chunk), "utf8")));
  }
  const zip = zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, data]) => [
        name,
        [data, zipEntryOptions(name === binaryName ? 0o755 : 0o644)] as const,
      ]),
    ),
  );
  const h1 = packageHashH1(files);
  const providerDir = providerDirOf(options.outDir);
  mkdirSync(providerDir, { recursive: true });
  const zips = options.platforms.map((platform) => {
    const file = join(providerDir, zipName(version, platform));
    writeFileSync(file, zip);
    return { platform, file, sha256: sha256(zip), h1 };
  });
  writeFileSync(
    join(providerDir, `terraform-provider-${PROVIDER_TYPE}_${version}_SHA256SUMS`),
    zips.map((z) => `${z.sha256}  ${basename(z.file)}\n`).join(""),
  );
  writeFileSync(
    join(providerDir, `terraform-provider-${PROVIDER_TYPE}_${version}_manifest.json`),
    JSON.stringify({ version: 1, metadata: { protocol_versions: ["6.0"] } }, null, 2) + "\n",
  );
  writeNetworkMirrorIndex(providerDir, version, zips);
  return { providerDir, version, zips, h1 };
}

const RELEASE_ZIP = new RegExp(`^terraform-provider-${PROVIDER_TYPE}_([^_]+)_([a-z0-9]+_[a-z0-9]+)\\.zip$`);

/**
 * Lays out release zips (from `npm run terraform:release` or downloaded from a release) as a mirror. Each zip is
 * checked against the release's SHA256SUMS when that file is there.
 */
export function mirrorFromRelease(options: { releaseDir: string; outDir: string; platforms?: string[] }): PackedMirror {
  const found = readdirSync(options.releaseDir)
    .map((f) => ({ f, m: RELEASE_ZIP.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .filter((x) => !options.platforms?.length || options.platforms.includes(x.m[2] as string));
  if (found.length === 0) {
    throw new Error(`no terraform-provider-${PROVIDER_TYPE}_<version>_<os>_<arch>.zip in ${options.releaseDir}`);
  }
  const versions = [...new Set(found.map((x) => x.m[1] as string))];
  if (versions.length > 1) throw new Error(`zips of several versions in ${options.releaseDir}: ${versions.join(", ")}`);
  const version = versions[0] as string;
  const missing = (options.platforms ?? []).filter((p) => !found.some((x) => x.m[2] === p));
  if (missing.length > 0) throw new Error(`no zip for ${missing.join(", ")} in ${options.releaseDir}`);
  const sumsFile = join(options.releaseDir, `terraform-provider-${PROVIDER_TYPE}_${version}_SHA256SUMS`);
  const sums = existsSync(sumsFile) ? readFileSync(sumsFile, "utf8") : undefined;

  const providerDir = providerDirOf(options.outDir);
  mkdirSync(providerDir, { recursive: true });
  const zips = found.map(({ f, m }) => {
    const data = readFileSync(join(options.releaseDir, f));
    const digest = sha256(data);
    if (sums !== undefined && !sums.split("\n").includes(`${digest}  ${f}`)) {
      throw new Error(`${f} does not match ${basename(sumsFile)}`);
    }
    const file = join(providerDir, f);
    copyFileSync(join(options.releaseDir, f), file);
    return { platform: m[2] as string, file, sha256: digest, h1: zipHashH1(data) };
  });
  writeNetworkMirrorIndex(providerDir, version, zips);
  return { providerDir, version, zips, h1: (zips[0] as MirrorArchive).h1 };
}

/** The map files are not shipped; a dangling reference would only confuse debuggers. */
export function stripSourceMapComment(source: string): string {
  return source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
}
