// Helpers of the release tests: a throwaway RSA signing key, a test CA and an HTTPS static server on 127.0.0.1 (for
// the network mirror), and readers of the three executable formats that check what the release wrote without using
// the release code's own parser.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestKey {
  home: string;
  armoredSecretKey: string;
  passphrase: string;
  close(): Promise<void>;
}

/** An RSA key in a GnuPG home of its own (RSA: the Terraform Registry refuses ECC keys). */
export async function makeTestKey(): Promise<TestKey> {
  const home = mkdtempSync(join(tmpdir(), "release-test-gnupg-"));
  const passphrase = "release-test-passphrase";
  const gpg = (...args: string[]) =>
    run("gpg", ["--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase, ...args], {
      maxBuffer: 4 * 1024 * 1024,
    });
  await gpg("--quick-gen-key", "Release Test <release-test@example.invalid>", "rsa2048", "sign", "never");
  const { stdout } = await gpg("--armor", "--export-secret-keys");
  return {
    home,
    armoredSecretKey: stdout,
    passphrase,
    close: async () => {
      await run("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * A CA and a server certificate for 127.0.0.1 / localhost, made with openssl, and an unrelated CA (`otherCa`) that
 * trusts nothing the server presents.
 */
export function makeTlsFiles(dir: string): { ca: string; otherCa: string; cert: string; key: string } {
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  for (const ca of ["ca", "other-ca"]) {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=Release Test ${ca}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
      "-keyout", f(`${ca}.key`), "-out", f(`${ca}.pem`)); // prettier-ignore
  }
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", f("server.key"),
    "-out", f("server.csr")); // prettier-ignore
  writeFileSync(f("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  openssl("x509", "-req", "-in", f("server.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial",
    "-days", "1", "-extfile", f("server.ext"), "-out", f("server.pem")); // prettier-ignore
  return { ca: f("ca.pem"), otherCa: f("other-ca.pem"), cert: f("server.pem"), key: f("server.key") };
}

export interface StaticServer {
  url: string;
  /** "METHOD /path" of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `root` over HTTPS on 127.0.0.1 (GET and HEAD, as a company's artifact server would). */
export async function serveDirectory(root: string, tls: { cert: string; key: string }): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const path = join(root, normalize(decodeURIComponent(new URL(req.url ?? "/", "https://x").pathname)));
    if (!path.startsWith(root) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = extname(path) === ".json" ? "application/json" : "application/zip";
    res.writeHead(200, { "content-type": type, "content-length": statSync(path).size });
    if (req.method === "HEAD") res.end();
    else createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- executable formats ----

export function elfMachine(buf: Buffer): string {
  if (buf.readUInt32BE(0) !== 0x7f454c46) throw new Error("not ELF");
  if (buf[4] !== 2) throw new Error("not ELF64");
  const machine = buf.readUInt16LE(18);
  return (
    ({ 0x3e: "x86-64", 0xb7: "aarch64" } as Record<number, string>)[machine] ?? `machine 0x${machine.toString(16)}`
  );
}

export interface PeInfo {
  machine: string;
  pe32plus: boolean;
  subsystem: number;
  /** Size of the certificate table (Authenticode signature) data directory: 0 when unsigned. */
  certificateTableSize: number;
}

export function peInfo(buf: Buffer): PeInfo {
  if (buf.toString("latin1", 0, 2) !== "MZ") throw new Error("not a PE file (no MZ)");
  const pe = buf.readUInt32LE(0x3c);
  if (buf.readUInt32BE(pe) !== 0x50450000) throw new Error("no PE signature");
  const machine = buf.readUInt16LE(pe + 4);
  const opt = pe + 24;
  const magic = buf.readUInt16LE(opt);
  // PE32+ optional header: data directories start at offset 112; the certificate table is entry 4.
  return {
    machine: ({ 0x8664: "x86-64", 0xaa64: "arm64" } as Record<number, string>)[machine] ?? `0x${machine.toString(16)}`,
    pe32plus: magic === 0x20b,
    subsystem: buf.readUInt16LE(opt + 68),
    certificateTableSize: buf.readUInt32LE(opt + 112 + 4 * 8 + 4),
  };
}

export interface MachOInfo {
  cpu: string;
  segments: string[];
  /** Every page hash of the ad-hoc signature checked against the file. */
  signature: { flags: number; identifier: string; pages: number; hashesVerified: number; coversFile: boolean };
}

/** Reads a thin 64-bit Mach-O file and checks its embedded (ad-hoc) code signature page by page. */
export function machOInfo(buf: Buffer): MachOInfo {
  if (buf.readUInt32LE(0) !== 0xfeedfacf) throw new Error("not a 64-bit Mach-O file");
  const cputype = buf.readUInt32LE(4);
  const cpu = ({ 0x01000007: "x86_64", 0x0100000c: "arm64" } as Record<number, string>)[cputype] ?? `${cputype}`;
  const ncmds = buf.readUInt32LE(16);
  const segments: string[] = [];
  let linkeditEnd = 0;
  let sig: { off: number; size: number } | undefined;
  for (let i = 0, at = 32; i < ncmds; i++) {
    const cmd = buf.readUInt32LE(at);
    if (cmd === 0x19) {
      const name = buf.toString("latin1", at + 8, at + 24).replace(/\0+$/, "");
      segments.push(name);
      if (name === "__LINKEDIT") linkeditEnd = Number(buf.readBigUInt64LE(at + 40) + buf.readBigUInt64LE(at + 48));
    }
    if (cmd === 0x1d) sig = { off: buf.readUInt32LE(at + 8), size: buf.readUInt32LE(at + 12) };
    at += buf.readUInt32LE(at + 4);
  }
  if (!sig) throw new Error("no LC_CODE_SIGNATURE");
  const s = sig.off;
  if (buf.readUInt32BE(s) !== 0xfade0cc0) throw new Error("signature is not an embedded-signature SuperBlob");
  const count = buf.readUInt32BE(s + 8);
  let cd = -1;
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32BE(s + 12 + i * 8) === 0) cd = s + buf.readUInt32BE(s + 16 + i * 8);
  }
  if (cd < 0 || buf.readUInt32BE(cd) !== 0xfade0c02) throw new Error("no CodeDirectory in slot 0");
  const flags = buf.readUInt32BE(cd + 12);
  const hashOffset = buf.readUInt32BE(cd + 16);
  const identOffset = buf.readUInt32BE(cd + 20);
  const nCodeSlots = buf.readUInt32BE(cd + 28);
  const codeLimit = buf.readUInt32BE(cd + 32);
  const hashSize = buf[cd + 36] as number;
  const hashType = buf[cd + 37];
  const pageSize = 2 ** (buf[cd + 39] as number);
  if (hashType !== 2 || hashSize !== 32) throw new Error(`unexpected hash type ${hashType}/${hashSize}`);
  const identifier = buf.toString("utf8", cd + identOffset, buf.indexOf(0, cd + identOffset));
  let verified = 0;
  for (let page = 0; page < nCodeSlots; page++) {
    const from = page * pageSize;
    const digest = createHash("sha256")
      .update(buf.subarray(from, Math.min(from + pageSize, codeLimit)))
      .digest();
    const stored = buf.subarray(cd + hashOffset + page * 32, cd + hashOffset + page * 32 + 32);
    if (!digest.equals(stored)) throw new Error(`page ${page} hash does not match`);
    verified++;
  }
  return {
    cpu,
    segments,
    signature: {
      flags,
      identifier,
      pages: nCodeSlots,
      hashesVerified: verified,
      coversFile: codeLimit === sig.off && sig.off + sig.size === buf.length && linkeditEnd === buf.length,
    },
  };
}

export function cleanup(...dirs: (string | undefined)[]): void {
  for (const d of dirs) if (d) rmSync(d, { recursive: true, force: true });
}
