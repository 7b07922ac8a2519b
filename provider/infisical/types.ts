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
  | "authMethod"
  | "identityId"
  | "jwt"
  | "tokenEnvironmentVariableName"
  | "githubActionsAudience"
  | "serviceAccountToken"
  | "serviceAccountTokenPath"
  | "organizationSlug"
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
  /**
   * The login method: `universal`, `token`, `oidc`, `kubernetes` or `aws-iam` (`aws_iam` too). Env:
   * INFISICAL_AUTH_METHOD (`token|universal|oidc|kubernetes|aws_iam`, as Infisical's Terraform provider reads it).
   * Without it, a `token` option means token auth, `clientId`/`clientSecret` universal auth, a `jwt` (or its
   * variable name, or `githubActionsAudience`) OIDC, a service-account token (or path) Kubernetes.
   */
  authMethod?: string;
  /** The machine identity's ID, for OIDC, Kubernetes and AWS IAM logins. Env: INFISICAL_MACHINE_IDENTITY_ID. */
  identityId?: string;
  /** OIDC: the JWT itself. Without it, it is read from the variable `tokenEnvironmentVariableName` at each login. */
  jwt?: string;
  /**
   * OIDC: the environment variable holding the JWT, read again at each login. Env: INFISICAL_OIDC_AUTH_TOKEN_NAME.
   * Default: INFISICAL_AUTH_JWT. HCP Terraform: TFC_WORKLOAD_IDENTITY_TOKEN.
   */
  tokenEnvironmentVariableName?: string;
  /**
   * OIDC in GitHub Actions: fetch a fresh ID token for this audience from ACTIONS_ID_TOKEN_REQUEST_URL at each login
   * (the job needs `permissions: id-token: write`).
   */
  githubActionsAudience?: string;
  /** Kubernetes: the service-account token itself. Env: INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN (re-read per login). */
  serviceAccountToken?: string;
  /**
   * Kubernetes: the file holding the service-account token, read at each login. Env:
   * INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH. Default: /var/run/secrets/kubernetes.io/serviceaccount/token.
   */
  serviceAccountTokenPath?: string;
  /** The sub-organization to log in to, sent with every login. Env: INFISICAL_AUTH_ORGANIZATION_SLUG. */
  organizationSlug?: string;
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

/** The login methods, in the client's words (Infisical's Terraform provider says `aws_iam`). */
export type AuthMethod = "universal" | "token" | "oidc" | "kubernetes" | "aws-iam";

/**
 * Where a login's credential (a JWT, a service-account token) comes from. Anything but `value` is read again at
 * every login, so a token refreshed meanwhile (a rewritten file, a new GitHub Actions ID token) is the one used.
 */
export type CredentialSource =
  | { from: "value"; value: string }
  | { from: "env"; name: string }
  | { from: "file"; path: string }
  | { from: "github-actions"; audience: string };

/** One resolved login. `organizationSlug` is present only when set. */
export type ResolvedAuth =
  | { kind: "token"; token: string }
  | { kind: "universal-auth"; clientId: string; clientSecret: string; organizationSlug?: string }
  | { kind: "oidc"; identityId: string; jwt: CredentialSource; organizationSlug?: string }
  | { kind: "kubernetes"; identityId: string; serviceAccountToken: CredentialSource; organizationSlug?: string }
  | { kind: "aws-iam"; identityId: string; organizationSlug?: string };

/** Resolved settings: the host normalised to its origin (no `/api`), exactly one auth form. */
export interface InfisicalSettings {
  host: string;
  auth: ResolvedAuth;
  /** Reads an environment variable at login time (credential sources are re-read; the env given to resolveSettings). */
  readEnv: (name: string) => string | undefined;
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
