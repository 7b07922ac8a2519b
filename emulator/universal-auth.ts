import type { Store } from "./store";
import type { AccessTokens, TokenReply } from "./access-tokens";
import { unauthorized } from "./errors";
import { assertOrganization } from "./auth-methods";

/** Infisical's universal-auth lockout defaults. */
const LOCKOUT_THRESHOLD = 3;
const LOCKOUT_SECONDS = 300;
const FAILURE_RESET_SECONDS = 30;

/** Universal auth: client ID and secret in, an access token out; 3 failures lock the identity's method for 300 s. */
export class UniversalAuth {
  private readonly failures = new Map<string, { count: number; lastAt: number; lockedUntil: number }>();

  constructor(
    private readonly store: Store,
    private readonly tokens: AccessTokens,
    private readonly now: () => number,
  ) {}

  async login(clientId: string, clientSecret: string, organizationSlug?: string): Promise<TokenReply> {
    const identity = this.store.state.identities.find((i) => i.clientId === clientId);
    if (identity === undefined) throw unauthorized("Invalid credentials");
    const now = this.now();
    // Infisical keys the lockout by identity and client ID: `lockout:identity:<id>:universal-auth:<clientId>`.
    const key = `${identity.id}:${clientId}`;
    const record = this.failures.get(key);
    if (record !== undefined && record.lockedUntil > now) {
      throw unauthorized("This identity auth method is temporarily locked, please try again later");
    }
    if (identity.clientSecret !== clientSecret) {
      const fresh = record === undefined || now - record.lastAt > FAILURE_RESET_SECONDS * 1000;
      const count = fresh ? 1 : record.count + 1;
      const lockedUntil = count >= LOCKOUT_THRESHOLD ? now + LOCKOUT_SECONDS * 1000 : 0;
      this.failures.set(key, { count: lockedUntil > 0 ? 0 : count, lastAt: now, lockedUntil });
      throw unauthorized("Invalid credentials");
    }
    this.failures.delete(key);
    assertOrganization(this.store.state, identity, organizationSlug);
    return this.tokens.issue({
      identityId: identity.id,
      ttlSeconds: identity.accessTokenTtlSeconds,
      maxTtlSeconds: identity.accessTokenMaxTtlSeconds,
    });
  }
}
