import type { Clock, Random } from "./clock";

export type { Clock, Random } from "./clock";

/**
 * The contract of the Infisical client: the only code that speaks HTTP to Infisical. Everything above it (the
 * connection core, the Pulumi and Terraform adapters) uses these types and `InfisicalApiError`, never raw HTTP.
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

export interface AvailableConnection {
  app: string;
  name: string;
  id: string;
  projectId: string | null;
  orgId: string;
}

export interface AppConnectionOption {
  name: string;
  app: string;
  methods: string[];
  [extra: string]: unknown;
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

/** Where `getAuth0Connection` may look first: the scope the caller believes the connection is in. */
export interface ScopeHint {
  /** `null`: org-level. */
  projectId: string | null;
}

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
/** Log sink. The client never passes a secret or token in `msg` or `fields`. */
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** The keys of `InfisicalSettingsInput` a user sets; errors name the ones to fix (`InfisicalApiError.settings`). */
export type SettingKey =
  | "host"
  | "token"
  | "clientId"
  | "clientSecret"
  | "connectTimeoutMs"
  | "requestTimeoutMs"
  | "maxRetries"
  | "maxRetryDelayMs";

/** Settings as a user gives them (explicit options); missing ones are taken from the environment. */
export interface InfisicalSettingsInput {
  /** e.g. `https://app.infisical.com`; a trailing `/` or `/api` is tolerated. Env: INFISICAL_HOST. */
  host?: string;
  /** A ready machine-identity access token. Env: INFISICAL_TOKEN. */
  token?: string;
  /** Universal auth. Env: INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET. */
  clientId?: string;
  clientSecret?: string;
  /** Connect timeout in ms (default 10_000). */
  connectTimeoutMs?: number;
  /** Whole-request timeout in ms (default 60_000). */
  requestTimeoutMs?: number;
  /** Retries of retryable failures (default 5). */
  maxRetries?: number;
  /** Upper bound of one backoff/rate-limit wait in ms (default 60_000). */
  maxRetryDelayMs?: number;
  logger?: Logger;
  /**
   * How error messages name a setting, e.g. Terraform's `auth.universal.client_secret (or
   * INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)`. Default: the option and the environment variable. A function, like
   * `logger`: never stored.
   */
  settingName?: (key: SettingKey) => string;
  /** Time source for every wait and expiry (tests inject a fake one). Default: the system clock. */
  clock?: Clock;
  /** Random source for jitter (tests inject a fixed one). Default: `Math.random`. */
  random?: Random;
}

/** Resolved settings: the host normalised to its origin (no `/api`), exactly one auth form. */
export interface InfisicalSettings {
  host: string;
  auth: { kind: "token"; token: string } | { kind: "universal-auth"; clientId: string; clientSecret: string };
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxRetries: number;
  maxRetryDelayMs: number;
  logger?: Logger;
  settingName: (key: SettingKey) => string;
  clock: Clock;
  random: Random;
}

export interface InfisicalClientApi {
  readonly host: string;
  /** One POST. If the outcome is unknown (timeout, reset, 5xx), reconciles by name in the scope. */
  createAuth0Connection(input: CreateAuth0ConnectionInput): Promise<Auth0Connection>;
  listAuth0Connections(opts?: { projectId?: string }): Promise<Auth0ConnectionListItem[]>;
  listAvailableAuth0Connections(opts?: { projectId?: string }): Promise<AvailableConnection[]>;
  /**
   * One connection by id. With a `hint` (the scope the caller believes it is in), a process reading several
   * connections is answered from one list request per scope, shared and cached briefly; see docs/client.md.
   */
  getAuth0Connection(id: string, hint?: ScopeHint): Promise<Auth0Connection>;
  /** Without projectId: org-level connections only (as the server does). */
  getAuth0ConnectionByName(name: string, opts?: { projectId?: string }): Promise<Auth0Connection>;
  updateAuth0Connection(id: string, patch: UpdateAuth0ConnectionInput): Promise<Auth0Connection>;
  deleteAuth0Connection(id: string): Promise<Auth0Connection>;
  getAppConnectionOptions(): Promise<AppConnectionOption[]>;
}
