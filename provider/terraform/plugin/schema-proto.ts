// Schema -> the tfplugin6 Schema message (as the plain object @grpc/proto-loader encodes).
import type { Attribute, Attributes, Schema } from "./schema";
import { typeToJson } from "./types";

export interface ProtoAttribute {
  name: string;
  type: Buffer;
  nested_type?: { attributes: ProtoAttribute[]; nesting: string };
  description: string;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
  write_only: boolean;
}

export interface ProtoSchema {
  version: number;
  block: { version: number; attributes: ProtoAttribute[]; description: string; deprecated: boolean };
}

export function schemaToProto(schema: Schema): ProtoSchema {
  return {
    version: schema.version,
    block: {
      version: schema.version,
      attributes: attributesToProto(schema.attributes),
      description: schema.description ?? "",
      deprecated: false,
    },
  };
}

function attributesToProto(attributes: Attributes): ProtoAttribute[] {
  return Object.entries(attributes).map(([name, attribute]) => attributeToProto(name, attribute));
}

function attributeToProto(name: string, attribute: Attribute): ProtoAttribute {
  const o = attribute.options;
  const base = {
    name,
    description: o.description ?? "",
    required: o.required === true,
    optional: o.optional === true,
    computed: o.computed === true,
    sensitive: o.sensitive === true,
    deprecated: o.deprecated === true,
    write_only: o.writeOnly === true,
  };
  if (attribute.nested) {
    return {
      ...base,
      type: Buffer.alloc(0),
      nested_type: {
        attributes: attributesToProto(attribute.nested.attributes),
        nesting: attribute.nested.nesting.toUpperCase(),
      },
    };
  }
  return { ...base, type: Buffer.from(typeToJson(attribute.type)) };
}
