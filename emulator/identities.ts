import type { Store } from "./store";
import type { IdentityRow, TokenRow } from "./state";
import { newId } from "./crypto";
import { signToken, verifyToken } from "./tokens";
import { badRequest, forbidden, tokenError, unauthorized } from "./errors";

/** Infisical's universal-auth lockout defaults. */
const LOCKOUT_THRESHOLD = 3;
const LOCKOUT_SECONDS = 300;
const FAILURE_RESET_SECONDS = 30;

export interface TokenReply {
  accessToken: string;
  expiresIn: number;
  accessTokenMaxTTL: number;
  tokenType: "Bearer";
}

/** Universal-auth logins, access tokens and their checks. */
export class Identities {
  private readonly failures = new Map<string, { count: number; lastAt: number; lockedUntil: number }>();
  loginCount = 0;

  constructor(private readonly store: Store) {}

  login(clientId: string, clientSecret: string): TokenReply {
    const identity = this.store.state.identities.find((i) => i.clientId === clientId);
    if (identity === undefined) throw unauthorized("Invalid credentials");
    const now = Date.now();
    const record = this.failures.get(identity.id);
    if (record !== undefined && record.lockedUntil > now) {
      throw unauthorized("This identity auth method is temporarily locked, please try again later");
    }
    if (identity.clientSecret !== clientSecret) {
      const fresh = record === undefined || now - record.lastAt > FAILURE_RESET_SECONDS * 1000;
      const count = fresh ? 1 : record.count + 1;
      const lockedUntil = count >= LOCKOUT_THRESHOLD ? now + LOCKOUT_SECONDS * 1000 : 0;
      this.failures.set(identity.id, { count: lockedUntil > 0 ? 0 : count, lastAt: now, lockedUntil });
      throw unauthorized("Invalid credentials");
    }
    this.failures.delete(identity.id);
    this.loginCount += 1;
    return this.issue(identity, now);
  }

  private issue(identity: IdentityRow, now: number): TokenReply {
    const row: TokenRow = {
      id: newId(),
      identityId: identity.id,
      issuedAtMs: now,
      lastRenewedAtMs: now,
      ttlSeconds: identity.accessTokenTtlSeconds,
      maxTtlSeconds: identity.accessTokenMaxTtlSeconds,
      revoked: false,
      forceExpired: false,
    };
    this.store.state.tokens.push(row);
    this.store.commit();
    const iat = Math.floor(now / 1000);
    const accessToken = signToken(this.store.state.signingKey, {
      jti: row.id,
      identityId: identity.id,
      iat,
      exp: iat + row.maxTtlSeconds,
    });
    return { accessToken, expiresIn: row.ttlSeconds, accessTokenMaxTTL: row.maxTtlSeconds, tokenType: "Bearer" };
  }

  /** The `Authorization` header check every app-connection route runs first. */
  authenticate(header: string | undefined): TokenRow {
    const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
    if (match === null) throw unauthorized("Token missing");
    const token = (match[1] ?? "").trim();
    if (token.startsWith("st.")) {
      throw forbidden("You are not allowed to access this resource");
    }
    return this.check(token);
  }

  private check(token: string): TokenRow {
    const verified = verifyToken(this.store.state.signingKey, token, Math.floor(Date.now() / 1000));
    if (verified.kind === "malformed") {
      throw tokenError("The provided access token is malformed. Please re-authenticate.");
    }
    if (verified.kind === "expired") throw tokenError("Your token has expired. Please re-authenticate.");
    const row = this.store.state.tokens.find((t) => t.id === verified.claims.jti);
    if (row === undefined || row.revoked) throw unauthorized("No identity access token found");
    if (row.forceExpired || Date.now() >= row.lastRenewedAtMs + row.ttlSeconds * 1000) {
      throw tokenError("Your token has expired. Please re-authenticate.");
    }
    return row;
  }

  /** Extends the token by its TTL from now, capped at its max TTL (the cap is reflected in `expiresIn`). */
  renew(token: string): TokenReply {
    const row = this.check(token);
    const now = Date.now();
    const maxEndsAt = row.issuedAtMs + row.maxTtlSeconds * 1000;
    if (now >= maxEndsAt) throw badRequest("Failed to renew MI access token due to Max TTL expiration");
    row.lastRenewedAtMs = now;
    row.ttlSeconds = Math.min(row.ttlSeconds, Math.floor((maxEndsAt - now) / 1000));
    this.store.commit();
    return { accessToken: token, expiresIn: row.ttlSeconds, accessTokenMaxTTL: row.maxTtlSeconds, tokenType: "Bearer" };
  }

  revoke(token: string): void {
    const row = this.check(token);
    row.revoked = true;
    this.store.commit();
  }

  expireAll(): void {
    for (const row of this.store.state.tokens) row.forceExpired = true;
    this.store.commit();
  }
}
