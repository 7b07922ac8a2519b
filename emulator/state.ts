import type { Auth0TenantSeed } from "./types";
import { newId, newKey, randomSecret } from "./crypto";

/** Everything the emulator remembers; this is exactly what `dataFile` holds. */
export interface EmulatorState {
  format: 2;
  /** HS256 key for access tokens: kept so tokens issued before a restart stay valid. */
  signingKey: string;
  /** AES key for stored credentials. */
  encryptionKey: string;
  orgId: string;
  seed: { projectId: string; identityClientId: string; tenantDomain: string };
  projects: ProjectRow[];
  identities: IdentityRow[];
  tenants: Auth0TenantSeed[];
  connections: ConnectionRow[];
  tokens: TokenState;
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
  defaultTtlSeconds: number;
}): IdentityRow {
  const ttl = opts.accessTokenTtlSeconds ?? opts.defaultTtlSeconds;
  return {
    id: newId(),
    clientId: opts.clientId ?? newId(),
    clientSecret: opts.clientSecret ?? randomSecret(32),
    accessTokenTtlSeconds: ttl,
    // A short TTL keeps the 30-day max so renewal can extend it, as Infisical's identity defaults do.
    accessTokenMaxTtlSeconds: Math.max(ttl, DEFAULT_TOKEN_TTL_SECONDS),
  };
}

export function newProject(opts: { id?: string; name?: string }): ProjectRow {
  const name = opts.name ?? "emulator-project";
  return { id: opts.id ?? newId(), name, slug: slugify(name), type: "secret-manager" };
}

/** A fresh world: one org, one project, one identity, one Auth0 tenant, all with secrets new to this start. */
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
    format: 2,
    signingKey: newKey(),
    encryptionKey: newKey(),
    orgId: newId(),
    seed: { projectId: project.id, identityClientId: identity.clientId, tenantDomain: domain },
    projects: [project],
    identities: [identity],
    tenants: [tenant],
    connections: [],
    tokens: emptyTokenState(),
  };
}
