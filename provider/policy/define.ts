/**
 * The scaffold every Auth0AppConnection policy shares: only this resource type, the policy's config read and checked
 * with its zod schema, the connection's inputs read around unknowns, and violations in the four-part format. A policy
 * states only its rule.
 */
import type {
  EnforcementLevel,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { z } from "zod";
import { type PolicyDefaults, readConfig, toConfigSchema } from "./config";
import { AUTH0_APP_CONNECTION_TYPE, type ConnectionView, connectionView } from "./inputs";
import { type Violation, formatViolation } from "./message";

interface PolicySpec<S extends z.ZodObject> {
  name: string;
  description: string;
  /** The factory's defaults; `enforcementLevel` there overrides `enforcementLevel` here. */
  defaults: PolicyDefaults;
  enforcementLevel: EnforcementLevel;
  config: S;
}

/** A connection as one policy sees it: its inputs, and the name to call it by in a message. */
export interface PolicyConnection extends ConnectionView {
  /** The declared name when known, else the resource's logical name. */
  label: string;
}

function policyConnection(props: unknown, logicalName: string): PolicyConnection {
  const view = connectionView(props, logicalName);
  return { ...view, label: typeof view.name === "string" ? view.name : logicalName };
}

function base<S extends z.ZodObject>(spec: PolicySpec<S>) {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.defaults.enforcementLevel ?? spec.enforcementLevel,
    configSchema: toConfigSchema(spec.config),
  };
}

export function defineConnectionPolicy<S extends z.ZodObject>(
  spec: PolicySpec<S> & {
    validate(connection: PolicyConnection, config: z.output<S>, report: (violation: Violation) => void): void;
    /** Rewrites the props in place and returns true when it changed something. */
    remediate?(props: Record<string, unknown> & { credentials?: Record<string, unknown> }): boolean;
  },
): ResourceValidationPolicy {
  const { remediate } = spec;
  return {
    ...base(spec),
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
      if (args.type !== AUTH0_APP_CONNECTION_TYPE) return;
      const config = readConfig(spec.name, spec.config, args);
      spec.validate(policyConnection(args.props, args.name), config, (v) => reportViolation(formatViolation(v)));
    },
    ...(remediate
      ? {
          remediateResource: (args: ResourceValidationArgs) =>
            args.type === AUTH0_APP_CONNECTION_TYPE && remediate(args.props) ? args.props : undefined,
        }
      : {}),
  };
}

export function defineConnectionStackPolicy<S extends z.ZodObject>(
  spec: PolicySpec<S> & {
    validate(
      connections: (PolicyConnection & { urn: string })[],
      config: z.output<S>,
      report: (violation: Violation, urn: string) => void,
    ): void;
  },
): StackValidationPolicy {
  return {
    ...base(spec),
    validateStack: (args: StackValidationArgs, reportViolation) => {
      const config = readConfig(spec.name, spec.config, args);
      const connections = args.resources
        .filter((resource) => resource.type === AUTH0_APP_CONNECTION_TYPE)
        .map((resource) => ({ ...policyConnection(resource.props, resource.name), urn: resource.urn }));
      spec.validate(connections, config, (v, urn) => reportViolation(formatViolation(v), urn));
    },
  };
}
