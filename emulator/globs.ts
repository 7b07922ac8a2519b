import picomatch from "picomatch";

/**
 * Infisical's matching of token fields against configured patterns: equal, or a picomatch glob (`*` does not cross
 * `/`, `**` only as a whole segment, `{a,b}` alternatives). A pattern picomatch refuses (e.g. empty) matches nothing.
 */
export function globMatch(value: string, pattern: string): boolean {
  if (pattern === value) return true;
  try {
    return picomatch.isMatch(value, pattern);
  } catch {
    return false;
  }
}

/** A claim value against one allowed entry: arrays if any element matches, booleans as "true"/"false", numbers by parseInt. */
export function claimMatches(value: unknown, entry: string): boolean {
  if (Array.isArray(value)) return value.some((item) => claimMatches(item, entry));
  if (typeof value === "boolean") return entry === String(value);
  if (typeof value === "number") return parseInt(entry, 10) === value;
  return typeof value === "string" && globMatch(value, entry);
}

/** `a.b.c` looked up through nested objects (Infisical's `getValueByDot`). */
export function valueByDot(object: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (current, key) =>
        current !== null && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined,
      object,
    );
}

/** A list stored as "a, b" (OIDC audiences and claims): its items. */
export const storedList = (value: string): string[] => value.split(", ");

/** A list split on "," and trimmed (Kubernetes namespaces and names, AWS accounts and ARNs). */
export const commaItems = (value: string): string[] => value.split(",").map((item) => item.trim());
