/**
 * The core's port: what the connection core needs from an Infisical client, declared here in the core's own terms.
 * `provider/infisical` implements it (`InfisicalClient implements ConnectionApi`) and re-exports these names; the core
 * never imports the client. Errors are read structurally (`ConnectionApiFailure`), for the same reason.
 */

export interface Auth0Credentials {
  domain: string;
  clientId: string;
  clientSecret: string;
  audience: string;
}

/** The non-secret credential fields as Infisical returns them (`clientSecret` is never returned). */
export interface Auth0CredentialsView {
  domain: string;
  clientId: string;
  audience: string;
}

/** An Auth0 App Connection as returned by Infisical (unknown extra fields are dropped). */
export interface Auth0Connection {
  id: string;
  name: string;
  description: string | null;
  version: number;
  orgId: string;
  projectId: string | null;
  createdAt: string;
  updatedAt: string;
  isPlatformManagedCredentials: boolean;
  gatewayId: string | null;
  credentialsHash: string | null;
  app: "auth0";
  method: "client-credentials";
  credentials: Auth0CredentialsView;
}

export interface Auth0ConnectionListItem extends Auth0Connection {
  project: { id: string; name: string; slug: string; type: string } | null;
}

export interface CreateAuth0ConnectionInput {
  name: string;
  description?: string | null;
  /** Absent: an org-level connection. */
  projectId?: string;
  method?: "client-credentials";
  credentials: Auth0Credentials;
}

export interface UpdateAuth0ConnectionInput {
  name?: string;
  /** `null` clears it. */
  description?: string | null;
  /** When sent, all four fields (Infisical re-validates them against Auth0 and rewrites credentialsHash). */
  credentials?: Auth0Credentials;
}

/** Where the caller believes a connection is: `projectId` null for an org-level one. */
export interface ScopeHint {
  projectId: string | null;
}

/** The Infisical operations the core uses. */
export interface ConnectionApi {
  /** One POST. If the outcome is unknown (timeout, reset, 5xx), the client reconciles by name in the scope. */
  createAuth0Connection(input: CreateAuth0ConnectionInput): Promise<Auth0Connection>;
  /**
   * One connection by id. `hint` is the scope the caller believes it is in: a client may answer from one list
   * request per scope, and must fall back to the GET by id when the id is not in that list.
   */
  getAuth0Connection(id: string, hint?: ScopeHint): Promise<Auth0Connection>;
  /** Without projectId: org-level connections only (as the server does). */
  getAuth0ConnectionByName(name: string, opts?: { projectId?: string }): Promise<Auth0Connection>;
  listAuth0Connections(opts?: { projectId?: string }): Promise<Auth0ConnectionListItem[]>;
  updateAuth0Connection(id: string, patch: UpdateAuth0ConnectionInput): Promise<Auth0Connection>;
  deleteAuth0Connection(id: string): Promise<Auth0Connection>;
}

/**
 * What the core reads from an error the client throws (the client's InfisicalApiError has these fields). Kept
 * structural so the layers stay apart.
 */
export interface ConnectionApiFailure {
  /** `http`, `network`, `timeout`, `invalid-response` or `config`. */
  kind?: string;
  /** HTTP status; 0 when there was no HTTP answer. */
  status: number;
  message: string;
  /** The request's method (`POST` for a create). */
  method?: string;
  /** Network or timeout only: the request may have reached the server. */
  maybeProcessed?: boolean;
  /** Why the client gave up, when it knows (e.g. `create-outcome-unknown`). */
  reason?: string;
  /** The request was never sent (its login failed): it certainly had no effect. */
  notSent?: boolean;
}
