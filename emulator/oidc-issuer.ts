import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";
import type { OidcIssuerState } from "./state";
import type { MintOidcTokenInput } from "./types";
import { newId } from "./crypto";

/**
 * The emulator as an OpenID provider for tests and demos: an ES256 key made at the first start (kept in the data
 * file), its public half served at `<url>/.well-known/jwks.json`, a discovery document at
 * `<url>/.well-known/openid-configuration`, and JWTs minted on request by the admin surface. An OIDC configuration
 * whose discovery URL is the emulator's URL then works exactly like one pointing at GitHub or HCP Terraform: the
 * login fetches the discovery document and the JWKS over HTTP and verifies the signature.
 */

export const ALG = "ES256";
export const DISCOVERY_PATH = "/.well-known/openid-configuration";
export const JWKS_PATH = "/.well-known/jwks.json";
/** What a minted token carries when the caller names nothing. */
export const DEFAULT_SUBJECT = "emulator-workload";
export const DEFAULT_AUDIENCE = "infisical-emulator";
export const DEFAULT_LIFETIME_SECONDS = 300;

export function newOidcIssuer(): OidcIssuerState {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateJwk: { ...privateKey.export({ format: "jwk" }), kid: newId(), alg: ALG, use: "sig" }, lastUrl: null };
}

const keys = new WeakMap<OidcIssuerState, KeyObject>();
function privateKeyOf(issuer: OidcIssuerState): KeyObject {
  let key = keys.get(issuer);
  if (key === undefined) {
    key = createPrivateKey({ key: issuer.privateJwk as JsonWebKey, format: "jwk" });
    keys.set(issuer, key);
  }
  return key;
}

export const kidOf = (issuer: OidcIssuerState): string => String(issuer.privateJwk.kid);

export function discoveryDocument(url: string) {
  return {
    issuer: url,
    jwks_uri: `${url}${JWKS_PATH}`,
    id_token_signing_alg_values_supported: [ALG],
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
  };
}

export function jwks(issuer: OidcIssuerState) {
  const publicJwk = createPublicKey(privateKeyOf(issuer)).export({ format: "jwk" });
  return { keys: [{ ...publicJwk, kid: kidOf(issuer), alg: ALG, use: "sig" }] };
}

/** A JWT signed with the issuer's key; times come from the emulator's clock. */
export async function mint(
  issuer: OidcIssuerState,
  url: string,
  nowMs: number,
  req: MintOidcTokenInput,
): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  const lifetime = req.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  const iat = req.expired === true ? now - lifetime - 60 : now;
  const header: { alg: string; typ: string; kid?: string } = { alg: ALG, typ: "JWT" };
  if (req.noKid !== true) header.kid = req.kid ?? kidOf(issuer);
  const jwt = new SignJWT({ ...req.claims, sub: req.sub ?? DEFAULT_SUBJECT, aud: req.aud ?? DEFAULT_AUDIENCE })
    .setProtectedHeader(header)
    .setIssuer(req.issuer ?? url)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .setJti(newId());
  if (req.notBeforeSeconds !== undefined) jwt.setNotBefore(now + req.notBeforeSeconds);
  return jwt.sign(privateKeyOf(issuer));
}
