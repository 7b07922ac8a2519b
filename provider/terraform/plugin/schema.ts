// The typed attribute schema: one definition yields the tfplugin6 Schema message, the cty type the codec needs,
// and (through Model<>) the TypeScript type resource code receives.
import { type TfType, types } from "./types";
import type { Unknown } from "./unknown";

export interface AttributeOptions {
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  /** Terraform >= 1.11: the value is in config only, never in plan or state. */
  writeOnly?: boolean;
  deprecated?: boolean;
  description?: string;
  /** Sent instead of `description`, as Markdown (terraform-plugin-framework's MarkdownDescription). */
  markdownDescription?: string;
  /** A change of this attribute on an existing object plans a replacement (used by the default planner). */
  requiresReplace?: boolean;
  /**
   * Planned when the configuration leaves the attribute null (the framework's Default); the attribute must be
   * optional and computed. Top-level attributes only.
   */
  default?: string | number | boolean;
  /**
   * How a computed attribute the configuration leaves null is planned on update (the framework's plan modifiers;
   * on create, and on replace, it is always unknown): "use-state" keeps the prior value (UseStateForUnknown, the
   * default); "unknown" plans it unknown whenever the object changes (a value every update recomputes, e.g. a
   * modification time). Top-level attributes only.
   */
  onUpdate?: "use-state" | "unknown";
}

export type Nesting = "single" | "list" | "set" | "map";

/** V is a phantom: the TypeScript type of the attribute's known value. */
export interface Attribute<V = unknown> {
  readonly type: TfType;
  readonly nested?: { readonly nesting: Nesting; readonly attributes: Attributes };
  readonly options: AttributeOptions;
  readonly __value?: V;
}

export type Attributes = { readonly [name: string]: Attribute };

export type Maybe<T> = T | null | Unknown;

export type Model<A extends Attributes> = { [K in keyof A]: A[K] extends Attribute<infer V> ? Maybe<V> : never };

export interface Schema<A extends Attributes = Attributes> {
  readonly version: number;
  readonly description?: string;
  /** Sent instead of `description`, as Markdown. */
  readonly markdownDescription?: string;
  readonly attributes: A;
}

type ElementValue<T extends TfType> = T extends "string"
  ? string
  : T extends "number"
    ? number
    : T extends "bool"
      ? boolean
      : unknown;

function primitive<V>(type: TfType) {
  return (options: AttributeOptions): Attribute<V> => checked({ type, options });
}

function nested<V>(nesting: Nesting, attributes: Attributes, options: AttributeOptions): Attribute<V> {
  return checked({ type: nestedType(nesting, attributes), nested: { nesting, attributes }, options });
}

export const attr = {
  string: primitive<string>(types.string),
  number: primitive<number>(types.number),
  bool: primitive<boolean>(types.bool),
  list: <T extends TfType>(element: T, options: AttributeOptions): Attribute<Maybe<ElementValue<T>>[]> =>
    checked({ type: types.list(element), options }),
  set: <T extends TfType>(element: T, options: AttributeOptions): Attribute<Maybe<ElementValue<T>>[]> =>
    checked({ type: types.set(element), options }),
  map: <T extends TfType>(element: T, options: AttributeOptions): Attribute<Record<string, Maybe<ElementValue<T>>>> =>
    checked({ type: types.map(element), options }),
  object: <T extends { readonly [name: string]: TfType }>(
    attributeTypes: T,
    options: AttributeOptions,
  ): Attribute<{ [K in keyof T]: Maybe<ElementValue<T[K]>> }> =>
    checked({ type: types.object(attributeTypes), options }),
  /** Nested attribute with nesting SINGLE: an object whose attributes carry their own flags. */
  single: <A extends Attributes>(attributes: A, options: AttributeOptions): Attribute<Model<A>> =>
    nested<Model<A>>("single", attributes, options),
  listNested: <A extends Attributes>(attributes: A, options: AttributeOptions): Attribute<Maybe<Model<A>>[]> =>
    nested<Maybe<Model<A>>[]>("list", attributes, options),
  setNested: <A extends Attributes>(attributes: A, options: AttributeOptions): Attribute<Maybe<Model<A>>[]> =>
    nested<Maybe<Model<A>>[]>("set", attributes, options),
  mapNested: <A extends Attributes>(
    attributes: A,
    options: AttributeOptions,
  ): Attribute<Record<string, Maybe<Model<A>>>> => nested<Record<string, Maybe<Model<A>>>>("map", attributes, options),
};

export function defineSchema<A extends Attributes>(schema: Schema<A>): Schema<A> {
  return schema;
}

function checked<V>(attribute: Attribute<V>): Attribute<V> {
  const { required, optional, computed, writeOnly } = attribute.options;
  if (required && (optional || computed)) throw new TypeError("a required attribute cannot be optional or computed");
  if (!required && !optional && !computed) throw new TypeError("an attribute must be required, optional or computed");
  if (writeOnly && computed) throw new TypeError("a write-only attribute cannot be computed");
  if (attribute.options.default !== undefined && !(optional && computed)) {
    throw new TypeError("an attribute with a default must be optional and computed");
  }
  if (attribute.options.onUpdate !== undefined && !computed) {
    throw new TypeError("onUpdate only applies to a computed attribute");
  }
  return attribute;
}

function nestedType(nesting: Nesting, attributes: Attributes): TfType {
  const object = objectType(attributes);
  return nesting === "single" ? object : [nesting, object];
}

export function objectType(attributes: Attributes): TfType {
  const result: Record<string, TfType> = {};
  for (const [name, attribute] of Object.entries(attributes)) result[name] = attribute.type;
  return ["object", result];
}

export function schemaType(schema: Schema): TfType {
  return objectType(schema.attributes);
}
