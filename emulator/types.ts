/**
 * The public contract of the embedded Infisical emulator: what `startEmulator()` takes and returns, and the admin
 * surface tests and scripts use (`/__emulator/*` over HTTP, wrapped by `EmulatorAdmin` in-process).
 * The emulator is an independent model of the server: nothing here is shared with the client under provider/.
 */

export interface Auth0TenantSeed {
  /** As a user would type it in Infisical: `tenant.auth0.com` (no scheme). */
  domain: string;
  clientId: string;
  clientSecret: string;
  /** The audience the seeded tenant accepts; `undefined` accepts any. */
  audience?: string;
}

export interface EmulatorSeed {
  url: string;
  orgId: string;
  projectId: string;
  identity: { clientId: string; clientSecret: string };
  auth0: { domain: string; clientId: string; clientSecret: string; audience: string };
}

export interface RateLimitOptions {
  /** Requests per window in the read bucket (GET). Default 60. */
  read?: number;
  /** Requests per window in the write bucket (POST/PATCH/DELETE and login). Default 200. */
  write?: number;
  /** Window length in ms. Default 60_000. */
  windowMs?: number;
}

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** `false` turns rate limiting off. Default: on with the self-hosted defaults. */
  rateLimit?: RateLimitOptions | false;
  /** Keep state in this JSON file across restarts (written atomically). Default: memory only. */
  dataFile?: string;
  /** Default lifetime of issued access tokens in seconds (Infisical's default: 30 days). */
  accessTokenTtlSeconds?: number;
  /** Log requests to stderr (never bodies, never secrets). Default false. */
  log?: boolean;
  /**
   * The emulator's clock (ms since the epoch) for token lifetimes and the login lockout, so a test can move time
   * instead of sleeping. Default `Date.now`. (The rate limiter keeps real time.)
   */
  now?: () => number;
}

export type FaultKind =
  /** Answer with this status and Infisical's error envelope (without running the handler). */
  | { kind: "status"; status: number; error?: string; message?: string }
  /** Answer 429 RateLimitExceeded with `retry-after: retryAfterSeconds` (and/or only `x-ratelimit-reset`). */
  | { kind: "rateLimit"; retryAfterSeconds?: number; resetSeconds?: number; omitRetryAfter?: boolean }
  /** Wait this long (at most 2^31−1 ms, Node's longest timer), then handle normally. */
  | { kind: "delay"; ms: number }
  /** Destroy the socket without answering (the handler does not run). */
  | { kind: "drop" }
  /** Run the handler (commit the write), then destroy the socket instead of answering. */
  | { kind: "commitThenDrop" };

export interface FaultRule {
  /** HTTP method to match; omitted = any. */
  method?: string;
  /** Path to match: exact path, or a prefix when it ends with `*`, e.g. `/api/v1/app-connections/auth0*`. */
  path?: string;
  /** How many matching requests get the fault (default 1). */
  count?: number;
  fault: FaultKind;
}

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  status: number;
  /** Top-level body keys sent (e.g. `["name","credentials"]`), never values. */
  bodyKeys: string[];
  at: number;
}

export interface EmulatorConnectionView {
  id: string;
  app: string;
  name: string;
  description: string | null;
  orgId: string;
  projectId: string | null;
  credentialsHash: string | null;
  credentials: { domain: string; clientId: string; audience: string } | null;
  inUse: boolean;
  updatedAt: string;
}

export interface EmulatorAdmin {
  addIdentity(opts?: {
    clientId?: string;
    clientSecret?: string;
    accessTokenTtlSeconds?: number;
  }): Promise<{ identityId: string; clientId: string; clientSecret: string }>;
  addProject(opts?: { id?: string; name?: string }): Promise<{ id: string }>;
  addAuth0Tenant(tenant: Auth0TenantSeed): Promise<void>;
  /** A connection of any app (e.g. `aws`) to test cross-app name clashes; auth0 ones skip the live check. */
  addConnection(opts: {
    app: string;
    name: string;
    projectId?: string;
    description?: string;
    credentials?: Record<string, string>;
  }): Promise<{ id: string }>;
  /** Infisical's own Auth0 token refresh: same credentials rewritten, new credentialsHash and updatedAt. */
  refreshCredentials(id: string): Promise<void>;
  /** Out-of-band edit as if made in the UI (bypasses the Auth0 check). */
  editConnection(
    id: string,
    patch: { name?: string; description?: string | null; credentials?: Record<string, string> },
  ): Promise<void>;
  /** Out-of-band delete as if made in the UI. */
  deleteConnection(id: string): Promise<void>;
  markInUse(id: string, inUse?: boolean): Promise<void>;
  injectFault(rule: FaultRule): Promise<void>;
  clearFaults(): Promise<void>;
  /** Make every issued access token expired (the next use gets 403 TokenError). */
  expireTokens(): Promise<void>;
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  connections(): Promise<EmulatorConnectionView[]>;
  /** Number of successful universal-auth logins so far. */
  loginCount(): Promise<number>;
}

export interface RunningEmulator {
  url: string;
  seed: EmulatorSeed;
  admin: EmulatorAdmin;
  close(): Promise<void>;
}
