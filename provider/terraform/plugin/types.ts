// Terraform's type system (cty) as Terraform writes it in JSON: "string", ["list","string"], ["object",{...}].
import type { Unknown } from "./unknown";

export type TfType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", TfType]
  | readonly ["object", { readonly [name: string]: TfType }];

export type TfValue = null | Unknown | string | number | bigint | boolean | TfValue[] | { [key: string]: TfValue };

export const types = {
  string: "string",
  number: "number",
  bool: "bool",
  dynamic: "dynamic",
  list: (element: TfType) => ["list", element] as const,
  set: (element: TfType) => ["set", element] as const,
  map: (element: TfType) => ["map", element] as const,
  object: (attributes: { readonly [name: string]: TfType }) => ["object", attributes] as const,
} as const;

export function typeToJson(type: TfType): string {
  return JSON.stringify(type);
}

export function typeFromJson(json: unknown): TfType {
  if (json === "string" || json === "number" || json === "bool" || json === "dynamic") return json;
  if (Array.isArray(json) && json.length === 2) {
    const [kind, inner] = json as [unknown, unknown];
    if (kind === "list" || kind === "set" || kind === "map") return [kind, typeFromJson(inner)];
    if (kind === "object" && inner !== null && typeof inner === "object") {
      const attributes: Record<string, TfType> = {};
      for (const [name, attributeType] of Object.entries(inner)) attributes[name] = typeFromJson(attributeType);
      return ["object", attributes];
    }
  }
  throw new TypeError(`unsupported Terraform type ${JSON.stringify(json)}`);
}
