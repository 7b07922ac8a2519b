import type { Connections } from "./connections";
import type { Faults } from "./faults";
import type { AccessTokens } from "./access-tokens";
import type { UniversalAuth } from "./universal-auth";
import type { RequestLog } from "./request-log";
import type { Store } from "./store";
import type { AuthMethods } from "./auth-methods";

/** What every route and hook of one emulator instance shares. */
export interface EmulatorContext {
  store: Store;
  connections: Connections;
  tokens: AccessTokens;
  universalAuth: UniversalAuth;
  faults: Faults;
  requestLog: RequestLog;
  authMethods: AuthMethods;
  defaultTtlSeconds: number;
  log: boolean;
  /** The emulator's clock (ms): token lifetimes, lockouts, and the times in and of OIDC JWTs. */
  now: () => number;
  /** How long an outbound call (Auth0, OIDC provider, Kubernetes API, STS) may take. */
  outboundTimeoutMs: number;
  /** Where AWS IAM logins are replayed (Infisical's `AWS_ENDPOINT_URL_STS`); none: AWS logins are refused. */
  awsStsEndpoint: string | undefined;
  /** Where the emulator listens (set once it does): its own OIDC issuer. */
  url: string;
}

export const ADMIN_PREFIX = "/__emulator";

/** The emulator's own OpenID provider documents (public, no rate limit, not in the request log). */
export const isWellKnownPath = (path: string): boolean => path.startsWith("/.well-known/");

/** Whether a normalised path is on the admin surface. */
export const isAdminPath = (path: string): boolean => path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
