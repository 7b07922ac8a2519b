// Signs the release's SHA256SUMS with GnuPG, as the Terraform Registry and HCP Terraform's private registry require
// (a detached binary signature), from a key given in the environment the way HashiCorp's release workflow passes it:
//   GPG_PRIVATE_KEY   the ASCII-armored secret key; imported into a throwaway GnuPG home for this run
//   PASSPHRASE        its passphrase, if it has one
//   GPG_FINGERPRINT   which key signs; without GPG_PRIVATE_KEY, a key already in the user's own keyring
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface SigningKey {
  /** ASCII-armored secret key (GPG_PRIVATE_KEY). */
  privateKey?: string;
  passphrase?: string;
  fingerprint?: string;
}

export function signingKeyFromEnv(env: NodeJS.ProcessEnv = process.env): SigningKey | undefined {
  const key: SigningKey = {
    privateKey: env.GPG_PRIVATE_KEY || undefined,
    passphrase: env.PASSPHRASE || undefined,
    fingerprint: env.GPG_FINGERPRINT || undefined,
  };
  return key.privateKey || key.fingerprint ? key : undefined;
}

/** Runs gpg with `input` on stdin; rejects with gpg's own words. */
function gpg(home: string | undefined, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("gpg", [...(home ? ["--homedir", home] : []), "--batch", "--no-tty", ...args], {
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", (e) => reject(new Error(`cannot run gpg (is GnuPG installed?): ${e.message}`)));
    child.on("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`gpg ${args[0]} failed: ${stderr.trim()}`)),
    );
    if (child.stdin) {
      // gpg may exit (on an error) before reading its input: its own message is the one to report.
      child.stdin.on("error", () => undefined);
      child.stdin.end(input);
    }
  });
}

// gpg --with-colons public-key algorithm ids (RFC 4880 / 9580): 1-3 RSA, 17 DSA; the rest are ECC.
const REGISTRY_ALGORITHMS = new Set(["1", "2", "3", "17"]);

export interface SignatureFiles {
  signature: string;
  publicKey: string;
  fingerprint: string;
}

/**
 * Writes `<file>.sig` (detached, binary) and the armored public key to `publicKeyFile`. Refuses an ECC key: the
 * Terraform Registry accepts only RSA and DSA signing keys.
 */
export async function signFile(file: string, publicKeyFile: string, key: SigningKey): Promise<SignatureFiles> {
  const home = key.privateKey ? mkdtempSync(join(tmpdir(), "release-gnupg-")) : undefined;
  try {
    if (home && key.privateKey) await gpg(home, ["--import"], key.privateKey);
    const listing = await gpg(home, [
      "--with-colons",
      "--list-secret-keys",
      ...(key.fingerprint ? [key.fingerprint] : []),
    ]);
    const secretKeys = listing.split("\n").filter((l) => l.startsWith("sec:"));
    if (secretKeys.length !== 1 && !key.fingerprint) {
      throw new Error(`${secretKeys.length} secret keys found: set GPG_FINGERPRINT to the one that signs releases`);
    }
    const fields = (secretKeys[0] ?? "").split(":");
    const fpr = listing
      .split("\n")
      .find((l) => l.startsWith("fpr:"))
      ?.split(":")[9];
    if (!fpr) throw new Error(`no secret key ${key.fingerprint ?? ""} found`);
    if (!REGISTRY_ALGORITHMS.has(fields[3] ?? "")) {
      throw new Error(
        `key ${fpr} is not RSA or DSA (gpg algorithm ${fields[3]}): the Terraform Registry refuses ECC keys; ` +
          "make one with `gpg --quick-gen-key '<name> <email>' rsa4096 sign never`",
      );
    }
    const signature = `${file}.sig`;
    await gpg(
      home,
      [
        "--yes",
        "--pinentry-mode",
        "loopback",
        "--passphrase-fd",
        "0",
        "--local-user",
        fpr,
        "--output",
        signature,
        "--detach-sign",
        file,
      ],
      key.passphrase ?? "",
    );
    await gpg(home, ["--yes", "--armor", "--output", publicKeyFile, "--export", fpr]);
    return { signature, publicKey: publicKeyFile, fingerprint: fpr };
  } finally {
    if (home) {
      // The agent gpg started for this home would outlive the release.
      await run("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
  }
}
