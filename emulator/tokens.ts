import { createSecretKey, type KeyObject } from "node:crypto";
import { SignJWT, errors, jwtVerify } from "jose";

/**
 * Access tokens are HS256 JWTs (signed and checked with `jose`) that carry everything a never-renewed, never-revoked
 * token needs: who, when, and for how long. So a login writes nothing to the state; only renewals and revocations
 * are remembered (see access-tokens.ts).
 */
export interface TokenClaims {
  /** Token id (Infisical's identityAccessTokenId). */
  jti: string;
  identityId: string;
  /** Issue time in ms: finer than `iat`, so `expireTokens()` can tell tokens issued in the same second apart. */
  issuedAtMs: number;
  /** Renewable lifetime (s) given at issue; a renewal's new lifetime is kept in the state. */
  ttl: number;
  iat: number;
  /** Hard expiry (s): issue time plus the identity's max TTL. */
  exp: number;
}

const keys = new Map<string, KeyObject>();
function keyOf(keyBase64: string): KeyObject {
  let key = keys.get(keyBase64);
  if (key === undefined) {
    key = createSecretKey(Buffer.from(keyBase64, "base64"));
    keys.set(keyBase64, key);
  }
  return key;
}

export async function signToken(keyBase64: string, claims: TokenClaims): Promise<string> {
  const { jti, iat, exp, ...custom } = claims;
  return new SignJWT({ ...custom, authTokenType: "identityAccessToken" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keyOf(keyBase64));
}

/** The three cases Infisical tells apart before it looks the token up. */
export type VerifyResult = { kind: "malformed" } | { kind: "expired" } | { kind: "ok"; claims: TokenClaims };

export async function verifyToken(keyBase64: string, token: string, nowMs: number): Promise<VerifyResult> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keyOf(keyBase64), { algorithms: ["HS256"], currentDate: new Date(nowMs) }));
  } catch (err) {
    return err instanceof errors.JWTExpired ? { kind: "expired" } : { kind: "malformed" };
  }
  const { jti, identityId, issuedAtMs, ttl, iat, exp } = payload;
  if (
    typeof jti !== "string" ||
    typeof identityId !== "string" ||
    typeof issuedAtMs !== "number" ||
    typeof ttl !== "number" ||
    typeof iat !== "number" ||
    typeof exp !== "number"
  ) {
    return { kind: "malformed" };
  }
  return { kind: "ok", claims: { jti, identityId, issuedAtMs, ttl, iat, exp } };
}
