// The provider's schemas as `terraform providers schema -json` prints them, built from what the provider's
// GetProviderSchema answers (the plugin layer's schemaToProto, the very function the RPC uses), so the Registry docs
// are generated from the schema Terraform sees. test/terraform/docs.test.ts compares this with the real command's
// output against the built provider.
import type { Schema } from "../plugin";
import { MARKDOWN, type ProtoAttribute, schemaToProto } from "../plugin/schema-proto";

export interface JsonAttribute {
  type?: unknown;
  nested_type?: { attributes: Record<string, JsonAttribute>; nesting_mode: string };
  description?: string;
  description_kind: "plain" | "markdown";
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  deprecated?: true;
  write_only?: true;
}

export interface JsonSchema {
  version: number;
  block: {
    attributes: Record<string, JsonAttribute>;
    description?: string;
    description_kind: "plain" | "markdown";
  };
}

export interface ProviderSchemaJson {
  provider: JsonSchema;
  resource_schemas: Record<string, JsonSchema>;
  data_source_schemas: Record<string, JsonSchema>;
}

const NESTING: Record<number, string> = { 1: "single", 2: "list", 3: "set", 4: "map" };
const kind = (k: number) => (k === MARKDOWN ? "markdown" : "plain");

/** Terraform's JSON leaves out false flags and empty descriptions. */
function attributeJson(a: ProtoAttribute): JsonAttribute {
  const out: JsonAttribute = { description_kind: kind(a.description_kind) };
  if (a.nested_type) {
    out.nested_type = {
      attributes: Object.fromEntries(a.nested_type.attributes.map((n) => [n.name, attributeJson(n)])),
      nesting_mode: NESTING[a.nested_type.nesting] ?? String(a.nested_type.nesting),
    };
  } else {
    out.type = JSON.parse(a.type.toString("utf8"));
  }
  if (a.description) out.description = a.description;
  for (const flag of ["required", "optional", "computed", "sensitive", "deprecated", "write_only"] as const) {
    if (a[flag]) out[flag] = true;
  }
  return out;
}

export function schemaJson(schema: Schema): JsonSchema {
  const proto = schemaToProto(schema);
  return {
    version: proto.version,
    block: {
      attributes: Object.fromEntries(proto.block.attributes.map((a) => [a.name, attributeJson(a)])),
      ...(proto.block.description ? { description: proto.block.description } : {}),
      description_kind: kind(proto.block.description_kind),
    },
  };
}

interface Typed {
  readonly typeName: string;
  readonly schema: Schema;
}

/** A provider definition's schemas (`defineProvider`'s result). */
export function providerSchemaJson(provider: {
  readonly schema: Schema;
  readonly resources: readonly Typed[];
  readonly dataSources?: readonly Typed[];
}): ProviderSchemaJson {
  const all = (items: readonly Typed[] = []) =>
    Object.fromEntries(items.map((item) => [item.typeName, schemaJson(item.schema)]));
  return {
    provider: schemaJson(provider.schema),
    resource_schemas: all(provider.resources),
    data_source_schemas: all(provider.dataSources),
  };
}
