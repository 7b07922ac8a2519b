import type { Store } from "./store";
import type { AccessTokens, TokenReply } from "./access-tokens";
import type {
  AuthMethodRows,
  AwsAuthRow,
  EmulatorState,
  IdentityRow,
  KubernetesAuthRow,
  OidcAuthRow,
  TokenSettings,
  TrustedIp,
} from "./state";
import { newId } from "./crypto";
import { badRequest, notFound, unauthorized } from "./errors";
import { loopbackUrl } from "./outbound";

/** The login methods besides universal auth, as Infisical names them in its messages. */
export type MethodKey = keyof AuthMethodRows;
export const METHOD_NAMES: Record<MethodKey, string> = { oidc: "OIDC", kubernetes: "Kubernetes", aws: "AWS" };

export type RowOf<K extends MethodKey> = AuthMethodRows[K][number];
/** What a caller configures: the row without what the emulator fills in, trusted IPs as sent. */
export type ConfigOf<K extends MethodKey> = Omit<
  RowOf<K>,
  "id" | "identityId" | "createdAt" | "updatedAt" | "accessTokenTrustedIps" | "tokenReviewerJwt" | "type" | "gatewayId"
> & { accessTokenTrustedIps: { ipAddress: string }[]; tokenReviewerJwt?: string | null; gatewayId?: string | null };
type PatchOf<K extends MethodKey> = Partial<ConfigOf<K>>;

/** The two ranges Infisical's free plan allows (anything else needs IP allow-listing, a paid feature). */
const OPEN_RANGES: Record<string, TrustedIp> = {
  "0.0.0.0/0": { ipAddress: "0.0.0.0", type: "ipv4", prefix: 0 },
  "::/0": { ipAddress: "::", type: "ipv6", prefix: 0 },
};
const PLAN_RESTRICTION =
  "Failed to add IP access range to access token due to plan restriction. Upgrade plan to add IP access range.";

/**
 * The OIDC, Kubernetes and AWS IAM configurations attached to identities (one per identity and method), the checks
 * every login shares, and token issue. The logins themselves are in oidc-auth.ts, kubernetes-auth.ts and aws-auth.ts.
 */
export class AuthMethods {
  constructor(
    private readonly store: Store,
    private readonly tokens: AccessTokens,
  ) {}

  private rows<K extends MethodKey>(key: K): RowOf<K>[] {
    return this.store.state.authMethods[key] as RowOf<K>[];
  }

  find<K extends MethodKey>(key: K, identityId: string): RowOf<K> | undefined {
    return this.rows(key).find((r) => r.identityId === identityId);
  }

  identity(identityId: string): IdentityRow {
    const identity = this.store.state.identities.find((i) => i.id === identityId);
    if (identity === undefined) throw notFound(`Failed to find identity with ID ${identityId}`);
    return identity;
  }

  /** A login's first step: an unknown identity and one without this method are the same 404 in Infisical. */
  forLogin<K extends MethodKey>(key: K, identityId: string): { row: RowOf<K>; identity: IdentityRow } {
    const row = this.find(key, identityId);
    const identity = this.store.state.identities.find((i) => i.id === identityId);
    if (row === undefined || identity === undefined) {
      const name = METHOD_NAMES[key];
      throw notFound(`${name} auth method not found for identity, did you configure ${name} auth?`);
    }
    return { row, identity };
  }

  /** Infisical's attach: 404 for an unknown identity, 400 when attached already (unless `replace`, the admin's). */
  attach<K extends MethodKey>(key: K, identityId: string, config: ConfigOf<K>, replace = false): RowOf<K> {
    this.identity(identityId);
    const existing = this.find(key, identityId);
    if (existing !== undefined && !replace) {
      throw badRequest(`Failed to add ${METHOD_NAMES[key]} Auth to already configured identity`);
    }
    assertTtlWithinMax(config.accessTokenTTL, config.accessTokenMaxTTL);
    checkOutboundUrls(key, config as OutboundUrls);
    const now = new Date().toISOString();
    const row = {
      ...methodDefaults(key),
      ...config,
      accessTokenTrustedIps: trustedIps(config.accessTokenTrustedIps),
      id: existing?.id ?? newId(),
      identityId,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    } as RowOf<K>;
    const rows = this.rows(key);
    if (existing !== undefined) rows.splice(rows.indexOf(existing), 1, row);
    else rows.push(row);
    this.store.commit();
    return row;
  }

  update<K extends MethodKey>(key: K, identityId: string, patch: PatchOf<K>): RowOf<K> {
    this.identity(identityId);
    const row = this.find(key, identityId);
    if (row === undefined) throw badRequest(`Failed to update ${METHOD_NAMES[key]} Auth`);
    assertTtlWithinMax(patch.accessTokenTTL ?? row.accessTokenTTL, patch.accessTokenMaxTTL ?? row.accessTokenMaxTTL);
    checkOutboundUrls(key, patch as OutboundUrls);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    Object.assign(row, defined);
    if (patch.accessTokenTrustedIps !== undefined) row.accessTokenTrustedIps = trustedIps(patch.accessTokenTrustedIps);
    if ("tokenReviewerJwt" in defined) (row as KubernetesAuthRow).tokenReviewerJwt = patch.tokenReviewerJwt ?? "";
    row.updatedAt = new Date(Math.max(Date.now(), Date.parse(row.updatedAt) + 1)).toISOString();
    this.store.commit();
    return row;
  }

  get<K extends MethodKey>(key: K, identityId: string): RowOf<K> {
    this.identity(identityId);
    const row = this.find(key, identityId);
    if (row === undefined) throw badRequest(`The identity does not have ${METHOD_NAMES[key]} Auth attached`);
    return row;
  }

  remove<K extends MethodKey>(key: K, identityId: string): RowOf<K> {
    const row = this.get(key, identityId);
    const rows = this.rows(key);
    rows.splice(rows.indexOf(row), 1);
    this.store.commit();
    return row;
  }

  /** A login's last step before the token: the optional sub-organization, then the token with the method's TTLs. */
  async issue(
    identity: IdentityRow,
    settings: TokenSettings,
    organizationSlug: string | undefined,
  ): Promise<TokenReply> {
    assertOrganization(this.store.state, identity, organizationSlug);
    return this.tokens.issue({
      identityId: identity.id,
      ttlSeconds: settings.accessTokenTTL,
      maxTtlSeconds: settings.accessTokenMaxTTL,
    });
  }

  /**
   * Configurations whose discovery URL is where the emulator listened last (its own issuer) move to where it listens
   * now, so the seed identity's OIDC keeps working after a restart with a data file on another port.
   */
  followOwnIssuer(previousUrl: string | null, url: string): void {
    for (const row of this.rows("oidc")) {
      if (row.oidcDiscoveryUrl !== previousUrl) continue;
      row.oidcDiscoveryUrl = url;
      if (row.boundIssuer === previousUrl) row.boundIssuer = url;
    }
  }
}

/**
 * Sub-organizations, minimally: each identity may list the slugs of the sub-organizations it belongs to, and a slug
 * listed by any identity exists. The organization's own slug (or none) is the organization itself.
 */
export function assertOrganization(state: EmulatorState, identity: IdentityRow, slug: string | undefined): void {
  if (slug === undefined || slug === "" || slug === state.orgSlug) return;
  if (!state.identities.some((i) => i.organizationSlugs?.includes(slug) === true)) {
    throw notFound(`Sub organization with slug ${slug} not found`);
  }
  if (identity.organizationSlugs?.includes(slug) !== true) {
    throw unauthorized(`Identity not authorized to access sub organization ${slug}`);
  }
}

function assertTtlWithinMax(ttl: number, maxTtl: number): void {
  if (maxTtl > 0 && ttl > maxTtl) throw badRequest("Access token TTL cannot be greater than max TTL");
}

function trustedIps(sent: { ipAddress: string }[]): TrustedIp[] {
  return sent.map(({ ipAddress }) => {
    const open = OPEN_RANGES[ipAddress];
    if (open === undefined) throw badRequest(PLAN_RESTRICTION);
    return { ...open };
  });
}

function methodDefaults(key: MethodKey): Partial<OidcAuthRow & KubernetesAuthRow & AwsAuthRow> {
  if (key === "kubernetes") return { tokenReviewerJwt: "", gatewayId: null };
  if (key === "aws") return { type: "iam" };
  return {};
}

/**
 * The URLs a login will call, checked when they are configured: loopback only (400 otherwise), where Infisical
 * refuses local ones. The AWS `stsEndpoint` is stored and never called, as in Infisical.
 */
type OutboundUrls = { oidcDiscoveryUrl?: string; kubernetesHost?: string | null };
function checkOutboundUrls(key: MethodKey, config: OutboundUrls): void {
  if (key === "oidc" && config.oidcDiscoveryUrl !== undefined) loopbackUrl(config.oidcDiscoveryUrl);
  if (key === "kubernetes" && config.kubernetesHost) loopbackUrl(withKubernetesScheme(config.kubernetesHost));
}

/** `kubernetesHost` may be `host`, `host:port` or a URL; without a scheme it is https. */
export const withKubernetesScheme = (host: string): string => (/^https?:\/\//.test(host) ? host : `https://${host}`);
