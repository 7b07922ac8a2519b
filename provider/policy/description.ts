/** Descriptions a reviewer can read: present, at least `minLength` characters, within Infisical's 256. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { DESCRIPTION_MAX_LENGTH, descriptionProblem } from "../connection/rules";
import type { PolicyDefaults } from "./config";
import { defineConnectionPolicy } from "./define";
import { UNKNOWN, trimField } from "./inputs";
import { quote } from "./message";

export const DESCRIPTION_POLICY = "infisical-auth0-connection-description";

export interface DescriptionDefaults extends PolicyDefaults {
  /** Minimum length of the trimmed description (default 20). */
  minLength?: number;
}

function configSchema(defaults: DescriptionDefaults) {
  return z
    .object({
      minLength: z
        .number()
        .int()
        .min(1)
        .max(DESCRIPTION_MAX_LENGTH)
        .default(defaults.minLength ?? 20)
        .describe("Minimum number of characters of the (trimmed) description"),
    })
    .strict();
}

const EXAMPLE = "Auth0 Management API for the billing team's prod tenant (user sync)";

export function connectionDescriptionPolicy(defaults: DescriptionDefaults = {}): ResourceValidationPolicy {
  return defineConnectionPolicy({
    name: DESCRIPTION_POLICY,
    description: "Auth0 App Connections need a description that tells a reviewer what the connection is for.",
    defaults,
    enforcementLevel: "advisory",
    config: configSchema(defaults),
    validate(connection, { minLength }, report) {
      const { description, label } = connection;
      if (description === UNKNOWN) return;
      const rule = `At least ${minLength} characters (policy config "${DESCRIPTION_POLICY}".minLength), at most ${DESCRIPTION_MAX_LENGTH} (Infisical).`;
      const trimmed = (description ?? "").trim();
      if (trimmed.length === 0) {
        report({
          problem: `Connection ${quote(label)} has no description.`,
          rule,
          fix: `Set description to what the connection is for, e.g. ${quote(EXAMPLE)}.`,
        });
        return;
      }
      if (trimmed.length < minLength) {
        report({
          problem: `Connection ${quote(label)} has a description of ${trimmed.length} characters: ${quote(trimmed)}.`,
          rule,
          fix: `Say which team, environment and Auth0 tenant it serves, e.g. ${quote(EXAMPLE)}.`,
        });
      }
      const tooLong = descriptionProblem(trimmed);
      if (tooLong !== undefined) {
        report({
          problem: `Connection ${quote(label)} has a description of ${trimmed.length} characters; Infisical would reject it: ${tooLong}.`,
          rule,
          fix: `Shorten it to ${DESCRIPTION_MAX_LENGTH} characters or fewer.`,
        });
      }
      if (description !== undefined && trimmed !== description) {
        report({
          problem: `Connection ${quote(label)} has a description with leading or trailing whitespace: ${quote(description)}.`,
          rule: "Infisical trims descriptions, so the stored one would never equal the one in the program.",
          fix: `Use ${quote(trimmed)} (the "remediate" enforcement level does this for you).`,
        });
      }
    },
    remediate: (props) => trimField(props, "description"),
  });
}
