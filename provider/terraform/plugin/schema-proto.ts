// Schema -> the tfplugin6 Schema message (the plain object the generated protobuf code encodes).
import type { Attribute, Attributes, Schema } from "./schema";
import { typeToJson } from "./types";

/** tfplugin6.StringKind */
export const PLAIN = 0;
export const MARKDOWN = 1;
/** tfplugin6.Schema.Object.NestingMode */
const NESTING = { single: 1, list: 2, set: 3, map: 4 } as const;

export interface ProtoAttribute {
  name: string;
  type: Buffer;
  nested_type?: { attributes: ProtoAttribute[]; nesting: number };
  description: string;
  description_kind: number;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
  write_only: boolean;
}

export interface ProtoSchema {
  version: number;
  block: {
    version: number;
    attributes: ProtoAttribute[];
    description: string;
    description_kind: number;
    deprecated: boolean;
  };
}

/** Markdown when given, as terraform-plugin-framework sends MarkdownDescription. */
function describe(item: { description?: string; markdownDescription?: string }) {
  return item.markdownDescription !== undefined
    ? { description: item.markdownDescription, description_kind: MARKDOWN }
    : { description: item.description ?? "", description_kind: PLAIN };
}

export function schemaToProto(schema: Schema): ProtoSchema {
  return {
    version: schema.version,
    block: {
      version: schema.version,
      attributes: attributesToProto(schema.attributes),
      ...describe(schema),
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
    ...describe(o),
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
        nesting: NESTING[attribute.nested.nesting],
      },
    };
  }
  return { ...base, type: Buffer.from(typeToJson(attribute.type)) };
}
