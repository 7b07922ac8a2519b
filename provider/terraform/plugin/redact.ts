// Defence in depth for text that leaves the process (diagnostics, log lines): every string or number held by a
// sensitive or write-only attribute in the values a call saw is replaced before the text is sent.
import type { Diagnostic } from "./diagnostics";
import type { Attributes } from "./schema";
import type { TfValue } from "./types";
import { isUnknown } from "./unknown";

const MIN_SECRET_LENGTH = 4;
export const REDACTED = "(sensitive value)";

export function collectSecrets(
  attributes: Attributes,
  value: TfValue | undefined,
  into = new Set<string>(),
): Set<string> {
  if (value === null || value === undefined || isUnknown(value) || typeof value !== "object" || Array.isArray(value)) {
    return into;
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    const current = value[name];
    if (attribute.options.sensitive || attribute.options.writeOnly) collectLeaves(current, into);
    else if (attribute.nested) {
      const elements = attribute.nested.nesting === "single" ? [current] : Object.values(asContainer(current));
      for (const element of elements) collectSecrets(attribute.nested.attributes, element, into);
    }
  }
  return into;
}

function asContainer(value: TfValue | undefined): Record<string, TfValue> | TfValue[] {
  return value !== null && value !== undefined && typeof value === "object" && !isUnknown(value) ? value : [];
}

function collectLeaves(value: TfValue | undefined, into: Set<string>): void {
  if (value === null || value === undefined || isUnknown(value)) return;
  if (typeof value === "object") {
    for (const element of Object.values(value)) collectLeaves(element, into);
    return;
  }
  const text = String(value);
  if (text.length >= MIN_SECRET_LENGTH) into.add(text);
}

export function redact(text: string, secrets: ReadonlySet<string>): string {
  let result = text;
  // Longest first so a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join(REDACTED);
  return result;
}

export function redactDiagnostics(diagnostics: Diagnostic[], secrets: ReadonlySet<string>): Diagnostic[] {
  if (secrets.size === 0) return diagnostics;
  return diagnostics.map((d) => ({
    ...d,
    summary: redact(d.summary, secrets),
    detail: d.detail === undefined ? undefined : redact(d.detail, secrets),
  }));
}
