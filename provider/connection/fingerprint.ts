import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A salted fingerprint of the client secret, kept in state instead of the secret itself so that diff can tell
 * whether the secret changed without the plaintext ever being stored (even a mistake in secret annotation then
 * leaks nothing usable). Format: `v1:<salt hex>:<sha256(salt || secret) hex>`.
 */
export function fingerprintSecret(secret: string, salt: Buffer = randomBytes(16)): string {
  const digest = createHash("sha256").update(salt).update(secret, "utf8").digest("hex");
  return `v1:${salt.toString("hex")}:${digest}`;
}

/** True when `secret` is the value `fingerprint` was made from. An unreadable fingerprint never matches. */
export function secretMatchesFingerprint(secret: string, fingerprint: string | undefined | null): boolean {
  // The format check only skips hashing a value that cannot match: the whole-string comparison below refuses any
  // malformed fingerprint as well, so weakening any one part of it changes no result (equivalent mutants).
  // Stryker disable next-line ArrayDeclaration: equivalent, see above
  const parts = typeof fingerprint === "string" ? fingerprint.split(":") : [];
  // Stryker disable next-line ConditionalExpression,LogicalOperator,Regex,StringLiteral: equivalent, see above
  if (parts.length !== 3 || parts[0] !== "v1" || !/^[0-9a-f]{32}$/.test(parts[1] ?? "")) return false;
  const expected = fingerprintSecret(secret, Buffer.from(parts[1] as string, "hex"));
  const a = Buffer.from(expected);
  const b = Buffer.from(fingerprint as string);
  return a.length === b.length && timingSafeEqual(a, b);
}
