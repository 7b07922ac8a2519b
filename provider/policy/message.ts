/** Every violation says the same four things in the same order, so a reviewer always finds the fix at the end. */
export interface Violation {
  /** What is wrong, naming the connection. */
  problem: string;
  /** The rule, with where it comes from (Infisical, or which policy config key). */
  rule: string;
  /** What to change. */
  fix: string;
}

export function formatViolation(v: Violation): string {
  return `${v.problem}\nRule: ${v.rule}\nFix: ${v.fix}`;
}

/** A value quoted for a message; JSON quoting keeps whitespace and control characters visible. */
export function quote(value: string): string {
  return JSON.stringify(value);
}
