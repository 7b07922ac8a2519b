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
  /**
   * OIDC against the emulator's own issuer, ready to use: `POST <mintUrl>` with `{"sub","aud"}` (or nothing) answers
   * `{"jwt"}`, which `POST /api/v1/auth/oidc-auth/login` `{identityId, jwt}` accepts for `identityId`.
   */
  oidc: { identityId: string; mintUrl: string };
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
  /**
   * Where AWS IAM logins replay the caller's signed `sts:GetCallerIdentity` request (Infisical's
   * `AWS_ENDPOINT_URL_STS`): a loopback http(s) URL, e.g. a fake STS a test runs. Without it AWS IAM logins are
   * refused with a 400 (the emulator never calls AWS).
   */
  awsStsEndpoint?: string;
  /** How long the emulator waits for Auth0, an OIDC provider, a Kubernetes API or STS, in ms. Default 10000. */
  outboundTimeoutMs?: number;
}

/** The common token fields of every login method's configuration (Infisical's names and defaults). */
export interface TokenSettingsInput {
  /** Seconds; 0: no TTL. Default 2592000 (30 days). */
  accessTokenTTL?: number;
  /** Seconds; 0: no cap (AWS: at least 1). Default 2592000. */
  accessTokenMaxTTL?: number;
  /** Stored and returned, not enforced by the emulator. Default 0 (unlimited). */
  accessTokenNumUsesLimit?: number;
  /** Only `0.0.0.0/0` and `::/0` (the free plan's); stored, not enforced. Default both. */
  accessTokenTrustedIps?: { ipAddress: string }[];
}

export interface OidcAuthInput extends TokenSettingsInput {
  /** Default: the emulator's own URL (its own issuer). Loopback URLs only. */
  oidcDiscoveryUrl?: string;
  /** Default: the emulator's own URL. */
  boundIssuer?: string;
  /** Comma list of globs; stored as "a, b". Empty: any audience. */
  boundAudiences?: string;
  /** `{ "claim.path": "glob, glob" }`; default `{}`. */
  boundClaims?: Record<string, string>;
  /** `{ name: "claim.path" }`: each mapped claim must be present. */
  claimMetadataMapping?: Record<string, string>;
  /** Glob; empty: any subject. */
  boundSubject?: string;
  /** PEM CA for an https discovery URL. */
  caCert?: string;
}

export interface KubernetesAuthInput extends TokenSettingsInput {
  /** `host:port` (https) or a URL, on a loopback name, e.g. a fake Kubernetes API's URL. */
  kubernetesHost: string;
  caCert?: string;
  /** Sent as the Bearer of the TokenReview; absent: the caller's own token reviews itself. */
  tokenReviewerJwt?: string;
  /** "gateway" is accepted and stored; its logins fail (the emulator has no gateways). */
  tokenReviewMode?: "api" | "gateway";
  /** Comma lists of globs; empty: any. */
  allowedNamespaces?: string;
  allowedNames?: string;
  /** Sent as the TokenReview's audience and required among the answer's audiences. */
  allowedAudience?: string;
}

export interface AwsAuthInput extends TokenSettingsInput {
  /** Stored and returned, never called (as in Infisical). Default `https://sts.amazonaws.com/`. */
  stsEndpoint?: string;
  /** Comma list of IAM/STS ARNs, `*` as wildcard. Empty: any (non-root) principal. */
  allowedPrincipalArns?: string;
  /** Comma list of 12-digit account IDs. Empty: any account. */
  allowedAccountIds?: string;
}

/** What every login method's configuration has, as Infisical returns it. */
export interface AuthMethodView {
  id: string;
  identityId: string;
  accessTokenTTL: number;
  accessTokenMaxTTL: number;
  accessTokenNumUsesLimit: number;
  accessTokenTrustedIps: { ipAddress: string; type: "ipv4" | "ipv6"; prefix?: number }[];
  createdAt: string;
  updatedAt: string;
}

/** As Infisical returns it in `identityOidcAuth`. */
export interface OidcAuthView extends AuthMethodView {
  oidcDiscoveryUrl: string;
  boundIssuer: string;
  boundAudiences: string;
  boundClaims: Record<string, string>;
  claimMetadataMapping?: Record<string, string>;
  boundSubject: string;
  caCert: string;
}

/** As Infisical returns it in `identityKubernetesAuth`. */
export interface KubernetesAuthView extends AuthMethodView {
  kubernetesHost: string | null;
  caCert: string;
  tokenReviewerJwt: string;
  tokenReviewMode: "api" | "gateway";
  allowedNamespaces: string;
  allowedNames: string;
  allowedAudience: string;
  gatewayId: string | null;
}

/** As Infisical returns it in `identityAwsAuth`. */
export interface AwsAuthView extends AuthMethodView {
  type: "iam";
  stsEndpoint: string;
  allowedPrincipalArns: string;
  allowedAccountIds: string;
}

export type AuthMethodName = "oidc-auth" | "kubernetes-auth" | "aws-auth";

/** What a JWT minted by the emulator's own OIDC issuer carries. */
export interface MintOidcTokenInput {
  /** Default "emulator-workload". */
  sub?: string;
  /** Default "infisical-emulator". */
  aud?: string | string[];
  /** Further claims; `sub`, `aud` and the issuer win over the same names here. */
  claims?: Record<string, unknown>;
  /** Seconds from issue to `exp`; default 300. */
  lifetimeSeconds?: number;
  /** `nbf` this many seconds from now (positive: not valid yet). */
  notBeforeSeconds?: number;
  /** Issued and expired in the past (by the emulator's clock). */
  expired?: boolean;
  /** A `kid` the JWKS does not have. */
  kid?: string;
  /** No `kid` header at all. */
  noKid?: boolean;
  /** Another `iss` than the emulator's URL. */
  issuer?: string;
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
    /** Sub-organizations (slugs) this identity belongs to; a slug any identity lists exists. */
    organizationSlugs?: string[];
  }): Promise<{ identityId: string; clientId: string; clientSecret: string }>;
  /** Replaces the identity's sub-organizations (`organizationSlug` on a login: unknown 404, not a member 401). */
  setOrganizationSlugs(identityId: string, slugs: string[]): Promise<void>;
  /** Attaches (or replaces) OIDC auth; with no config, against the emulator's own issuer, nothing bound. */
  attachOidcAuth(identityId: string, config?: OidcAuthInput): Promise<OidcAuthView>;
  /** Attaches (or replaces) Kubernetes auth, reviewing tokens at `kubernetesHost`. */
  attachKubernetesAuth(identityId: string, config: KubernetesAuthInput): Promise<KubernetesAuthView>;
  /** Attaches (or replaces) AWS IAM auth (logins need the `awsStsEndpoint` option). */
  attachAwsAuth(identityId: string, config?: AwsAuthInput): Promise<AwsAuthView>;
  /** Removes a login method from the identity (its logins then get Infisical's 404). */
  detachAuth(identityId: string, method: AuthMethodName): Promise<void>;
  /** A JWT from the emulator's own OIDC issuer (what `seed.oidc.mintUrl` answers). */
  mintOidcToken(opts?: MintOidcTokenInput): Promise<string>;
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
  /** Number of successful logins (any method) so far. */
  loginCount(): Promise<number>;
}

export interface RunningEmulator {
  url: string;
  seed: EmulatorSeed;
  admin: EmulatorAdmin;
  close(): Promise<void>;
}
