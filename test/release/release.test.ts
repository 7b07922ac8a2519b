/**
 * The Terraform release as a registry and a team's CI get it: `npm run terraform:release` makes the five
 * self-contained executables (Node single executable applications built from the official Node binaries on npm),
 * zips, manifest, SHA256SUMS and its GPG signature; `sha256sum -c` and `gpg --verify` accept them; each executable
 * has its platform's format (Mach-O with a valid ad-hoc signature, PE32+ without a stale Authenticode signature); the
 * real terraform installs them offline from a filesystem mirror (and locks all five platforms), from a network mirror
 * over HTTPS, and runs the linux_amd64 executable through a whole lifecycle with no `node` on PATH.
 *
 * The first run downloads ~210 MB of Node binaries through npm into ~/.cache/infisical-auth0-iac (see
 * provider/terraform/release/node-binaries.ts); later runs reuse them. Building takes one to three minutes.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import type { RunningEmulator } from "../../emulator/types";
import { mirrorConfigText, packageVersion } from "../../provider/terraform/install";
import { mirrorFromRelease, sha256, zipHashH1, type PackedMirror } from "../../provider/terraform/mirror";
import { NODE_VERSION, TARGETS } from "../../provider/terraform/release/targets";
import { HEADER, NO_TERRAFORM, Workspace, connectionHcl, emulatorEnv, hasTerraform } from "../terraform/harness";
import { NPM, run } from "../package/helpers";
import {
  cleanup,
  elfMachine,
  machOInfo,
  makeTestKey,
  makeTlsFiles,
  peInfo,
  serveDirectory,
  type TestKey,
} from "./helpers";

if (!hasTerraform) console.warn(`terraform release: ${NO_TERRAFORM}`);

const ROOT = join(__dirname, "..", "..");
const TYPE = "infisicalauth0";
const VERSION = packageVersion();
const PREFIX = `terraform-provider-${TYPE}_${VERSION}`;
const PLATFORMS = TARGETS.map((t) => t.platform);
const R = `${TYPE}_app_connection`;
const BUILD_TIMEOUT = 20 * 60_000;

let work: string;
let releaseDir: string;
let key: TestKey;
let releaseLog = "";
const unpacked = new Map<string, Buffer>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tf-release-test-"));
  releaseDir = join(work, "release");
  key = await makeTestKey();
  // The npm script, run by this test's own Node (the suite also runs on Node 22), with the key from the environment
  // as a release workflow passes it.
  const env = {
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
    GPG_PRIVATE_KEY: key.armoredSecretKey,
    PASSPHRASE: key.passphrase,
    GPG_FINGERPRINT: "",
  };
  // One executable at a time: the other test worker keeps a core.
  const r = await run(NPM, ["run", "terraform:release", "--", "--out", releaseDir, "--jobs", "1"], {
    cwd: ROOT,
    env,
    timeout: BUILD_TIMEOUT,
    background: true,
  });
  releaseLog = r.out;
  expect(r.status, r.out).toBe(0);
  for (const t of TARGETS) {
    const entries = unzipSync(readFileSync(join(releaseDir, `${PREFIX}_${t.platform}.zip`)));
    for (const [name, data] of Object.entries(entries)) unpacked.set(`${t.platform}/${name}`, Buffer.from(data));
  }
}, BUILD_TIMEOUT);

afterAll(async () => {
  await key?.close();
  cleanup(work);
});

describe("npm run terraform:release", () => {
  it("writes the registry's file set: five zips, manifest, SHA256SUMS, its signature and the public key", () => {
    expect(readdirSync(releaseDir).sort()).toEqual(
      [
        ...PLATFORMS.map((p) => `${PREFIX}_${p}.zip`),
        `${PREFIX}_SHA256SUMS`,
        `${PREFIX}_SHA256SUMS.sig`,
        `${PREFIX}_manifest.json`,
        "signing-key.asc",
      ].sort(),
    );
    expect(JSON.parse(readFileSync(join(releaseDir, `${PREFIX}_manifest.json`), "utf8"))).toEqual({
      version: 1,
      metadata: { protocol_versions: ["6.0"] },
    });
    // Each zip holds exactly the executable, named as Terraform looks for it, executable once unpacked.
    for (const t of TARGETS) {
      const zip = readFileSync(join(releaseDir, `${PREFIX}_${t.platform}.zip`));
      const names = Object.keys(unzipSync(zip));
      const exe = `terraform-provider-${TYPE}_v${VERSION}${t.os === "windows" ? ".exe" : ""}`;
      expect(names, t.platform).toEqual([exe]);
      // Central directory entry: external attributes carry the Unix mode 0755.
      const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      expect((zip.readUInt32LE(central + 38) >>> 16) & 0o777, t.platform).toBe(0o755);
    }
    expect(releaseLog).toMatch(/signed .*_SHA256SUMS with [0-9A-F]{40}/);
  });

  it("passes sha256sum -c, and gpg --verify with the exported public key (RSA, binary detached signature)", async () => {
    const sums = await run("sha256sum", ["-c", `${PREFIX}_SHA256SUMS`], { cwd: releaseDir });
    expect(sums.status, sums.out).toBe(0);
    expect(sums.out.trim().split("\n").sort()).toEqual(
      [...PLATFORMS.map((p) => `${PREFIX}_${p}.zip: OK`), `${PREFIX}_manifest.json: OK`].sort(),
    );
    const sig = readFileSync(join(releaseDir, `${PREFIX}_SHA256SUMS.sig`));
    expect(sig.subarray(0, 10).toString("latin1")).not.toContain("-----BEGIN");
    const home = mkdtempSync(join(work, "verify-gnupg-"));
    const gpg = (...args: string[]) => run("gpg", ["--homedir", home, "--batch", ...args], { cwd: releaseDir });
    try {
      expect((await gpg("--import", "signing-key.asc")).status).toBe(0);
      const keys = await gpg("--with-colons", "--list-keys");
      expect(
        keys.out
          .split("\n")
          .find((l) => l.startsWith("pub:"))
          ?.split(":")[3],
      ).toBe("1"); // RSA
      const verify = await gpg("--verify", `${PREFIX}_SHA256SUMS.sig`, `${PREFIX}_SHA256SUMS`);
      expect(verify.status, verify.out).toBe(0);
      expect(verify.out).toContain("Good signature");
      // The signature covers the checksums: one changed byte and it fails.
      const tampered = join(work, "SHA256SUMS.tampered");
      writeFileSync(tampered, readFileSync(join(releaseDir, `${PREFIX}_SHA256SUMS`), "utf8").replace(/^./, "0"));
      const bad = await gpg("--verify", `${PREFIX}_SHA256SUMS.sig`, tampered);
      expect(bad.status).not.toBe(0);
      expect(bad.out).toContain("BAD signature");
    } finally {
      await run("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], { cwd: work });
    }
  });

  it("makes each platform's executable in its own format, with the SEA blob injected", () => {
    const exe = (platform: string) =>
      unpacked.get(
        `${platform}/terraform-provider-${TYPE}_v${VERSION}${platform.startsWith("windows") ? ".exe" : ""}`,
      )!;
    expect(elfMachine(exe("linux_amd64"))).toBe("x86-64");
    expect(elfMachine(exe("linux_arm64"))).toBe("aarch64");
    const pe = peInfo(exe("windows_amd64"));
    expect(pe).toEqual({ machine: "x86-64", pe32plus: true, subsystem: 3, certificateTableSize: 0 });
    for (const [platform, cpu] of [
      ["darwin_amd64", "x86_64"],
      ["darwin_arm64", "arm64"],
    ] as const) {
      const info = machOInfo(exe(platform));
      expect(info.cpu, platform).toBe(cpu);
      expect(info.segments, platform).toContain("NODE_SEA");
      expect(info.segments.at(-1), platform).toBe("__LINKEDIT");
      // Ad-hoc (0x2) and linker-signed (0x20000), every page hash right, the signature last in the file.
      expect(info.signature.flags, platform).toBe(0x20002);
      expect(info.signature.identifier, platform).toBe(`terraform-provider-${TYPE}_v${VERSION}`);
      expect(info.signature.hashesVerified, platform).toBe(info.signature.pages);
      expect(info.signature.pages, platform).toBeGreaterThan(20_000);
      expect(info.signature.coversFile, platform).toBe(true);
    }
    for (const p of PLATFORMS) {
      const data = exe(p);
      // postject flips Node's SEA fuse and adds the blob holding the provider's prelude and its client chunk.
      expect(data.includes("NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1"), p).toBe(true);
      expect(data.includes("infisicalauth0-client.cjs"), p).toBe(true);
      expect(data.includes(`v${NODE_VERSION}`), p).toBe(true);
    }
    // `file` agrees, where it is installed.
    if (spawnSync("file", ["--version"]).status === 0) {
      const dir = mkdtempSync(join(work, "file-"));
      const describe = (p: string) => {
        const f = join(dir, p);
        writeFileSync(f, exe(p));
        return spawnSync("file", ["-b", f], { encoding: "utf8" }).stdout;
      };
      expect(describe("linux_amd64")).toMatch(/^ELF 64-bit LSB .*x86-64/);
      expect(describe("linux_arm64")).toMatch(/^ELF 64-bit LSB .*ARM aarch64/);
      expect(describe("darwin_arm64")).toMatch(/^Mach-O 64-bit arm64 executable/);
      expect(describe("darwin_amd64")).toMatch(/^Mach-O 64-bit x86_64 executable/);
      expect(describe("windows_amd64")).toMatch(/^PE32\+ executable \(console\) x86-64/);
      cleanup(dir);
    }
  });
});

describe.skipIf(!hasTerraform)("installing the release with terraform, offline", () => {
  let mirrorDir: string;
  let mirror: PackedMirror;
  let emu: RunningEmulator;
  /** A PATH holding terraform alone: no node. */
  let bin: string;

  const versionedHeader = HEADER.replace(
    `source = "infisical-iac/${TYPE}"`,
    `source = "infisical-iac/${TYPE}", version = "${VERSION}"`,
  );

  beforeAll(async () => {
    mirrorDir = join(work, "fs-mirror");
    mirror = mirrorFromRelease({ releaseDir, outDir: mirrorDir });
    writeFileSync(join(work, "mirror.tfrc"), mirrorConfigText(mirrorDir));
    writeFileSync(join(work, "offline.tfrc"), "# no provider_installation: only the mirror flags below\n");
    bin = join(work, "bin");
    mkdirSync(bin);
    const terraform = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).stdout.trim();
    symlinkSync(terraform, join(bin, "terraform"));
    emu = await startEmulator({ rateLimit: false });
  }, 120_000);

  afterAll(async () => {
    await emu?.close();
  });

  it("lays the zips out as a filesystem mirror with every platform's h1 hash", () => {
    expect(mirror.version).toBe(VERSION);
    expect(mirror.zips.map((z) => z.platform).sort()).toEqual([...PLATFORMS].sort());
    const listing = JSON.parse(readFileSync(join(mirror.providerDir, `${VERSION}.json`), "utf8")) as {
      archives: Record<string, { url: string; hashes: string[] }>;
    };
    for (const z of mirror.zips) {
      const zip = readFileSync(join(releaseDir, `${PREFIX}_${z.platform}.zip`));
      expect(listing.archives[z.platform]).toEqual({
        url: `${PREFIX}_${z.platform}.zip`,
        hashes: [zipHashH1(zip), `zh:${sha256(zip)}`],
      });
    }
  });

  it("terraform providers lock records all five platforms' hashes from the filesystem mirror", async () => {
    const ws = new Workspace({ TF_CLI_CONFIG_FILE: join(work, "offline.tfrc") });
    try {
      ws.write(versionedHeader);
      const r = await ws.tf("providers", "lock", `-fs-mirror=${mirrorDir}`, ...PLATFORMS.map((p) => `-platform=${p}`));
      expect(r.status, r.out).toBe(0);
      const lock = readFileSync(join(ws.work, ".terraform.lock.hcl"), "utf8");
      expect(lock).toContain(`version     = "${VERSION}"`);
      for (const z of mirror.zips) expect(lock, z.platform).toContain(`"${z.h1}"`);
      expect(new Set(lock.match(/"h1:[^"]+"/g)).size).toBe(PLATFORMS.length);
    } finally {
      ws.close();
    }
  }, 600_000);

  it("installs from a network mirror served over HTTPS with a test CA", async () => {
    const tlsDir = mkdtempSync(join(work, "tls-"));
    const tls = makeTlsFiles(tlsDir);
    const server = await serveDirectory(mirrorDir, tls);
    const cli = join(work, "network.tfrc");
    writeFileSync(cli, `provider_installation {\n  network_mirror {\n    url = "${server.url}"\n  }\n}\n`);
    const ws = new Workspace({ TF_CLI_CONFIG_FILE: cli, SSL_CERT_FILE: tls.ca });
    try {
      ws.write(versionedHeader);
      const init = await ws.tf("init", "-input=false");
      expect(init.status, init.out).toBe(0);
      const linux = mirror.zips.find((z) => z.platform === "linux_amd64")!;
      expect(readFileSync(join(ws.work, ".terraform.lock.hcl"), "utf8")).toContain(`"${linux.h1}"`);
      const base = `/registry.terraform.io/infisical-iac/${TYPE}`;
      expect(server.requests).toEqual(
        expect.arrayContaining([
          `GET ${base}/index.json`,
          `GET ${base}/${VERSION}.json`,
          `GET ${base}/${PREFIX}_linux_amd64.zip`,
        ]),
      );
      // The test CA is what makes it trusted.
      const untrusted = new Workspace({ TF_CLI_CONFIG_FILE: cli, SSL_CERT_FILE: tls.otherCa });
      try {
        untrusted.write(versionedHeader);
        const r = await untrusted.tf("init", "-input=false");
        expect(r.status).not.toBe(0);
        expect(r.out).toMatch(/certificate signed by unknown authority|x509/);
      } finally {
        untrusted.close();
      }
    } finally {
      ws.close();
      await server.close();
    }
  }, 600_000);

  it("runs the linux_amd64 executable through init, plan, apply, import and destroy with no node on PATH", async () => {
    expect(readdirSync(bin)).toEqual(["terraform"]);
    expect(spawnSync("node", ["--version"], { env: { PATH: bin } }).error).toBeDefined();
    const ws = new Workspace({ ...emulatorEnv(emu), PATH: bin, TF_CLI_CONFIG_FILE: join(work, "mirror.tfrc") });
    const ok = async (...args: string[]) => {
      const r = await ws.tf(...args);
      expect(r.status, `terraform ${args.join(" ")}\n${r.out}`).toBe(0);
      return r;
    };
    try {
      const { seed } = emu;
      ws.write(
        versionedHeader +
          'provider "infisicalauth0" {}\n' +
          connectionHcl("sea", { name: "from-the-sea", credentials: seed.auth0, secret: seed.auth0.clientSecret }),
      );
      const init = await ok("init", "-input=false");
      expect(init.out).toContain(`Installing infisical-iac/${TYPE} v${VERSION}`);
      const installed = join(
        ws.work,
        `.terraform/providers/registry.terraform.io/infisical-iac/${TYPE}/${VERSION}/linux_amd64`,
      );
      expect(readdirSync(installed)).toEqual([`terraform-provider-${TYPE}_v${VERSION}`]);
      expect(statSync(join(installed, `terraform-provider-${TYPE}_v${VERSION}`)).size).toBeGreaterThan(50e6);
      const plan = await ws.tf("plan", "-detailed-exitcode");
      expect(plan.status, plan.out).toBe(2);
      expect(plan.out).toContain("1 to add, 0 to change, 0 to destroy");
      await ok("apply", "-auto-approve");
      const id = ws.instance(`${R}.sea`)?.attributes.id as string;
      expect((await emu.admin.connections()).map((c) => c.name)).toContain("from-the-sea");
      const converged = await ws.tf("plan", "-detailed-exitcode");
      expect(converged.status, converged.out).toBe(0);
      await ok("state", "rm", `${R}.sea`);
      await ok("import", `${R}.sea`, id);
      expect(ws.instance(`${R}.sea`)?.attributes.name).toBe("from-the-sea");
      await ok("apply", "-auto-approve");
      await ok("destroy", "-auto-approve");
      expect((await emu.admin.connections()).some((c) => c.id === id)).toBe(false);
      expect(ws.transcript).not.toContain(seed.auth0.clientSecret);
      expect(existsSync(join(ws.work, "terraform.tfstate"))).toBe(true);
    } finally {
      ws.close();
    }
  }, 600_000);
});
