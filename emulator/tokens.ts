import { constantTimeEqual, hmacSha256 } from "./crypto";

/**
 * JWT-shaped access tokens (HS256), written by hand because node:crypto is all it takes and the emulator must tell
 * apart exactly three cases the way Infisical does: not a token we signed (malformed), signed but past its hard expiry
 * (expired), and well-formed (the caller then looks the token id up, so a revoked one is unknown).
 */
export interface TokenClaims {
  /** Token id: the row the emulator keeps (revocation, renewal, TTL). */
  jti: string;
  identityId: string;
  iat: number;
  /** Hard expiry: the token's max TTL. The renewable TTL lives in the token row. */
  exp: number;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString("base64url");

export function signToken(keyBase64: string, claims: TokenClaims): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify({ ...claims, authTokenType: "identityAccessToken" }));
  return `${head}.${body}.${b64url(hmacSha256(keyBase64, `${head}.${body}`))}`;
}

export type VerifyResult =
  { kind: "malformed" } | { kind: "expired"; claims: TokenClaims } | { kind: "ok"; claims: TokenClaims };

export function verifyToken(keyBase64: string, token: string, nowSeconds: number): VerifyResult {
  const parts = token.split(".");
  if (parts.length !== 3) return { kind: "malformed" };
  const [head, body, sig] = parts as [string, string, string];
  const expected = hmacSha256(keyBase64, `${head}.${body}`);
  if (!constantTimeEqual(Buffer.from(sig, "base64url"), expected)) return { kind: "malformed" };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenClaims;
  } catch {
    return { kind: "malformed" };
  }
  if (typeof claims.jti !== "string" || typeof claims.exp !== "number") return { kind: "malformed" };
  if (claims.exp <= nowSeconds) return { kind: "expired", claims };
  return { kind: "ok", claims };
}
