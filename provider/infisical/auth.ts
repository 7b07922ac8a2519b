import { createHash } from "node:crypto";
import { errorFromResponse, InfisicalApiError, isAuthFailure, markFinal } from "./errors";
import type { Handler, Middleware, PipelineResponse } from "./pipeline";
import type { InfisicalSettings } from "./types";

export const LOGIN_PATH = "/api/v1/auth/universal-auth/login";

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is renewed before use. */
  renewAt: number;
}

interface CacheEntry {
  current?: CachedToken;
  inflight?: Promise<CachedToken>;
}

/**
 * Process-wide token cache keyed by (host, clientId, a hash of the secret): every client in the process shares one
 * login, so a deployment of many resources logs in once. The secret is hashed so the key itself holds no secret.
 */
const cache = new Map<string, CacheEntry>();

function cacheKey(host: string, clientId: string, clientSecret: string): string {
  const secretHash = createHash("sha256").update(clientSecret).digest("hex").slice(0, 16);
  return `${host}\u0000${clientId}\u0000${secretHash}`;
}

/** Forgets cached tokens (tests; or after rotating the identity's secret). */
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

function loginResult(res: PipelineResponse, now: number): CachedToken {
  const body = res.body as Record<string, unknown> | undefined;
  const token = typeof body?.accessToken === "string" ? body.accessToken : "";
  const expiresIn = typeof body?.expiresIn === "number" ? body.expiresIn : undefined;
  if (!token || expiresIn === undefined) {
    const missing = !token ? "accessToken" : "expiresIn";
    throw new InfisicalApiError({
      kind: "invalid-response",
      status: res.status,
      message: `Universal auth login answer has no ${missing}`,
      method: "POST",
      path: LOGIN_PATH,
    });
  }
  return { token, renewAt: now + expiresIn * 1000 - renewMarginMs(expiresIn) };
}

export interface TokenSource {
  /** The cached token when it is still good (the fast path: no promise per request). */
  current(): string | undefined;
  /** A token to use now (cached, or from a login shared with concurrent callers). */
  get(): Promise<string>;
  /** The server refused `token`: drop it unless it was already replaced. Returns false for a fixed token. */
  invalidate(token: string): boolean;
  /** Secrets to scrub from errors. */
  secrets(): string[];
}

export function fixedToken(token: string): TokenSource {
  return { current: () => token, get: async () => token, invalidate: () => false, secrets: () => [token] };
}

/** Universal-auth token source. `send` is the pipeline without the auth layer (so logins are paced and retried). */
export function universalAuthTokens(
  settings: InfisicalSettings & { auth: { kind: "universal-auth" } },
  send: Handler,
): TokenSource {
  const { clientId, clientSecret } = settings.auth;
  const key = cacheKey(settings.host, clientId, clientSecret);
  const entry = (): CacheEntry => {
    let e = cache.get(key);
    if (!e) {
      e = {};
      cache.set(key, e);
    }
    return e;
  };
  const login = async (): Promise<CachedToken> => {
    const res = await send({
      method: "POST",
      path: LOGIN_PATH,
      body: { clientId, clientSecret },
      auth: false,
      // Logging in twice is harmless: the login is retried like a read.
      idempotent: true,
      secrets: [clientSecret],
    });
    if (res.status >= 400) {
      const err = errorFromResponse({ status: res.status, body: res.body, method: "POST", path: LOGIN_PATH }, [
        clientSecret,
      ]);
      throw new InfisicalApiError({
        kind: "http",
        status: err.status,
        error: err.error,
        reqId: err.reqId,
        fieldErrors: err.fieldErrors,
        retryable: err.retryable,
        method: "POST",
        path: LOGIN_PATH,
        message:
          `Universal auth login to ${settings.host} failed: ${err.message}. Check INFISICAL_UNIVERSAL_AUTH_CLIENT_ID ` +
          `and INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET (or the clientId / clientSecret options)`,
      });
    }
    return loginResult(res, Date.now());
  };
  return {
    current() {
      const e = cache.get(key);
      return e?.current && Date.now() < e.current.renewAt ? e.current.token : undefined;
    },
    async get() {
      const e = entry();
      if (e.current && Date.now() < e.current.renewAt) return e.current.token;
      if (!e.inflight) {
        e.inflight = login().then(
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
      const e = cache.get(key);
      return [clientSecret, ...(e?.current ? [e.current.token] : [])];
    },
  };
}

/**
 * Adds the bearer token. On a 401, or a 403 `TokenError` (expired JWT), logs in again once and repeats the request
 * once; the server checks the token before anything else, so the refused request had no effect.
 */
export function authMiddleware(tokens: TokenSource): Middleware {
  return (next) => async (req) => {
    if (!req.auth) return next(req);
    const token = tokens.current() ?? (await tokenOrFinal(tokens));
    req.token = token;
    const res = await next(req);
    if (!isAuthFailure(res.status, res.body) || !tokens.invalidate(token)) return res;
    req.token = await tokenOrFinal(tokens);
    return next(req);
  };
}

async function tokenOrFinal(tokens: TokenSource): Promise<string> {
  try {
    return await tokens.get();
  } catch (err) {
    throw err instanceof InfisicalApiError ? markFinal(err) : err;
  }
}
