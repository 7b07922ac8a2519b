/** No connection may point at an Auth0 tenant the team has not approved. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import type { PolicyDefaults } from "./config";
import { defineConnectionPolicy } from "./define";
import { UNKNOWN, readField } from "./inputs";
import { quote } from "./message";
import { DOMAIN_PATTERN_REGEX, canonicalDomain, hostMatches, tenantHost } from "./tenant";

export const TENANT_ALLOWLIST_POLICY = "infisical-auth0-tenant-allowlist";

/** Auth0-hosted tenants: `acme.auth0.com` and regional ones such as `acme.eu.auth0.com`. */
export const DEFAULT_ALLOWED_DOMAINS = ["*.auth0.com", "*.*.auth0.com"];

export interface TenantAllowlistDefaults extends PolicyDefaults {
  /** Approved tenant hosts; `*` stands for exactly one DNS label. */
  allowedDomains?: string[];
}

function configSchema(defaults: TenantAllowlistDefaults) {
  return z
    .object({
      allowedDomains: z
        .array(z.string().regex(DOMAIN_PATTERN_REGEX, "must be a lowercase host name, '*' allowed as a whole label"))
        .default(defaults.allowedDomains ?? DEFAULT_ALLOWED_DOMAINS)
        .describe(
          "Approved Auth0 tenant domains: exact host names (acme.eu.auth0.com, login.acme.com) or patterns in " +
            "which * stands for exactly one DNS label (*.auth0.com matches acme.auth0.com, not acme.eu.auth0.com)",
        ),
    })
    .strict();
}

export function tenantAllowlistPolicy(defaults: TenantAllowlistDefaults = {}): ResourceValidationPolicy {
  return defineConnectionPolicy({
    name: TENANT_ALLOWLIST_POLICY,
    description: "Auth0 App Connections may only point at approved Auth0 tenants, over HTTPS.",
    defaults,
    enforcementLevel: "mandatory",
    config: configSchema(defaults),
    validate({ domain, label }, { allowedDomains }, report) {
      if (domain === UNKNOWN || domain === undefined) return;
      const parsed = tenantHost(domain);
      if ("problem" in parsed) {
        report({
          problem: `Connection ${quote(label)} has Auth0 domain ${quote(domain)}, which is not a tenant host: ${parsed.problem}.`,
          rule: "credentials.domain is the tenant's host name; Infisical calls https://<domain>/oauth/token.",
          fix: `Set credentials.domain to the tenant's host, e.g. "acme.eu.auth0.com".`,
        });
        return;
      }
      if (parsed.insecure) {
        report({
          problem: `Connection ${quote(label)} has Auth0 domain ${quote(domain)}, which uses plain http://.`,
          rule: "Infisical would send the Auth0 client secret to the tenant unencrypted.",
          fix: `Use ${quote(parsed.host)} (Infisical then uses https://).`,
        });
      }
      if (!allowedDomains.some((pattern) => hostMatches(parsed.host, pattern))) {
        report({
          problem: `Connection ${quote(label)} points at Auth0 tenant ${quote(parsed.host)}, which is not approved.`,
          rule:
            `Approved tenants (policy config "${TENANT_ALLOWLIST_POLICY}".allowedDomains, * = one DNS label): ` +
            (allowedDomains.length > 0 ? allowedDomains.map(quote).join(", ") : "none") +
            ".",
          fix: `Point credentials.domain at an approved tenant, or have ${quote(parsed.host)} added to allowedDomains.`,
        });
      }
    },
    // Only rewrites the spelling (`https://ACME.auth0.com/` → `acme.auth0.com`): it never picks another tenant.
    remediate(props) {
      const domain = readField(readField(props, "credentials"), "domain");
      if (typeof domain !== "string") return false;
      const canonical = canonicalDomain(domain);
      if (canonical === undefined || canonical === domain) return false;
      (props.credentials as Record<string, unknown>).domain = canonical;
      return true;
    },
  });
}
