/** The audience Infisical requests tokens for: by default the tenant's own Management API. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { isUrl } from "../connection/rules";
import type { PolicyDefaults } from "./config";
import { defineConnectionPolicy } from "./define";
import { UNKNOWN } from "./inputs";
import { quote } from "./message";
import { managementApiAudience, tenantHost } from "./tenant";

export const AUDIENCE_POLICY = "infisical-auth0-audience";

export const AUDIENCE_RULES = ["management-api", "same-tenant", "listed", "any"] as const;
export type AudienceRule = (typeof AUDIENCE_RULES)[number];

export interface AudienceDefaults extends PolicyDefaults {
  /**
   * `management-api` (default): exactly `https://<domain>/api/v2/`; `same-tenant`: any API on that host; `listed`:
   * only `allowedAudiences`; `any`: any URL.
   */
  rule?: AudienceRule;
  /** Audiences accepted whatever the rule; `{domain}` is replaced by the tenant host. */
  allowedAudiences?: string[];
}

function configSchema(defaults: AudienceDefaults) {
  return z
    .object({
      rule: z
        .enum(AUDIENCE_RULES)
        .default(defaults.rule ?? "management-api")
        .describe(
          "management-api: the audience must be the tenant's Management API, https://<domain>/api/v2/; " +
            "same-tenant: a URL on the tenant's host; listed: only allowedAudiences; any: any URL. " +
            "allowedAudiences are accepted under every rule",
        ),
      allowedAudiences: z
        .array(z.string().min(1))
        .default(defaults.allowedAudiences ?? [])
        .describe("Audiences accepted whatever the rule; {domain} is replaced by the tenant host"),
    })
    .strict();
}

export function audiencePolicy(defaults: AudienceDefaults = {}): ResourceValidationPolicy {
  return defineConnectionPolicy({
    name: AUDIENCE_POLICY,
    description: "Auth0 App Connections must request tokens for the tenant's Management API (or an approved audience).",
    defaults,
    enforcementLevel: "mandatory",
    config: configSchema(defaults),
    validate({ audience, domain, label }, config, report) {
      if (audience === UNKNOWN || audience === undefined) return;
      const configKey = `policy config "${AUDIENCE_POLICY}".rule = ${quote(config.rule)}`;
      if (!isUrl(audience.trim())) {
        report({
          problem: `Connection ${quote(label)} has audience ${quote(audience)}, which is not a URL.`,
          rule: 'Infisical rejects an audience that does not parse as a URL ("Invalid url").',
          fix: "Set credentials.audience to the API identifier, e.g. https://<your-tenant>/api/v2/.",
        });
        return;
      }
      if (config.rule === "any") return;
      // The other rules compare against the tenant; they wait until the domain is known and valid.
      if (domain === UNKNOWN || domain === undefined) return;
      const parsed = tenantHost(domain);
      if ("problem" in parsed) return;
      const host = parsed.host;
      const allowed = config.allowedAudiences.map((a) => a.replace(/\{domain\}/g, host));
      if (allowed.includes(audience)) return;
      const expected = managementApiAudience(host);
      const extra = allowed.length > 0 ? ` or one of allowedAudiences: ${allowed.map(quote).join(", ")}` : "";
      if (config.rule === "management-api" && audience !== expected) {
        report({
          problem: `Connection ${quote(label)} has audience ${quote(audience)}, which is not the Management API of tenant ${quote(host)}.`,
          rule: `The audience must be exactly ${quote(expected)}${extra} (${configKey}).`,
          fix: `Set credentials.audience to ${quote(expected)}.`,
        });
      } else if (config.rule === "same-tenant" && new URL(audience).host.toLowerCase() !== host) {
        report({
          problem: `Connection ${quote(label)} has audience ${quote(audience)}, which is not an API of tenant ${quote(host)}.`,
          rule: `The audience must be a URL on ${quote(host)}${extra} (${configKey}).`,
          fix: `Use an API of the same tenant, e.g. ${quote(expected)}.`,
        });
      } else if (config.rule === "listed") {
        report({
          problem: `Connection ${quote(label)} has audience ${quote(audience)}, which is not approved.`,
          rule: `The audience must be one of allowedAudiences: ${allowed.length > 0 ? allowed.map(quote).join(", ") : "(none configured)"} (${configKey}).`,
          fix: `Use one of the approved audiences, or have ${quote(audience)} added to allowedAudiences.`,
        });
      }
    },
  });
}
