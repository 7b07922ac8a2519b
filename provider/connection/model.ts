import type { Auth0Credentials, Auth0CredentialsView } from "./port";

/** Stands for a value not known yet (Pulumi preview, Terraform plan with computed inputs). */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;
export type MaybeUnknown<T> = T | Unknown;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** The only authentication method Infisical offers for Auth0 connections. */
export type Auth0Method = "client-credentials";

/** What the user declared, validated and normalised (trimmed) as Infisical would store it. */
export interface DesiredConnection {
  name: string;
  description: string | null;
  /** null: an org-level connection. */
  projectId: string | null;
  method: Auth0Method;
  credentials: Auth0Credentials;
  /** Take over a connection of the same name in the scope instead of failing on the duplicate. */
  adoptExisting: boolean;
  /**
   * Infisical rewrites an Auth0 connection's credentials (new credentialsHash) whenever it refreshes its Auth0
   * token. With this on, a hash-only change while every returned field still matches is not drift.
   */
  ignoreCredentialRefresh: boolean;
}

/** The declared state as an engine sees it during planning: any field may still be unknown. */
export type PlannedConnection = {
  [K in keyof Omit<DesiredConnection, "credentials">]: MaybeUnknown<DesiredConnection[K]>;
} & {
  credentials: { [K in keyof Auth0CredentialsView]: MaybeUnknown<string> };
};

/**
 * What an engine records about a managed connection: the live object as last read, plus what the engine itself
 * last wrote (`appliedCredentialsHash`), which is how a credential rewrite made outside the tool is recognised.
 */
export interface ConnectionState {
  id: string;
  name: string;
  description: string | null;
  projectId: string | null;
  orgId: string;
  method: Auth0Method;
  credentials: Auth0CredentialsView;
  /** credentialsHash as last read from Infisical. */
  credentialsHash: string | null;
  /** credentialsHash returned by this tool's own last credential write (create, adopt or credential PATCH). */
  appliedCredentialsHash: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Fields whose change Infisical cannot apply in place: the connection must be replaced. */
export const REPLACE_FIELDS = ["projectId", "method"] as const;
export type ReplaceField = (typeof REPLACE_FIELDS)[number];

export type UpdateField =
  | "name"
  | "description"
  | "credentials.domain"
  | "credentials.clientId"
  | "credentials.audience"
  | "credentials.clientSecret";
