/** Connections belong to a project; org-level ones (visible to every project) only by name. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import type { PolicyDefaults } from "./config";
import { defineConnectionPolicy } from "./define";
import { UNKNOWN } from "./inputs";
import { quote } from "./message";

export const SCOPE_POLICY = "infisical-auth0-connection-scope";

export interface ScopeDefaults extends PolicyDefaults {
  /** Names of the connections allowed at org level (no projectId). */
  allowedOrgLevelNames?: string[];
  /** When non-empty, project-level connections must use one of these project IDs. */
  allowedProjectIds?: string[];
}

function configSchema(defaults: ScopeDefaults) {
  return z
    .object({
      allowedOrgLevelNames: z
        .array(z.string().min(1))
        .default(defaults.allowedOrgLevelNames ?? [])
        .describe("Connection names allowed at org level (without projectId); every other connection needs one"),
      allowedProjectIds: z
        .array(z.string().min(1))
        .default(defaults.allowedProjectIds ?? [])
        .describe("If not empty, the only Infisical project IDs a connection may belong to"),
    })
    .strict();
}

export function connectionScopePolicy(defaults: ScopeDefaults = {}): ResourceValidationPolicy {
  return defineConnectionPolicy({
    name: SCOPE_POLICY,
    description:
      "Auth0 App Connections must be project-level; org-level connections (usable from every project) only by name.",
    defaults,
    enforcementLevel: "mandatory",
    config: configSchema(defaults),
    validate(connection, config, report) {
      if (connection.projectId === UNKNOWN) return;
      const projectId = connection.projectId?.trim();
      if (projectId) {
        if (config.allowedProjectIds.length > 0 && !config.allowedProjectIds.includes(projectId)) {
          report({
            problem: `Connection ${quote(connection.label)} belongs to project ${quote(projectId)}, which is not approved.`,
            rule: `Approved projects (policy config "${SCOPE_POLICY}".allowedProjectIds): ${config.allowedProjectIds.map(quote).join(", ")}.`,
            fix: "Set projectId to an approved project, or have the project added to allowedProjectIds.",
          });
        }
        return;
      }
      if (connection.name === UNKNOWN || connection.name === undefined) return;
      const name = connection.name.trim();
      if (config.allowedOrgLevelNames.includes(name)) return;
      const allowed =
        config.allowedOrgLevelNames.length > 0 ? config.allowedOrgLevelNames.map(quote).join(", ") : "none";
      report({
        problem: `Connection ${quote(name)} is org-level (no projectId), so every project in the organization can use it.`,
        rule: `Connections must belong to a project; org-level ones are allowed only by name (policy config "${SCOPE_POLICY}".allowedOrgLevelNames: ${allowed}).`,
        fix: `Set projectId to the Infisical project that uses it, or have ${quote(name)} added to allowedOrgLevelNames.`,
      });
    },
  });
}
