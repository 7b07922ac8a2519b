/**
 * What the Pulumi CLI does with `--policy-pack-config` before it calls Configure (pkg/resource/analyzer/config.go,
 * ReconcilePolicyPackConfig): start from each policy's level and its schema's `default`s, apply the user's config
 * (a bare string is just a level), and validate every policy's properties against `{type: object, properties,
 * required}` with a draft-07 JSON schema validator. Ajv (a fastify dependency) stands in for gojsonschema.
 */
import Ajv from "ajv";
import type { Level, PolicyConfig, PolicyInfo } from "./analyzer-host";

export type UserConfig = Record<string, Level | ({ enforcementLevel?: Level } & Record<string, unknown>)>;

export function engineConfig(
  policies: PolicyInfo[],
  user: UserConfig,
): { config: Record<string, PolicyConfig> } | { errors: string[] } {
  const config: Record<string, PolicyConfig> = {};
  for (const p of policies) {
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
      if ("default" in schema) defaults[key] = schema.default;
    }
    config[p.name] = { enforcementLevel: p.enforcementLevel, properties: defaults };
  }
  for (const [name, given] of Object.entries(user)) {
    const current = config[name] ?? { enforcementLevel: "advisory", properties: {} };
    if (typeof given === "string") {
      config[name] = { ...current, enforcementLevel: given };
    } else {
      const { enforcementLevel, ...properties } = given;
      config[name] = {
        enforcementLevel: enforcementLevel ?? current.enforcementLevel,
        properties: { ...current.properties, ...properties },
      };
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  const errors: string[] = [];
  for (const p of policies) {
    if (!p.configSchema) continue;
    const validate = ajv.compile({
      type: "object",
      properties: p.configSchema.properties,
      ...(p.configSchema.required.length > 0 ? { required: p.configSchema.required } : {}),
    });
    if (!validate(config[p.name]?.properties ?? {})) {
      for (const e of validate.errors ?? []) errors.push(`${p.name}: ${e.instancePath || "(root)"} ${e.message}`);
    }
  }
  return errors.length > 0 ? { errors } : { config };
}
