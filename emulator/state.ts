import type { Auth0TenantSeed, AuthMethodView, AwsAuthView, KubernetesAuthView, OidcAuthView } from "./types";
import { newId, newKey, randomSecret } from "./crypto";
import { newOidcIssuer } from "./oidc-issuer";

/** Everything the emulator remembers; this is exactly what `dataFile` holds. */
export interface EmulatorState {
  format: 3;
  /** HS256 key for access tokens: kept so tokens issued before a restart stay valid. */
  signingKey: string;
  /** AES key for stored credentials. */
  encryptionKey: string;
  orgId: string;
  /** The organization's own slug: `organizationSlug` naming it is the same as leaving it out. */
  orgSlug: string;
  seed: { projectId: string; identityClientId: string; tenantDomain: string };
  projects: ProjectRow[];
  identities: IdentityRow[];
  tenants: Auth0TenantSeed[];
  connections: ConnectionRow[];
  tokens: TokenState;
  /** The emulator's own OIDC identity provider (see oidc-issuer.ts). */
  oidcIssuer: OidcIssuerState;
  /** Login methods other than universal auth attached to identities, one row per identity and method. */
  authMethods: AuthMethodRows;
}

export interface OidcIssuerState {
  /** ES256 private key as a JWK (with its `kid`); the public half is served as the JWKS. */
  privateJwk: Record<string, unknown>;
  /**
   * The URL this emulator last listened on. OIDC configurations whose discovery URL (and issuer) is this URL follow
   * the emulator to its new port on the next start, so the seeded identity works after a restart with a data file.
   */
  lastUrl: string | null;
}

/** The configurations are kept exactly as Infisical's routes return them. */
export type OidcAuthRow = OidcAuthView;
export type KubernetesAuthRow = KubernetesAuthView;
export type AwsAuthRow = AwsAuthView;
/** What every login method's configuration says about the tokens it issues. */
export type TokenSettings = Pick<AuthMethodView, "accessTokenTTL" | "accessTokenMaxTTL">;
export type TrustedIp = AuthMethodView["accessTokenTrustedIps"][number];

export interface AuthMethodRows {
  oidc: OidcAuthRow[];
  kubernetes: KubernetesAuthRow[];
  aws: AwsAuthRow[];
}

export interface ProjectRow {
  id: string;
  name: string;
  slug: string;
  type: string;
}

export interface IdentityRow {
  id: string;
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds: number;
  accessTokenMaxTtlSeconds: number;
  /** Sub-organizations (by slug) this identity is a member of; any identity's slug is a sub-organization. */
  organizationSlugs?: string[];
}

export interface ConnectionRow {
  id: string;
  app: string;
  method: string;
  name: string;
  description: string | null;
  orgId: string;
  projectId: string | null;
  /** AES-GCM ciphertext of the credentials object (secrets included). */
  encryptedCredentials: string | null;
  credentialsHash: string | null;
  inUse: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the emulator must remember about access tokens beyond what each token carries (see tokens.ts). A login adds
 * nothing here; every entry is dropped once its token's hard expiry has passed (the JWT is then refused as expired
 * before any of this is consulted), so the data file does not grow with the number of logins.
 */
export interface TokenState {
  /** Set by the admin `expireTokens()`: every token issued at or before this instant (ms) counts as expired. */
  expiredThroughMs: number;
  /** Tokens renewed at least once: their TTL now counts from `renewedAtMs`. */
  renewed: { id: string; renewedAtMs: number; ttlSeconds: number; expiresAtMs: number }[];
  /** Revoked tokens (answered like unknown ones). */
  revoked: { id: string; expiresAtMs: number }[];
}

export const emptyTokenState = (): TokenState => ({ expiredThroughMs: 0, renewed: [], revoked: [] });

/** Infisical's default for both the token TTL and its max TTL: 30 days. */
export const DEFAULT_TOKEN_TTL_SECONDS = 2_592_000;

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "project"
  );
}

export function newIdentity(opts: {
  clientId?: string;
  clientSecret?: string;
  accessTokenTtlSeconds?: number;
  organizationSlugs?: string[];
  defaultTtlSeconds: number;
}): IdentityRow {
  const ttl = opts.accessTokenTtlSeconds ?? opts.defaultTtlSeconds;
  const identity: IdentityRow = {
    id: newId(),
    clientId: opts.clientId ?? newId(),
    clientSecret: opts.clientSecret ?? randomSecret(32),
    accessTokenTtlSeconds: ttl,
    // A short TTL keeps the 30-day max so renewal can extend it, as Infisical's identity defaults do.
    accessTokenMaxTtlSeconds: Math.max(ttl, DEFAULT_TOKEN_TTL_SECONDS),
  };
  if (opts.organizationSlugs !== undefined) identity.organizationSlugs = opts.organizationSlugs;
  return identity;
}

export function newProject(opts: { id?: string; name?: string }): ProjectRow {
  const name = opts.name ?? "emulator-project";
  return { id: opts.id ?? newId(), name, slug: slugify(name), type: "secret-manager" };
}

export const emptyAuthMethods = (): AuthMethodRows => ({ oidc: [], kubernetes: [], aws: [] });

/**
 * A fresh world: one org, one project, one identity, one Auth0 tenant, all with secrets new to this start. The
 * identity's OIDC configuration (against the emulator's own issuer) is added by `start`, which knows the URL.
 */
export function freshState(defaultTtlSeconds: number): EmulatorState {
  const project = newProject({ name: "Emulator Project" });
  const identity = newIdentity({ defaultTtlSeconds });
  const domain = "dev-emulator.us.auth0.com";
  const tenant: Auth0TenantSeed = {
    domain,
    clientId: randomSecret(16),
    clientSecret: randomSecret(32),
    audience: `https://${domain}/api/v2/`,
  };
  return {
    format: 3,
    signingKey: newKey(),
    encryptionKey: newKey(),
    orgId: newId(),
    orgSlug: "emulator-org",
    seed: { projectId: project.id, identityClientId: identity.clientId, tenantDomain: domain },
    projects: [project],
    identities: [identity],
    tenants: [tenant],
    connections: [],
    tokens: emptyTokenState(),
    oidcIssuer: newOidcIssuer(),
    authMethods: emptyAuthMethods(),
  };
}
