/**
 * Connection names: Infisical's slug rule and 64-character limit (so a bad name fails at preview, not after other
 * resources were created at apply), plus an optional team pattern with `{stack}` / `{project}` placeholders.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { NAME_MAX_LENGTH, nameProblem, suggestSlug } from "../connection/rules";
import {
  type DeploymentContext,
  PolicyConfigError,
  type PolicyDefaults,
  deploymentContext,
  regexString,
} from "./config";
import { defineConnectionPolicy } from "./define";
import { UNKNOWN, trimField } from "./inputs";
import { quote } from "./message";

export const NAME_FORMAT_POLICY = "infisical-auth0-connection-name";

export interface NameFormatDefaults extends PolicyDefaults {
  /** Regular expression the name must match (unanchored: add `^`/`$`); `{stack}` and `{project}` are replaced. */
  pattern?: string;
}

function configSchema(defaults: NameFormatDefaults) {
  const pattern = regexString().describe(
    "Regular expression every connection name must match (unanchored: use ^ and $). {stack} and {project} are " +
      "replaced by the slug of the Pulumi stack and project name, e.g. ^{project}-{stack}-",
  );
  return z
    .object({ pattern: defaults.pattern === undefined ? pattern.optional() : pattern.default(defaults.pattern) })
    .strict();
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The pattern with its placeholders filled in, as source text and compiled. */
export function expandNamePattern(pattern: string, context: DeploymentContext): { source: string; regex: RegExp } {
  const source = pattern.replace(/\{(stack|project)\}/g, (_, key: "stack" | "project") => {
    const value = context[key];
    if (!value) {
      throw new PolicyConfigError(
        `Policy "${NAME_FORMAT_POLICY}": the pattern uses {${key}} but the Pulumi ${key} name is not known ` +
          `(the Pulumi CLI passes it as PULUMI_${key.toUpperCase()})`,
      );
    }
    return escapeRegExp(suggestSlug(value));
  });
  return { source, regex: new RegExp(source) };
}

/** A name that would satisfy a `^literal...` pattern: the literal prefix in front of the current name. */
function suggestForPattern(name: string, source: string, regex: RegExp): string | undefined {
  const prefix = /^\^([a-z0-9-]+)/.exec(source)?.[1];
  if (!prefix) return undefined;
  const candidate = (prefix + name.replace(new RegExp(`^${escapeRegExp(prefix)}`), ""))
    .slice(0, NAME_MAX_LENGTH)
    .replace(/-+$/, "");
  return regex.test(candidate) && nameProblem(candidate) === undefined ? candidate : undefined;
}

export function connectionNameFormatPolicy(defaults: NameFormatDefaults = {}): ResourceValidationPolicy {
  return defineConnectionPolicy({
    name: NAME_FORMAT_POLICY,
    description:
      "Auth0 App Connection names must pass Infisical's rule (lowercase letters, digits and single hyphens, " +
      `1-${NAME_MAX_LENGTH} characters) and the team's naming pattern.`,
    defaults,
    enforcementLevel: "mandatory",
    config: configSchema(defaults),
    validate({ name }, config, report) {
      if (name === UNKNOWN || name === undefined) return;
      const trimmed = name.trim();
      if (trimmed !== name) {
        report({
          problem: `Connection name ${quote(name)} has leading or trailing whitespace.`,
          rule: "Infisical trims names, so the stored name would never equal the one in the program.",
          fix: `Use ${quote(trimmed)} (the "remediate" enforcement level does this for you).`,
        });
      }
      const problem = nameProblem(trimmed);
      if (problem !== undefined) {
        const slug = suggestSlug(trimmed);
        report({
          problem: `Connection name ${quote(trimmed)} would be rejected by Infisical: ${problem}.`,
          rule:
            `Infisical names are lowercase letters, digits and single hyphens, 1-${NAME_MAX_LENGTH} characters; ` +
            "the server refuses anything else at apply time.",
          fix: slug ? `Rename it, e.g. to ${quote(slug)}.` : "Rename it using lowercase letters, digits and hyphens.",
        });
      }
      if (config.pattern !== undefined) {
        const { source, regex } = expandNamePattern(config.pattern, deploymentContext());
        if (!regex.test(trimmed)) {
          const suggestion = suggestForPattern(trimmed, source, regex);
          const expanded = source === config.pattern ? "" : ` (for this stack: ${quote(source)})`;
          report({
            problem: `Connection name ${quote(trimmed)} does not match the required pattern ${quote(config.pattern)}${expanded}.`,
            rule: `The team's naming convention (policy config "${NAME_FORMAT_POLICY}".pattern).`,
            fix: suggestion
              ? `Rename it, e.g. to ${quote(suggestion)}.`
              : `Rename it so that it matches ${quote(source)}.`,
          });
        }
      }
    },
    remediate: (props) => trimField(props, "name"),
  });
}
