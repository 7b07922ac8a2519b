// `npm run terraform:release`: the provider as the Terraform Registry and HCP Terraform's private registry take it.
// Writes to dist/release/ (or --out):
//   terraform-provider-infisicalauth0_<version>_<os>_<arch>.zip   one per platform, holding the self-contained
//                                                                  executable terraform-provider-infisicalauth0_v<version>[.exe]
//   terraform-provider-infisicalauth0_<version>_manifest.json      protocol_versions ["6.0"]
//   terraform-provider-infisicalauth0_<version>_SHA256SUMS         the zips and the manifest
//   terraform-provider-infisicalauth0_<version>_SHA256SUMS.sig     detached binary GPG signature (see gpg.ts for the key)
//   signing-key.asc                                                the signing key's public half, ASCII-armored
// Usage: npx tsx provider/terraform/release/release.ts [--out <dir>] [--platform <os_arch> ...] [--unsigned] [--jobs <n>]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { zip } from "fflate";
import { PROVIDER_TYPE } from "../address";
import { buildProvider } from "../build-provider";
import { PACKAGE_ROOT, packageVersion } from "../install";
import { packageHashH1, sha256, zipEntryOptions, zipName } from "../mirror";
import { signFile, signingKeyFromEnv, type SigningKey } from "./gpg";
import { nodeBinary } from "./node-binaries";
import { injectBlob, makeBlob, seaMainScript } from "./sea";
import { hostTarget, NODE_VERSION, TARGETS, targetFor, type ReleaseTarget } from "./targets";

export const DEFAULT_OUT = join(PACKAGE_ROOT, "dist", "release");

export interface ReleaseOptions {
  outDir?: string;
  version?: string;
  /** Default: all of TARGETS. */
  platforms?: string[];
  /** Default: from the environment (GPG_PRIVATE_KEY / PASSPHRASE / GPG_FINGERPRINT). `false`: no signature. */
  signingKey?: SigningKey | false;
  /** Node binary cache (see node-binaries.ts). */
  cache?: string;
  /** Executables built at once (each injection holds a ~120 MB executable, several copies inside postject). Default 2. */
  jobs?: number;
  log?: (line: string) => void;
}

export interface ReleasedPlatform {
  platform: string;
  zip: string;
  /** The executable's name inside the zip. */
  executable: string;
  executableBytes: number;
  zipBytes: number;
  sha256: string;
  h1: string;
  codeCache: boolean;
}

export interface Release {
  outDir: string;
  version: string;
  nodeVersion: string;
  platforms: ReleasedPlatform[];
  manifest: string;
  sha256sums: string;
  signature?: string;
  publicKey?: string;
  fingerprint?: string;
}

/** Runs `tasks` at most `limit` at a time, keeping their order in the result. */
async function limited<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function zipExecutable(name: string, data: Uint8Array): Promise<Uint8Array> {
  return new Promise((done, fail) =>
    zip({ [name]: [data, { ...zipEntryOptions(0o755), level: 6 }] }, (err, out) => (err ? fail(err) : done(out))),
  );
}

export async function buildRelease(options: ReleaseOptions = {}): Promise<Release> {
  const log = options.log ?? ((line: string) => console.log(line));
  const version = options.version ?? packageVersion();
  const outDir = resolve(options.outDir ?? DEFAULT_OUT);
  const targets = (options.platforms?.length ? options.platforms : TARGETS.map((t) => t.platform)).map(targetFor);
  const signingKey = options.signingKey === undefined ? signingKeyFromEnv() : options.signingKey;
  if (signingKey === undefined) {
    throw new Error(
      "no signing key: set GPG_PRIVATE_KEY (ASCII-armored, with PASSPHRASE if it has one) or GPG_FINGERPRINT " +
        "(a key in your keyring), or pass --unsigned for a release that no registry will accept",
    );
  }
  const host = hostTarget();
  if (!host)
    throw new Error(`no official Node binary runs on ${process.platform}-${process.arch} to make the SEA blob`);

  const work = mkdtempSync(join(tmpdir(), "tf-release-"));
  try {
    mkdirSync(outDir, { recursive: true });
    const built = await buildProvider(join(work, "provider"));
    const chunks = built.chunks.map((c) => basename(c));
    const mainScript = seaMainScript(readFileSync(built.bundle, "utf8"), chunks);
    const assets = Object.fromEntries(chunks.map((c) => [c, join(dirname(built.bundle), c)]));
    const blobNode = await nodeBinary(host, options.cache);
    const blobs = new Map<boolean, Promise<string>>();
    // Code cache only where the blob's maker and the executable are the same platform (V8 rejects it elsewhere).
    const blobFor = (codeCache: boolean) => {
      let blob = blobs.get(codeCache);
      if (!blob) {
        const name = codeCache ? "code-cache" : "plain";
        blob = makeBlob({ node: blobNode, workDir: work, mainScript, assets, useCodeCache: codeCache, name });
        blobs.set(codeCache, blob);
      }
      return blob;
    };

    const buildOne = async (target: ReleaseTarget): Promise<ReleasedPlatform> => {
      const codeCache = target.platform === host.platform;
      const executable = `terraform-provider-${PROVIDER_TYPE}_v${version}${target.os === "windows" ? ".exe" : ""}`;
      const dir = join(work, target.platform);
      mkdirSync(dir);
      const file = join(dir, executable);
      await injectBlob(target, await nodeBinary(target, options.cache), await blobFor(codeCache), file);
      const data = readFileSync(file);
      const zipped = await zipExecutable(executable, data);
      const zipFile = join(outDir, zipName(version, target.platform));
      writeFileSync(zipFile, zipped);
      rmSync(dir, { recursive: true, force: true });
      log(
        `built ${basename(zipFile)} (${(data.length / 1e6).toFixed(1)} MB executable, ${(zipped.length / 1e6).toFixed(1)} MB zip)`,
      );
      return {
        platform: target.platform,
        zip: zipFile,
        executable,
        executableBytes: data.length,
        zipBytes: zipped.length,
        sha256: sha256(zipped),
        h1: packageHashH1({ [executable]: data }),
        codeCache,
      };
    };
    const jobs = Math.max(1, options.jobs ?? Math.min(2, availableParallelism()));
    const platforms = await limited(
      jobs,
      targets.map((t) => () => buildOne(t)),
    );

    const prefix = join(outDir, `terraform-provider-${PROVIDER_TYPE}_${version}`);
    const manifest = `${prefix}_manifest.json`;
    writeFileSync(manifest, JSON.stringify({ version: 1, metadata: { protocol_versions: ["6.0"] } }, null, 2) + "\n");
    const sha256sums = `${prefix}_SHA256SUMS`;
    const sums = [
      ...platforms.map((p) => ({ name: basename(p.zip), digest: p.sha256 })),
      { name: basename(manifest), digest: sha256(readFileSync(manifest)) },
    ].sort((a, b) => a.name.localeCompare(b.name));
    writeFileSync(sha256sums, sums.map((s) => `${s.digest}  ${s.name}\n`).join(""));
    rmSync(`${sha256sums}.sig`, { force: true });

    const release: Release = { outDir, version, nodeVersion: NODE_VERSION, platforms, manifest, sha256sums };
    if (signingKey) {
      const signed = await signFile(sha256sums, join(outDir, "signing-key.asc"), signingKey);
      Object.assign(release, {
        signature: signed.signature,
        publicKey: signed.publicKey,
        fingerprint: signed.fingerprint,
      });
      log(`signed ${basename(sha256sums)} with ${signed.fingerprint}`);
    } else {
      log(`NOT signed (--unsigned): no registry accepts this release`);
    }
    return release;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      platform: { type: "string", multiple: true },
      unsigned: { type: "boolean" },
      jobs: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "Usage: npm run terraform:release -- [--out <dir>] [--platform <os_arch> ...] [--unsigned] [--jobs <n>]\n" +
        `Platforms: ${TARGETS.map((t) => t.platform).join(", ")} (default: all). Signing key from GPG_PRIVATE_KEY ` +
        "(+ PASSPHRASE) or GPG_FINGERPRINT; see guides/release.md.",
    );
    process.exit(0);
  }
  buildRelease({
    outDir: values.out,
    platforms: values.platform,
    signingKey: values.unsigned ? false : undefined,
  }).then(
    (release) => {
      for (const p of release.platforms) {
        console.log(`${p.platform}\t${statSync(p.zip).size} bytes\t${p.h1}`);
      }
      console.log(`wrote ${release.outDir}`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
