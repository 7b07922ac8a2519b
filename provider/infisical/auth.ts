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
import type { InfisicalSettings } from "./types";

export const LOGIN_PATH = "/api/v1/auth/universal-auth/login";

/**
 * One way of obtaining an access token for a machine identity: universal auth today; OIDC, Kubernetes or AWS IAM
 * logins are further methods behind the same cache and failure memory (`cachedTokens`).
 */
export interface LoginMethod {
  /** The cache key: host, method, identity and a hash of its secret (never the secret itself). */
  readonly cacheKey: string;
  /** One login. Throws an InfisicalApiError; a refusal carries a `reason` (`login-rejected`, `login-locked`, ...). */
  login(): Promise<{ accessToken: string; expiresInSeconds: number }>;
  /** Values to scrub from any error text. */
  readonly secrets: readonly string[];
}

interface IssuedToken {
  token: string;
  /** Epoch ms (of the client's clock) after which the token is renewed before use. */
  renewAt: number;
}

interface CacheEntry {
  current?: IssuedToken;
  inflight?: Promise<IssuedToken>;
  /** A login this process had refused: answered to every later caller instead of logging in again, until `until`. */
  failure?: { error: InfisicalApiError; until: number };
}

/**
 * Process-wide token cache keyed by (host, method, identity, a hash of the secret): every client in the process
 * shares one login, so a deployment of many resources logs in once; and one refused login, so a wrong secret costs
 * one failed attempt per process, never a lock-out of the identity for everyone using it.
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
  const login = async (e: CacheEntry): Promise<IssuedToken> => {
    try {
      const { accessToken, expiresInSeconds } = await method.login();
      e.failure = undefined;
      return {
        token: accessToken,
        renewAt: clock.now() + expiresInSeconds * 1000 - renewMarginMs(expiresInSeconds),
      };
    } catch (err) {
      const ms = err instanceof InfisicalApiError ? rememberFor(err) : undefined;
      if (ms !== undefined) e.failure = { error: err as InfisicalApiError, until: clock.now() + ms };
      throw err;
    }
  };
  return {
    current() {
      const e = cache.get(method.cacheKey);
      return e?.current && clock.now() < e.current.renewAt ? e.current.token : undefined;
    },
    async get() {
      const e = entry();
      if (e.current && clock.now() < e.current.renewAt) return e.current.token;
      if (e.failure && clock.now() < e.failure.until) {
        const first = e.failure.error;
        throw new InfisicalApiError({ ...first.init(), reason: "login-failed-earlier", cause: first });
      }
      if (!e.inflight) {
        e.inflight = login(e).then(
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
      }
      return (await e.inflight).token;
    },
    invalidate(token) {
      const e = entry();
      if (e.current?.token === token) e.current = undefined;
      return true;
    },
    secrets: () => {
      const e = cache.get(method.cacheKey);
      return [...method.secrets, ...(e?.current ? [e.current.token] : [])];
    },
  };
}

function loginRefusal(res: PipelineResponse, settings: UniversalAuthSettings): InfisicalApiError {
  const { clientId, clientSecret } = settings.auth;
  const request = `POST ${LOGIN_PATH}`;
  const base = { kind: "http" as const, status: res.status, method: "POST", path: LOGIN_PATH };
  if (!isInfisicalEnvelope(res.body)) {
    return new InfisicalApiError({
      ...base,
      reason: "not-infisical",
      settings: ["host"],
      message: words.notInfisical(settings.host, request, describeAnswer(res), settings.settingName),
    });
  }
  const err = errorFromResponse({ status: res.status, body: res.body, method: "POST", path: LOGIN_PATH }, [
    clientSecret,
  ]);
  const init = { ...err.init(), settings: ["clientId" as const, "clientSecret" as const] };
  if (res.status === 401 && /temporarily locked/i.test(err.message)) {
    return new InfisicalApiError({
      ...init,
      reason: "login-locked",
      message: words.loginLocked(settings.host, clientId, err.message, settings.settingName),
    });
  }
  if (err.retryable) {
    // Rate limited or a server error even after the retries: not a verdict on the credentials.
    return new InfisicalApiError({
      ...init,
      message: `Universal auth login to ${settings.host} failed: ${err.message}`,
    });
  }
  return new InfisicalApiError({
    ...init,
    reason: "login-rejected",
    message: words.loginRejected(settings.host, clientId, err.message, settings.settingName),
  });
}

type UniversalAuthSettings = InfisicalSettings & { auth: { kind: "universal-auth" } };

/** Universal auth. `send` is the pipeline without the auth layer (so logins are paced and retried). */
export function universalAuth(settings: UniversalAuthSettings, send: Handler): LoginMethod {
  const { clientId, clientSecret } = settings.auth;
  return {
    cacheKey: `universal-auth\u0000${settings.host}\u0000${clientId}\u0000${secretHash(clientSecret)}`,
    secrets: [clientSecret],
    async login() {
      const res = await send({
        method: "POST",
        path: LOGIN_PATH,
        body: { clientId, clientSecret },
        auth: false,
        // Logging in twice is harmless: the login is retried like a read.
        idempotent: true,
        secrets: [clientSecret],
      });
      if (res.status >= 400) throw loginRefusal(res, settings);
      const body =
        typeof res.body === "object" && res.body !== null ? (res.body as Record<string, unknown>) : undefined;
      const accessToken = typeof body?.accessToken === "string" ? body.accessToken : "";
      const expiresIn = typeof body?.expiresIn === "number" ? body.expiresIn : undefined;
      if (!body) {
        throw new InfisicalApiError({
          kind: "invalid-response",
          status: res.status,
          method: "POST",
          path: LOGIN_PATH,
          reason: "not-infisical",
          settings: ["host"],
          message: words.notInfisical(settings.host, `POST ${LOGIN_PATH}`, describeAnswer(res), settings.settingName),
        });
      }
      if (!accessToken || expiresIn === undefined) {
        throw new InfisicalApiError({
          kind: "invalid-response",
          status: res.status,
          message: `Universal auth login answer has no ${!accessToken ? "accessToken" : "expiresIn"}`,
          method: "POST",
          path: LOGIN_PATH,
        });
      }
      return { accessToken, expiresInSeconds: expiresIn };
    },
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

async function tokenOrFinal(tokens: TokenSource): Promise<string> {
  try {
    return await tokens.get();
  } catch (err) {
    throw err instanceof InfisicalApiError ? markFinal(err) : err;
  }
}
