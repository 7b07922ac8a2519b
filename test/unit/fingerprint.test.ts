// The salted client-secret fingerprint Pulumi keeps in state instead of the secret: its format is a stored contract
// (state written by an earlier version must still match), and an unreadable or foreign value never matches.
import { describe, expect, it } from "vitest";
import { fingerprintSecret, secretMatchesFingerprint } from "../../provider/connection";

const SALT = Buffer.from("000102030405060708090a0b0c0d0e0f", "hex");
/** sha256(salt || "s3cret"), as recorded in state by every version so far. */
const RECORDED = "v1:000102030405060708090a0b0c0d0e0f:bb913cc836b213896ba4e54fc1d1c54bc72242421085f10ac4944db11bd9f191";

describe("fingerprintSecret", () => {
  it("is v1:<salt hex>:<sha256(salt || secret) hex>, the format state already holds", () => {
    expect(fingerprintSecret("s3cret", SALT)).toBe(RECORDED);
    // UTF-8, not Latin-1: a secret with accents keeps matching across versions.
    expect(fingerprintSecret("pässwörd", SALT)).toBe(
      "v1:000102030405060708090a0b0c0d0e0f:2632aea5b479e60d08967ba555b755aa8d9a7d5eac0e0851cfdeb238f7d82a29",
    );
  });
  it("uses a fresh 16-byte salt each time, and never contains the secret", () => {
    const a = fingerprintSecret("s3cret");
    const b = fingerprintSecret("s3cret");
    expect(a).toMatch(/^v1:[0-9a-f]{32}:[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cret");
    expect(secretMatchesFingerprint("s3cret", a) && secretMatchesFingerprint("s3cret", b)).toBe(true);
  });
});

describe("secretMatchesFingerprint", () => {
  it("matches the recorded secret, and no other", () => {
    expect(secretMatchesFingerprint("s3cret", RECORDED)).toBe(true);
    expect(secretMatchesFingerprint("s3cret ", RECORDED)).toBe(false);
    expect(secretMatchesFingerprint("", RECORDED)).toBe(false);
  });
  const [, salt, digest] = RECORDED.split(":") as [string, string, string];
  it.each([
    ["absent", undefined],
    ["null", null],
    ["empty", ""],
    ["another version", `v2:${salt}:${digest}`],
    ["a missing part", `v1:${salt}`],
    ["an extra part", `${RECORDED}:x`],
    ["a short salt", `v1:${salt.slice(2)}:${digest}`],
    ["a long salt", `v1:${salt}00:${digest}`],
    ["an upper-case salt", `v1:${salt.toUpperCase()}:${digest}`],
    ["a salt that is not hex", `v1:${"g".repeat(32)}:${digest}`],
    ["an upper-case digest", `v1:${salt}:${digest.toUpperCase()}`],
    ["a short digest", `v1:${salt}:${digest.slice(1)}`],
    ["a long digest", `v1:${salt}:${digest}0`],
    ["another digest", `v1:${salt}:${"0".repeat(64)}`],
  ])("never matches a fingerprint that is %s", (_what, fingerprint) => {
    expect(secretMatchesFingerprint("s3cret", fingerprint)).toBe(false);
  });
  it("reads only a whole salt: one hidden inside a longer part does not count", () => {
    expect(secretMatchesFingerprint("s3cret", `v1:x${salt}:${digest}`)).toBe(false);
    expect(secretMatchesFingerprint("s3cret", `v1:${salt}x:${digest}`)).toBe(false);
  });
});
