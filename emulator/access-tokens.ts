import type { Store } from "./store";
import type { TokenState } from "./state";
import { newId } from "./crypto";
import { signToken, verifyToken, type TokenClaims } from "./tokens";
import { forbidden, tokenError, unauthorized } from "./errors";

export interface TokenReply {
  accessToken: string;
  expiresIn: number;
  accessTokenMaxTTL: number;
  tokenType: "Bearer";
}

export interface TokenGrant {
  identityId: string;
  ttlSeconds: number;
  maxTtlSeconds: number;
}

/** The hard expiry of a token whose max TTL is 0 (no cap): 10 years, Infisical's largest TTL. */
const NO_CAP_SECONDS = 315_360_000;

const EXPIRED = "Your token has expired. Please re-authenticate.";
const UNKNOWN = "No identity access token found";

/**
 * Identity access tokens, whatever login method issued them: issue, check (what every app-connection route runs
 * first), renew, revoke. A login method proves who the caller is, then calls `issue()`.
 */
export class AccessTokens {
  /** Successful logins (tokens issued) since this emulator started. */
  issuedCount = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    this.prune();
  }

  private get state(): TokenState {
    return this.store.state.tokens;
  }

  /**
   * A token for `identityId` living `ttlSeconds` (renewable) within `maxTtlSeconds` from now. A TTL of 0 never
   * expires by TTL, and a max TTL of 0 has no cap, as in Infisical (the JWT still carries a 10-year hard expiry).
   */
  async issue(grant: TokenGrant): Promise<TokenReply> {
    // Strictly after the last expireTokens(), even within the same millisecond.
    const issuedAtMs = Math.max(this.now(), this.state.expiredThroughMs + 1);
    const iat = Math.floor(issuedAtMs / 1000);
    const accessToken = await signToken(this.store.state.signingKey, {
      jti: newId(),
      identityId: grant.identityId,
      issuedAtMs,
      ttl: grant.ttlSeconds,
      iat,
      exp: iat + (grant.maxTtlSeconds === 0 ? NO_CAP_SECONDS : grant.maxTtlSeconds),
    });
    this.issuedCount += 1;
    return {
      accessToken,
      expiresIn: grant.ttlSeconds,
      accessTokenMaxTTL: grant.maxTtlSeconds,
      tokenType: "Bearer",
    };
  }

  /** The `Authorization` header check: no token 401, service token 403, then `check()`. */
  async authenticate(header: string | undefined): Promise<TokenClaims> {
    const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
    if (match === null) throw unauthorized("Token missing");
    const token = (match[1] ?? "").trim();
    if (token.startsWith("st.")) throw forbidden("You are not allowed to access this resource");
    return this.check(token);
  }

  /** Malformed or past its hard expiry: 403 TokenError; revoked or unknown: 401; past its TTL: 403 TokenError. */
  private async check(token: string): Promise<TokenClaims> {
    const verified = await verifyToken(this.store.state.signingKey, token, this.now());
    if (verified.kind === "malformed") {
      throw tokenError("The provided access token is malformed. Please re-authenticate.");
    }
    if (verified.kind === "expired") throw tokenError(EXPIRED);
    const { claims } = verified;
    if (this.state.revoked.some((r) => r.id === claims.jti)) throw unauthorized(UNKNOWN);
    if (!this.store.state.identities.some((i) => i.id === claims.identityId)) throw unauthorized(UNKNOWN);
    if (claims.issuedAtMs <= this.state.expiredThroughMs) throw tokenError(EXPIRED);
    const { from, ttlSeconds } = this.lifetime(claims);
    if (ttlSeconds !== 0 && this.now() >= from + ttlSeconds * 1000) throw tokenError(EXPIRED);
    return claims;
  }

  private lifetime(claims: TokenClaims): { from: number; ttlSeconds: number } {
    const renewal = this.state.renewed.find((r) => r.id === claims.jti);
    return renewal === undefined
      ? { from: claims.issuedAtMs, ttlSeconds: claims.ttl }
      : { from: renewal.renewedAtMs, ttlSeconds: renewal.ttlSeconds };
  }

  /** Extends the token by its TTL from now, capped at its hard expiry (the cap is reflected in `expiresIn`). */
  async renew(token: string): Promise<TokenReply> {
    const claims = await this.check(token);
    const now = this.now();
    const expiresAtMs = claims.exp * 1000;
    const ttlSeconds = Math.min(this.lifetime(claims).ttlSeconds, Math.floor((expiresAtMs - now) / 1000));
    this.state.renewed = this.state.renewed.filter((r) => r.id !== claims.jti);
    this.state.renewed.push({ id: claims.jti, renewedAtMs: now, ttlSeconds, expiresAtMs });
    this.commit();
    return {
      accessToken: token,
      expiresIn: ttlSeconds,
      accessTokenMaxTTL: claims.exp - claims.iat,
      tokenType: "Bearer",
    };
  }

  async revoke(token: string): Promise<void> {
    const claims = await this.check(token);
    this.state.renewed = this.state.renewed.filter((r) => r.id !== claims.jti);
    this.state.revoked.push({ id: claims.jti, expiresAtMs: claims.exp * 1000 });
    this.commit();
  }

  /** Every token issued so far counts as expired (the next use gets 403 TokenError). */
  expireAll(): void {
    this.state.expiredThroughMs = Math.max(this.now(), this.state.expiredThroughMs);
    this.commit();
  }

  private commit(): void {
    this.prune();
    this.store.commit();
  }

  /** Entries of tokens past their hard expiry are dead weight: such a token is refused as expired first. */
  private prune(): void {
    const now = this.now();
    this.state.renewed = this.state.renewed.filter((r) => r.expiresAtMs > now);
    this.state.revoked = this.state.revoked.filter((r) => r.expiresAtMs > now);
  }
}
