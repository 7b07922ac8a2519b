// Diagnostics as resource code writes them, and their tfplugin6 form. A path step is an attribute name (string),
// a list/set index (number) or a map key ({ key }).
export type PathStep = string | number | { readonly key: string };
export type AttributePath = readonly PathStep[];

export interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  path?: AttributePath;
}

export const key = (value: string): { key: string } => ({ key: value });

export function error(summary: string, detail?: string, path?: AttributePath): Diagnostic {
  return { severity: "error", summary, detail, path };
}

export function warning(summary: string, detail?: string, path?: AttributePath): Diagnostic {
  return { severity: "warning", summary, detail, path };
}

export function hasError(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Throw from resource code to return diagnostics (with paths) instead of a generic error. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => d.summary).join("; "));
    this.name = "DiagnosticError";
    this.diagnostics = list;
  }
}

/** What a thrown value becomes; `operation` names the step for the summary. */
export function diagnosticsFromError(err: unknown, operation: string): Diagnostic[] {
  if (err instanceof DiagnosticError) return err.diagnostics;
  const message = err instanceof Error ? err.message : String(err);
  return [error(`${operation} failed`, message)];
}

export interface ProtoStep {
  attribute_name?: string;
  element_key_string?: string;
  element_key_int?: number;
}

export function pathToProto(path: AttributePath): { steps: ProtoStep[] } {
  return {
    steps: path.map((step) =>
      typeof step === "string"
        ? { attribute_name: step }
        : typeof step === "number"
          ? { element_key_int: step }
          : { element_key_string: step.key },
    ),
  };
}

/** tfplugin6.Diagnostic.Severity */
const SEVERITY = { error: 1, warning: 2 } as const;

export function diagnosticToProto(d: Diagnostic): Record<string, unknown> {
  return {
    severity: SEVERITY[d.severity],
    summary: d.summary,
    detail: d.detail ?? "",
    ...(d.path && d.path.length > 0 ? { attribute: pathToProto(d.path) } : {}),
  };
}
