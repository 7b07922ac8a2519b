import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from "node:crypto";

export const newId = (): string => randomUUID();

/** A random secret of `bytes` bytes, hex encoded (what Infisical and Auth0 hand out looks just as opaque). */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString("hex");

export const newKey = (): string => randomBytes(32).toString("base64");

/**
 * Credentials are kept as Infisical keeps them: AES-256-GCM with a fresh IV per write. The point is not secrecy in a
 * test fixture but fidelity: `credentialsHash` is the sha256 of this ciphertext, so it changes on every write even
 * when the plaintext does not, and nobody can recompute it from the plaintext.
 */
export function encryptJson(keyBase64: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(keyBase64, "base64"), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64");
}

export function decryptJson<T>(keyBase64: string, blob: string): T {
  const raw = Buffer.from(blob, "base64");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(keyBase64, "base64"), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  return JSON.parse(text) as T;
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

export function hmacSha256(keyBase64: string, data: string): Buffer {
  return createHmac("sha256", Buffer.from(keyBase64, "base64")).update(data).digest();
}

export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
