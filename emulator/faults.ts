import type { FaultKind, FaultRule } from "./types";
import { pathOnly } from "./paths";

/** setTimeout's longest delay: anything above fires at once (Node warns and uses 1 ms). */
export const MAX_DELAY_MS = 2 ** 31 - 1;

interface ArmedRule {
  method?: string;
  /** Normalised; a prefix when `prefix` is set. */
  path?: string;
  prefix: boolean;
  remaining: number;
  fault: FaultKind;
}

/** Injected faults: each rule hits the next `count` requests it matches, in the order the rules were added. */
export class Faults {
  private rules: ArmedRule[] = [];

  add(rule: FaultRule): void {
    const prefix = rule.path?.endsWith("*") ?? false;
    const raw = rule.path === undefined ? undefined : prefix ? rule.path.slice(0, -1) : rule.path;
    // Rule paths are normalised like request paths, so `/a/b/` and `/a//b` match what the server routes; a prefix
    // ending in `/` keeps it (`/a/*` matches below `/a`, not `/ab`).
    let path = raw === undefined ? undefined : pathOnly(raw);
    if (prefix && raw?.endsWith("/") === true && path !== "/") path = `${path}/`;
    this.rules.push({ method: rule.method, path, prefix, remaining: rule.count ?? 1, fault: rule.fault });
  }

  clear(): void {
    this.rules = [];
  }

  /** Takes (consumes one use of) the first rule matching this request; `path` is normalised, without its query. */
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
  if (rule.prefix) return path.startsWith(rule.path);
  return rule.path === path;
}
