/**
 * No two connections of one stack share a name in the same scope. Infisical would accept the first and reject the
 * second at apply time ("An App Connection with the name ... already exists"), leaving a half-applied update.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import type { PolicyDefaults } from "./config";
import { defineConnectionStackPolicy } from "./define";
import { UNKNOWN } from "./inputs";
import { quote } from "./message";

export const UNIQUE_NAMES_POLICY = "infisical-auth0-unique-names";

export interface UniqueNamesDefaults extends PolicyDefaults {
  /** Also forbid the same name in different scopes (an org-level and a project-level `foo`). */
  acrossScopes?: boolean;
}

function configSchema(defaults: UniqueNamesDefaults) {
  return z
    .object({
      acrossScopes: z
        .boolean()
        .default(defaults.acrossScopes ?? false)
        .describe(
          "Also forbid one name in different scopes (Infisical allows an org-level and a project-level connection " +
            "with the same name, or the same name in two projects)",
        ),
    })
    .strict();
}

export function uniqueConnectionNamesPolicy(defaults: UniqueNamesDefaults = {}): StackValidationPolicy {
  return defineConnectionStackPolicy({
    name: UNIQUE_NAMES_POLICY,
    description: "Auth0 App Connections of one stack must not share a name within an Infisical scope.",
    defaults,
    enforcementLevel: "mandatory",
    config: configSchema(defaults),
    validate(connections, { acrossScopes }, report) {
      const groups = new Map<string, { name: string; scope: string; urns: string[] }>();
      for (const connection of connections) {
        // A name or project not known yet cannot be compared; the check runs again at apply time.
        if (connection.name === UNKNOWN || connection.name === undefined || connection.projectId === UNKNOWN) continue;
        const name = connection.name.trim();
        const projectId = connection.projectId?.trim() || undefined;
        const scope = acrossScopes ? "the stack" : projectId ? `project ${quote(projectId)}` : "the organization";
        const key = `${acrossScopes ? "" : (projectId ?? "")}\u0000${name}`;
        const group = groups.get(key) ?? { name, scope, urns: [] };
        group.urns.push(connection.urn);
        groups.set(key, group);
      }
      for (const { name, scope, urns } of groups.values()) {
        // One report per connection after the first: each is the one Infisical would refuse.
        for (const urn of urns.slice(1)) {
          report(
            {
              problem: `${urns.length} connections use the name ${quote(name)} in ${scope}: ${urns.join(", ")}.`,
              rule: acrossScopes
                ? `Names are unique across the whole stack (policy config "${UNIQUE_NAMES_POLICY}".acrossScopes).`
                : `Infisical names are unique per scope; it would create the first and reject the next at apply time ("An App Connection with the name ${quote(name)} already exists").`,
              fix: "Give each connection its own name (or put them in different projects).",
            },
            urn,
          );
        }
      }
    },
  });
}
