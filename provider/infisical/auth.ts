import { createHash } from "node:crypto";
import { backoffDelay } from "./backoff";
import type { Clock, Random } from "./clock";
import {
  describeAnswer,
  errorFromResponse,
  InfisicalApiError,
  isAuthFailure,
  isInfisicalEnvelope,
  markFinal,
} from "./errors";
import { LOCKOUT, words } from "./messages";
import type { Handler, Middleware, PipelineResponse } from "./pipeline";
import type { InfisicalSettings, SettingKey } from "./types";

export const LOGIN_PATH = "/api/v1/auth/universal-auth/login";

/** What a login gives: an access token and its lifetime. */
export interface IssuedLogin {
  accessToken: string;
  expiresInSeconds: number;
}

/** One login about to happen, with the credential it will present already read (a file, a variable). */
export interface LoginAttempt {
  /**
   * Identifies the credential (a hash, never the credential): a refused login is remembered for this credential
   * only, so a token refreshed since (a rewritten file, a new variable value) is tried, and the same one is not.
   */
  readonly key: string;
  login(): Promise<IssuedLogin>;
}

/**
 * One way of obtaining an access token for a machine identity (universal auth, OIDC, Kubernetes, AWS IAM), behind
 * the one process-wide token cache and failure memory (`cachedTokens`).
 */
export interface LoginMethod {
  /** The cache key: host, method, identity and where the credential comes from (never the credential itself). */
  readonly cacheKey: string;
  /**
   * Reads the credential as it is now (each login reads it again, so a refreshed token is used). Throws an
   * InfisicalApiError (`config`) when it cannot be read; that is not remembered: the file may appear.
   */
  prepare(): Promise<LoginAttempt>;
  /** Values to scrub from any error text (the credentials read so far). */
  secrets(): readonly string[];
}

interface IssuedToken {
  token: string;
  /** Epoch ms (of the client's clock) after which the token is renewed before use. */
  renewAt: number;
}

interface CacheEntry {
  current?: IssuedToken;
  inflight?: Promise<IssuedToken>;
  /**
   * A login this process had refused, for the credential `key`: answered to every later caller presenting the same
   * credential instead of logging in again, until `until`.
   */
  failure?: { error: InfisicalApiError; until: number; key: string };
}

/**
 * Process-wide token cache keyed by (host, method, identity, the credential or its source): every client in the
 * process shares one login, so a deployment of many resources logs in once; and one refused login, so a wrong
 * secret costs one failed attempt per process, never a lock-out of the identity for everyone using it.
 */
const cache = new Map<string, CacheEntry>();

export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 16);
}

/** Forgets cached tokens and remembered login failures (tests; or after fixing or rotating the identity's secret). */
export function clearTokenCache(): void {
  cache.clear();
}

/**
 * When to renew: with 10% of the TTL or 60 s left, whichever is more, but never sooner than half-way (so a short
 * TTL is still used at all).
 */
export function renewMarginMs(ttlSeconds: number): number {
  const ttlMs = ttlSeconds * 1000;
  return Math.min(Math.max(ttlMs * 0.1, 60_000), ttlMs * 0.5);
}

/**
 * How long a failed login is remembered (ms): a lock-out for as long as Infisical locks; any other refusal (wrong
 * secret, a host that is not Infisical) for the life of the process, since repeating it cannot succeed and only
 * counts towards the lock-out. Transient failures (5xx, network, 429 after the retries) are not remembered.
 */
function rememberFor(err: InfisicalApiError): number | undefined {
  if (err.reason === "login-locked") return LOCKOUT.seconds * 1000;
  if (err.reason === "login-rejected" || err.reason === "not-infisical") return Number.POSITIVE_INFINITY;
  return undefined;
}

export interface TokenSource {
  /** The cached token when it is still good (the fast path: no promise per request). */
  current(): string | undefined;
  /** A token to use now (cached, or from a login shared with concurrent callers). */
  get(): Promise<string>;
  /** The server refused `token`: drop it unless it was already replaced. Returns false when it cannot be renewed. */
  invalidate(token: string): boolean;
  /** Secrets to scrub from errors. */
  secrets(): string[];
}

export function fixedToken(token: string): TokenSource {
  return { current: () => token, get: async () => token, invalidate: () => false, secrets: () => [token] };
}

/** Tokens of a login method, shared process-wide by its cache key, with the memory of a refused login. */
export function cachedTokens(method: LoginMethod, clock: Clock): TokenSource {
  const entry = (): CacheEntry => {
    let e = cache.get(method.cacheKey);
    if (!e) {
      e = {};
      cache.set(method.cacheKey, e);
    }
    return e;
  };
  const valid = (e: CacheEntry): string | undefined =>
    e.current && clock.now() < e.current.renewAt ? e.current.token : undefined;
  const login = async (e: CacheEntry, attempt: LoginAttempt): Promise<IssuedToken> => {
    try {
      const { accessToken, expiresInSeconds } = await attempt.login();
      e.failure = undefined;
      return {
        token: accessToken,
        renewAt: clock.now() + expiresInSeconds * 1000 - renewMarginMs(expiresInSeconds),
      };
    } catch (thrown) {
      // A failed login is also the failure of the request that needed it, which is therefore never sent.
      const err = thrown instanceof InfisicalApiError ? notSent(thrown) : thrown;
      const ms = err instanceof InfisicalApiError ? rememberFor(err) : undefined;
      if (ms !== undefined) {
        e.failure = { error: err as InfisicalApiError, until: clock.now() + ms, key: attempt.key };
      }
      throw err;
    }
  };
  const start = (e: CacheEntry, attempt: LoginAttempt): Promise<IssuedToken> => {
    const inflight = login(e, attempt).then(
      (t) => {
        e.current = t;
        e.inflight = undefined;
        return t;
      },
      (err: unknown) => {
        e.inflight = undefined;
        throw err;
      },
    );
    e.inflight = inflight;
    return inflight;
  };
  return {
    current() {
      const e = cache.get(method.cacheKey);
      return e ? valid(e) : undefined;
    },
    async get() {
      const e = entry();
      const cached = valid(e);
      if (cached) return cached;
      if (e.inflight) return (await e.inflight).token;
      const attempt = await method.prepare();
      // Someone else may have logged in (or started to) while the credential was read.
      const meanwhile = valid(e);
      if (meanwhile) return meanwhile;
      const joined = e.inflight as Promise<IssuedToken> | undefined;
      if (joined) return (await joined).token;
      const failure = e.failure;
      if (failure && clock.now() < failure.until && failure.key === attempt.key) {
        throw new InfisicalApiError({ ...failure.error.init(), reason: "login-failed-earlier", cause: failure.error });
      }
      return (await start(e, attempt)).token;
    },
    invalidate(token) {
      const e = entry();
      if (e.current?.token === token) e.current = undefined;
      return true;
    },
    secrets: () => {
      const e = cache.get(method.cacheKey);
      return [...method.secrets(), ...(e?.current ? [e.current.token] : [])];
    },
  };
}

/** How one login route is called and how its refusals are worded. */
export interface LoginRoute {
  path: string;
  settings: InfisicalSettings;
  /** The method in words, for a failure that is not a verdict: `Universal auth`, `OIDC auth`. */
  label: string;
  /** The settings to check when the login is refused. */
  settingKeys: SettingKey[];
  /** A refusal, in words that name the fix; `detail` is Infisical's own message (already scrubbed). */
  rejected(detail: string, err: InfisicalApiError): string;
  /** A lock-out (universal auth only), in words. */
  locked?(detail: string): string;
}

function loginRefusal(res: PipelineResponse, route: LoginRoute, secrets: readonly string[]): InfisicalApiError {
  const { settings, path } = route;
  const request = `POST ${path}`;
  const base = { kind: "http" as const, status: res.status, method: "POST", path };
  if (!isInfisicalEnvelope(res.body)) {
    return new InfisicalApiError({
      ...base,
      reason: "not-infisical",
      settings: ["host"],
      message: words.notInfisical(settings.host, request, describeAnswer(res), settings.settingName),
    });
  }
  const err = errorFromResponse({ status: res.status, body: res.body, method: "POST", path }, secrets);
  const init = { ...err.init(), settings: route.settingKeys };
  if (route.locked && res.status === 401 && /temporarily locked/i.test(err.message)) {
    return new InfisicalApiError({ ...init, reason: "login-locked", message: route.locked(err.message) });
  }
  if (err.retryable) {
    // Rate limited or a server error even after the retries: not a verdict on the credentials.
    return new InfisicalApiError({
      ...init,
      message: `${route.label} login to ${settings.host} failed: ${err.message}`,
    });
  }
  return new InfisicalApiError({ ...init, reason: "login-rejected", message: route.rejected(err.message, err) });
}

/**
 * One login request (`send` is the pipeline without the auth layer, so logins are paced and retried like a read:
 * logging in twice is harmless). The answer must carry `accessToken` and `expiresIn`.
 */
export async function loginRequest(
  send: Handler,
  route: LoginRoute,
  body: Record<string, unknown>,
  secrets: readonly string[],
): Promise<IssuedLogin> {
  const { settings, path } = route;
  const res = await send({ method: "POST", path, body, auth: false, idempotent: true, secrets: [...secrets] });
  if (res.status >= 400) throw loginRefusal(res, route, secrets);
  const answer = typeof res.body === "object" && res.body !== null ? (res.body as Record<string, unknown>) : undefined;
  if (!answer) {
    throw new InfisicalApiError({
      kind: "invalid-response",
      status: res.status,
      method: "POST",
      path,
      reason: "not-infisical",
      settings: ["host"],
      message: words.notInfisical(settings.host, `POST ${path}`, describeAnswer(res), settings.settingName),
    });
  }
  const accessToken = typeof answer.accessToken === "string" ? answer.accessToken : "";
  const expiresIn = typeof answer.expiresIn === "number" ? answer.expiresIn : undefined;
  if (!accessToken || expiresIn === undefined) {
    throw new InfisicalApiError({
      kind: "invalid-response",
      status: res.status,
      message: `${route.label} login answer has no ${!accessToken ? "accessToken" : "expiresIn"}`,
      method: "POST",
      path,
    });
  }
  return { accessToken, expiresInSeconds: expiresIn };
}

/** `organizationSlug` in a login body, only when set (as Infisical's provider and Go SDK send it). */
export function withOrganization(
  body: Record<string, unknown>,
  auth: { organizationSlug?: string },
): Record<string, unknown> {
  return auth.organizationSlug ? { ...body, organizationSlug: auth.organizationSlug } : body;
}

type UniversalAuthSettings = InfisicalSettings & { auth: { kind: "universal-auth" } };

/** Universal auth. `send` is the pipeline without the auth layer (so logins are paced and retried). */
export function universalAuth(settings: UniversalAuthSettings, send: Handler): LoginMethod {
  const { clientId, clientSecret } = settings.auth;
  const { host, settingName } = settings;
  const route: LoginRoute = {
    path: LOGIN_PATH,
    settings,
    label: "Universal auth",
    settingKeys: ["clientId", "clientSecret"],
    rejected: (detail) => words.loginRejected(host, clientId, detail, settingName),
    locked: (detail) => words.loginLocked(host, clientId, detail, settingName),
  };
  const attempt: LoginAttempt = {
    key: secretHash(clientSecret),
    login: () => loginRequest(send, route, withOrganization({ clientId, clientSecret }, settings.auth), [clientSecret]),
  };
  return {
    cacheKey:
      `universal-auth\u0000${host}\u0000${clientId}\u0000${secretHash(clientSecret)}` +
      `\u0000${settings.auth.organizationSlug ?? ""}`,
    secrets: () => [clientSecret],
    prepare: async () => attempt,
  };
}

/** How many times one request may log in again after its token was refused (expired or revoked meanwhile). */
export const MAX_RELOGINS = 3;

export interface AuthOptions {
  clock: Clock;
  random: Random;
  /** Cap of the wait between re-logins. */
  maxDelayMs: number;
}

/**
 * Adds the bearer token. On a 401, or a 403 `TokenError` (expired JWT), logs in again and repeats the request: at
 * once the first time, then with backoff, at most MAX_RELOGINS times (a token may be invalidated again between the
 * re-login and the repeat). The server checks the token before anything else, so a refused request had no effect.
 */
export function authMiddleware(tokens: TokenSource, opts: AuthOptions): Middleware {
  return (next) => async (req) => {
    if (!req.auth) return next(req);
    let token = tokens.current() ?? (await tokenOrFinal(tokens));
    for (let relogins = 0; ; relogins++) {
      req.token = token;
      const res = await next(req);
      if (!isAuthFailure(res.status, res.body) || relogins >= MAX_RELOGINS || !tokens.invalidate(token)) return res;
      if (relogins > 0) await opts.clock.sleep(backoffDelay(relogins, opts.maxDelayMs, opts.random));
      token = await tokenOrFinal(tokens);
    }
  };
}

function notSent(err: InfisicalApiError): InfisicalApiError {
  return err.notSent ? err : new InfisicalApiError({ ...err.init(), notSent: true });
}

async function tokenOrFinal(tokens: TokenSource): Promise<string> {
  try {
    return await tokens.get();
  } catch (err) {
    // The request that needed this token is not sent: say so (a create whose login failed created nothing).
    throw err instanceof InfisicalApiError ? markFinal(notSent(err)) : err;
  }
}
