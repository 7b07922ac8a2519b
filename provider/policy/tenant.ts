/**
 * The Auth0 tenant a connection points at. Infisical calls `POST {domain}/oauth/token`, prepending `https://` unless
 * the domain starts with `http` and dropping a trailing slash, so `acme.auth0.com` and `https://acme.auth0.com/` are
 * the same tenant; the policies compare host names.
 */

export type TenantHost = { host: string; insecure: boolean } | { problem: string };

export function tenantHost(domain: string): TenantHost {
  const trimmed = domain.trim();
  if (trimmed.length === 0) return { problem: "it is empty" };
  const withScheme = /^http/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: "it is not a host name" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: "it is not a host name" };
  if (url.pathname.replace(/\/+$/, "") !== "" || url.search !== "" || url.hash !== "" || url.username !== "") {
    return { problem: "it has more than a host name (a path, query or user part)" };
  }
  return { host: url.host.toLowerCase(), insecure: url.protocol === "http:" };
}

/** The domain written the canonical way (`acme.auth0.com`), or undefined when it cannot be. */
export function canonicalDomain(domain: string): string | undefined {
  const parsed = tenantHost(domain);
  return "host" in parsed && !parsed.insecure ? parsed.host : undefined;
}

/** An allowlist entry: an exact host, or one with `*` labels, each standing for exactly one DNS label. */
export const DOMAIN_PATTERN_REGEX =
  /^(?:\*|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.(?:\*|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?))+$/;

export function hostMatches(host: string, pattern: string): boolean {
  const hostLabels = host.split(".");
  const patternLabels = pattern.toLowerCase().split(".");
  if (hostLabels.length !== patternLabels.length) return false;
  return patternLabels.every((label, i) => label === "*" || label === hostLabels[i]);
}

/** The audience of the tenant's Management API, exactly as Auth0 expects it (trailing slash included). */
export function managementApiAudience(host: string): string {
  return `https://${host}/api/v2/`;
}
