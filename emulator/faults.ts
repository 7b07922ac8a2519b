import type { FaultKind, FaultRule } from "./types";

interface ArmedRule {
  method?: string;
  path?: string;
  remaining: number;
  fault: FaultKind;
}

/** Injected faults: each rule hits the next `count` requests it matches, in the order the rules were added. */
export class Faults {
  private rules: ArmedRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ method: rule.method, path: rule.path, remaining: rule.count ?? 1, fault: rule.fault });
  }

  clear(): void {
    this.rules = [];
  }

  /** Takes (consumes one use of) the first rule matching this request; `path` has no query nor trailing slash. */
  take(method: string, path: string): FaultKind | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r, method, path));
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule.fault;
  }
}

function matches(rule: ArmedRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (rule.path.endsWith("*")) return path.startsWith(rule.path.slice(0, -1));
  return stripTrailingSlash(rule.path) === path;
}

export function stripTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}
