// Structural helpers over TfValue used by the planner and the server.
import type { Attributes } from "./schema";
import type { TfValue } from "./types";
import { isUnknown } from "./unknown";

export function valuesEqual(a: TfValue | undefined, b: TfValue | undefined): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (isUnknown(a) || isUnknown(b)) return false;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return typeof a === "bigint" || typeof b === "bigint" ? String(a) === String(b) : a === b;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((element, i) => valuesEqual(element, b[i]));
  }
  const ra = a as Record<string, TfValue>;
  const rb = b as Record<string, TfValue>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!valuesEqual(ra[k], rb[k])) return false;
  return true;
}

export function containsUnknown(value: TfValue | undefined): boolean {
  if (isUnknown(value)) return true;
  if (value === null || value === undefined || typeof value !== "object") return false;
  return Object.values(value).some(containsUnknown);
}

/** Write-only attributes are never in plan or state: Terraform rejects a non-null one there. */
export function clearWriteOnly(attributes: Attributes, value: Record<string, TfValue>): Record<string, TfValue> {
  const result: Record<string, TfValue> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const current = value[name] ?? null;
    if (attribute.options.writeOnly) result[name] = null;
    else if (attribute.nested && current !== null && !isUnknown(current)) {
      result[name] = mapNested(attribute.nested.nesting, current, (o) =>
        clearWriteOnly(attribute.nested!.attributes, o),
      );
    } else result[name] = current;
  }
  return result;
}

function mapNested(
  nesting: string,
  value: TfValue,
  f: (o: Record<string, TfValue>) => Record<string, TfValue>,
): TfValue {
  const apply = (v: TfValue): TfValue =>
    v === null || isUnknown(v) || typeof v !== "object" || Array.isArray(v) ? v : f(v as Record<string, TfValue>);
  if (nesting === "single") return apply(value);
  if (Array.isArray(value)) return value.map(apply);
  if (value !== null && typeof value === "object" && !isUnknown(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, apply(v)]));
  }
  return value;
}
