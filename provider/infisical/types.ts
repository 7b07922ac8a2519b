import type { Clock, Random } from "./clock";

export type { Clock, Random } from "./clock";

/**
 * The contract of the Infisical client: the only code that speaks HTTP to Infisical. Everything above it (the
 * connection core, the Pulumi and Terraform adapters) uses these types and `InfisicalApiError`, never raw HTTP.
 */

// The data types and the interface the connection core needs are the core's port; re-exported here so existing
// imports keep working, and implemented by InfisicalClient.
import type { ConnectionApi } from "../connection/port";
export type {
  Auth0Connection,
  Auth0ConnectionListItem,
  Auth0Credentials,
  Auth0CredentialsView,
  ConnectionApi,
  CreateAuth0ConnectionInput,
  ScopeHint,
  UpdateAuth0ConnectionInput,
} from "../connection/port";

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

/** The client: the core's port plus the routes only direct users of the client need. */
export interface InfisicalClientApi extends ConnectionApi {
  readonly host: string;
  listAvailableAuth0Connections(opts?: { projectId?: string }): Promise<AvailableConnection[]>;
  getAppConnectionOptions(): Promise<AppConnectionOption[]>;
}
