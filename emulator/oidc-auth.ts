import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import type { EmulatorContext } from "./context";
import type { TokenReply } from "./access-tokens";
import type { OidcAuthRow } from "./state";
import { ApiError, forbidden, unauthorized } from "./errors";
import { jsonOf, loopbackUrl, sendExpectingSuccess } from "./outbound";
import { claimMatches, globMatch, storedList, valueByDot } from "./globs";

/** Infisical's limit on keys tried for a token without `kid`. */
const MAX_KEYS_TO_TRY = 10;

/** A failure jsonwebtoken's `verify` reports, by its message (`jwt expired`, `invalid signature`, …). */
class VerifyError extends Error {}

/**
 * OIDC login, in Infisical's order: the identity's configuration, the discovery document (fetched on every login from
 * `${oidcDiscoveryUrl}/.well-known/openid-configuration`, a plain string append), `jwks_uri`, the JWT decoded, the
 * JWKS (fetched on every login; nothing is cached), the signature with `exp`, `nbf` and the exact issuer, then the
 * bound subject, audiences, claims and mapped claims, then the sub-organization.
 */
export async function oidcLogin(
  ctx: EmulatorContext,
  body: { identityId: string; jwt: string; organizationSlug?: string },
): Promise<TokenReply> {
  const { row, identity } = ctx.authMethods.forLogin("oidc", body.identityId);
  const discoveryUrl = row.oidcDiscoveryUrl;
  loopbackUrl(discoveryUrl);
  let discovery: unknown;
  try {
    discovery = jsonOf(await get(ctx, `${discoveryUrl}/.well-known/openid-configuration`, row));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw unauthorized(
      `Access denied: Failed to fetch OIDC discovery document from ${discoveryUrl}. ${(err as Error).message}`,
    );
  }
  const jwksUri = (discovery as { jwks_uri?: unknown } | undefined)?.jwks_uri;
  if (typeof jwksUri !== "string" || jwksUri === "") {
    throw unauthorized(
      "Access denied: OIDC discovery document does not contain a jwks_uri. The identity provider may be misconfigured.",
    );
  }
  loopbackUrl(jwksUri);

  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(body.jwt).kid;
    decodeJwt(body.jwt);
  } catch {
    throw unauthorized("Invalid JWT");
  }

  const payload = kid
    ? await verifyWithKid(ctx, row, jwksUri, body.jwt, kid)
    : await verifyTryingAll(ctx, row, jwksUri, body.jwt);
  checkBindings(row, payload);
  return ctx.authMethods.issue(identity, row, body.organizationSlug);
}

async function verifyWithKid(
  ctx: EmulatorContext,
  row: OidcAuthRow,
  jwksUri: string,
  jwt: string,
  kid: string,
): Promise<JWTPayload> {
  let key: SigningKey;
  try {
    const keys = await signingKeys(ctx, row, jwksUri);
    const found = keys.find((k) => k.kid === kid);
    if (found === undefined) {
      throw unauthorized(
        `Access denied: Unable to verify JWT signature. The signing key '${kid}' was not found in the OIDC ` +
          `provider's JWKS endpoint. This may indicate an invalid token or misconfigured OIDC provider.`,
      );
    }
    key = found;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw unauthorized(`Access denied: Failed to retrieve signing key from OIDC provider: ${(err as Error).message}`);
  }
  try {
    return await verify(jwt, key, row.boundIssuer, ctx.now());
  } catch (err) {
    if (err instanceof VerifyError) throw unauthorized(`Access denied: ${err.message}`);
    throw err;
  }
}

async function verifyTryingAll(
  ctx: EmulatorContext,
  row: OidcAuthRow,
  jwksUri: string,
  jwt: string,
): Promise<JWTPayload> {
  let keys: SigningKey[];
  try {
    keys = await signingKeys(ctx, row, jwksUri);
  } catch (err) {
    throw unauthorized(`Access denied: Failed to retrieve signing keys from OIDC provider: ${(err as Error).message}`);
  }
  if (keys.length > MAX_KEYS_TO_TRY) {
    throw unauthorized(
      `Access denied: OIDC provider has ${keys.length} signing keys. Tokens must include 'kid' header when ` +
        `provider has more than ${MAX_KEYS_TO_TRY} keys.`,
    );
  }
  let lastError: Error | undefined;
  for (const key of keys) {
    try {
      return await verify(jwt, key, row.boundIssuer, ctx.now());
    } catch (err) {
      if (!(err instanceof VerifyError)) throw err;
      lastError = err;
    }
  }
  throw unauthorized(
    `Access denied: Unable to verify JWT signature with any available signing key. ${lastError?.message ?? "Invalid token"}`,
  );
}

/** Bound subject (403), audiences, claims and mapped claims (401), as Infisical checks them after the signature. */
function checkBindings(row: OidcAuthRow, payload: JWTPayload): void {
  if (row.boundSubject && !(typeof payload.sub === "string" && globMatch(payload.sub, row.boundSubject))) {
    throw forbidden("Access denied: OIDC subject not allowed.");
  }
  if (row.boundAudiences && !storedList(row.boundAudiences).some((policy) => claimMatches(payload.aud, policy))) {
    throw unauthorized("Access denied: OIDC audience not allowed.");
  }
  for (const [claim, allowed] of Object.entries(row.boundClaims)) {
    const value = valueByDot(payload, claim);
    // Infisical tests `!value`: false, 0 and "" count as missing.
    if (!value) throw unauthorized(`Access denied: token has no ${claim} field`);
    if (!storedList(allowed).some((entry) => claimMatches(value, entry))) {
      throw unauthorized("Access denied: OIDC claim not allowed.");
    }
  }
  for (const claim of Object.values(row.claimMetadataMapping ?? {})) {
    if (!valueByDot(payload, claim)) throw unauthorized(`Access denied: token has no ${claim} field`);
  }
}

async function get(ctx: EmulatorContext, url: string, row: OidcAuthRow) {
  return sendExpectingSuccess({
    url,
    headers: { accept: "application/json" },
    ca: url.includes("https") ? row.caCert : undefined,
    timeoutMs: ctx.outboundTimeoutMs,
  });
}

interface SigningKey {
  kid?: string;
  kty: string;
  key: KeyObject;
}

/** The JWKS's signing keys as jwks-rsa (Infisical's JWKS client) selects them: `use` "sig" or none, RSA or EC. */
async function signingKeys(ctx: EmulatorContext, row: OidcAuthRow, jwksUri: string): Promise<SigningKey[]> {
  const res = await get(ctx, jwksUri, row);
  const keys = (jsonOf(res) as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error("The JWKS endpoint did not contain any keys");
  const signing: SigningKey[] = [];
  for (const jwk of keys as (JsonWebKey & { kid?: string; use?: string })[]) {
    if ((jwk.use !== undefined && jwk.use !== "sig") || (jwk.kty !== "RSA" && jwk.kty !== "EC")) continue;
    try {
      signing.push({ kid: jwk.kid, kty: jwk.kty, key: createPublicKey({ key: jwk, format: "jwk" }) });
    } catch {
      // A key that does not import is skipped, as jwks-rsa does.
    }
  }
  if (signing.length === 0) throw new Error("The JWKS endpoint did not contain any signing keys");
  return signing;
}

const ALGORITHMS: Record<string, string[]> = {
  RSA: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
  EC: ["ES256", "ES384", "ES512"],
};

/**
 * jsonwebtoken's `verify(jwt, key, { issuer })`, in its order and with its messages: the algorithm must fit the
 * key, then the signature (checked by jose), `nbf`, `exp` (no clock tolerance, the emulator's clock), the issuer.
 */
async function verify(jwt: string, key: SigningKey, issuer: string, nowMs: number): Promise<JWTPayload> {
  const { alg } = decodeProtectedHeader(jwt);
  if (alg === undefined || !(ALGORITHMS[key.kty] ?? []).includes(alg)) throw new VerifyError("invalid algorithm");
  try {
    await compactVerify(jwt, key.key);
  } catch {
    throw new VerifyError("invalid signature");
  }
  const payload = decodeJwt(jwt);
  const now = Math.floor(nowMs / 1000);
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== "number") throw new VerifyError("invalid nbf value");
    if (payload.nbf > now) throw new VerifyError("jwt not active");
  }
  if (payload.exp !== undefined) {
    if (typeof payload.exp !== "number") throw new VerifyError("invalid exp value");
    if (now >= payload.exp) throw new VerifyError("jwt expired");
  }
  if (payload.iss !== issuer) throw new VerifyError(`jwt issuer invalid. expected: ${issuer}`);
  return payload;
}
