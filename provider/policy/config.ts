/**
 * Policy configuration: one zod schema per policy is both the JSON schema the Pulumi CLI validates
 * `--policy-pack-config` against (and takes defaults from) and the runtime check of what `getConfig()` returns, so
 * the two cannot drift apart. The runtime check also catches what the CLI's check cannot: a misspelt key (the CLI
 * schema has no `additionalProperties`), a pattern that does not compile, and direct use without the CLI.
 */
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import { z } from "zod";

export class PolicyConfigError extends Error {
  override name = "PolicyConfigError";
}

/** Turns a zod object schema into the `configSchema` a policy declares. */
export function toConfigSchema(schema: z.ZodObject): PolicyConfigSchema {
  const json = z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as {
    properties?: PolicyConfigSchema["properties"];
    required?: string[];
  };
  return {
    properties: json.properties ?? {},
    ...(json.required && json.required.length > 0 ? { required: json.required } : {}),
  };
}

/** Reads and checks a policy's config; a bad config stops the run with a message naming the policy and the key. */
export function readConfig<S extends z.ZodObject>(
  policyName: string,
  schema: S,
  args: { getConfig<T extends object>(): T },
): z.output<S> {
  const result = schema.safeParse(args.getConfig<object>() ?? {});
  if (!result.success) {
    throw new PolicyConfigError(
      `Invalid policy config for "${policyName}": ${z.prettifyError(result.error).replace(/\n/g, " ")}`,
    );
  }
  return result.data;
}

/** Options every policy factory accepts. */
export interface PolicyDefaults {
  /** The level used when the policy config sets none. */
  enforcementLevel?: EnforcementLevel;
}

/** A regular expression given in config: it has to compile. */
export function regexString() {
  return z.string().refine(
    (value) => {
      try {
        new RegExp(value);
        return true;
      } catch {
        return false;
      }
    },
    { message: "not a valid regular expression" },
  );
}

/** The Pulumi stack and project the pack runs for. */
export interface DeploymentContext {
  stack: string | undefined;
  project: string | undefined;
}

/**
 * The engine passes them to the policy process as PULUMI_NODEJS_STACK/PROJECT (and PULUMI_STACK/PROJECT). Not
 * `pulumi.getStack()`: that answers the literal "stack" when nothing is set, which would silently build a wrong
 * pattern.
 */
export function deploymentContext(env: NodeJS.ProcessEnv = process.env): DeploymentContext {
  return {
    stack: env.PULUMI_NODEJS_STACK || env.PULUMI_STACK || undefined,
    project: env.PULUMI_NODEJS_PROJECT || env.PULUMI_PROJECT || undefined,
  };
}
