/**
 * How `npm run demo` talks: step titles, Pulumi-style change lines, the API calls each step made (counted at the
 * emulator), a closing summary, colour where the terminal takes it, and a guard that fails the demo loudly if a
 * literal secret (or any access token) is about to be printed or is found where it must not be.
 */
import { styleText } from "node:util";
import type { RunningEmulator } from "../emulator/types";
import type { RequestLogEntry } from "../emulator/types";

type Format = Exclude<Parameters<typeof styleText>[0], readonly unknown[]>;
type Style = Format | Format[];

/**
 * Colour through node:util's styleText, which checks the stream itself (Node >= 20.18 / 22.13): no escape codes when
 * the output is not a terminal or NO_COLOR is set, escape codes when FORCE_COLOR asks for them even through a pipe.
 * One format per call: Node 20's styleText skips that check when given an array of formats.
 */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  const formats = Array.isArray(style) ? style : [style];
  return formats.reduceRight((styled, format) => styleText(format, styled, { stream }), text);
}

/** A value that must never appear in the demo's output or in clear in state, with what to call it. */
export interface Secret {
  label: string;
  value: string;
}

/** Any JWT (Infisical's access tokens are JWTs): three base64url parts, the first a JSON header. */
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

/** A literal secret where none may be: the demo stops, naming what and where, never showing the value. */
export class SecretLeak extends Error {
  override name = "SecretLeak";
}

/** The label of the first secret (or access token) `text` contains, if any. */
export function findSecret(text: string, secrets: readonly Secret[]): string | undefined {
  for (const s of secrets) if (s.value !== "" && text.includes(s.value)) return s.label;
  return JWT.test(text) ? "an access token (JWT)" : undefined;
}

export function assertNoSecret(text: string, secrets: readonly Secret[], where: string): void {
  const found = findSecret(text, secrets);
  if (found) throw new SecretLeak(`SECRET IN CLEAR: ${found} appears in ${where}`);
}

/** A Pulumi-style value: strings quoted, objects and arrays as JSON, secrets hidden. */
export function showValue(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

export type Operation = "create" | "update" | "replace" | "delete" | "refresh" | "same";

/** Pulumi's symbols and colours for each operation. */
const OPERATIONS: Record<Operation, { symbol: string; style: Style }> = {
  create: { symbol: "+", style: "green" },
  update: { symbol: "~", style: "yellow" },
  replace: { symbol: "+-", style: "magenta" },
  delete: { symbol: "-", style: "red" },
  refresh: { symbol: "~", style: "cyan" },
  same: { symbol: "", style: "dim" },
};

/** One property change in Pulumi's words: `~ description: "first" => "second"`. */
export interface PropertyChange {
  path: string;
  kind: "add" | "change" | "remove";
  old?: string;
  new?: string;
}

/**
 * The property changes from `old` to `next`, leaf by leaf (nested objects as dotted paths). Only keys `next` has are
 * compared unless `removals` is set; values at `secretPaths` show as `[secret]`, and a secret that did not change
 * is not listed.
 */
export function propertyChanges(
  old: Record<string, unknown>,
  next: Record<string, unknown>,
  opts: { secretPaths?: readonly string[]; removals?: boolean; skip?: readonly string[] } = {},
): PropertyChange[] {
  const changes: PropertyChange[] = [];
  const secret = (path: string) => opts.secretPaths?.includes(path) ?? false;
  const shown = (path: string, v: unknown) => (secret(path) ? "[secret]" : showValue(v));
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>, prefix: string) => {
    const keys = new Set([...Object.keys(b), ...(opts.removals ? Object.keys(a) : [])]);
    for (const key of [...keys].sort()) {
      const path = prefix + key;
      if (opts.skip?.includes(path)) continue;
      const [va, vb] = [a[key], b[key]];
      if (vb === undefined && !opts.removals) continue;
      if (isPlainObject(va) && isPlainObject(vb)) {
        walk(va, vb, `${path}.`);
      } else if (va === undefined) {
        changes.push({ path, kind: "add", new: shown(path, vb) });
      } else if (vb === undefined) {
        changes.push({ path, kind: "remove", old: shown(path, va) });
      } else if (JSON.stringify(va) !== JSON.stringify(vb)) {
        changes.push({ path, kind: "change", old: shown(path, va), new: shown(path, vb) });
      }
    }
  };
  walk(old, next, "");
  return changes;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Leaf values as `[path, value]` rows, nested objects as dotted paths. */
export function leafRows(obj: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]): [string, unknown][] =>
    isPlainObject(v) ? leafRows(v, `${prefix}${k}.`) : [[prefix + k, v]],
  );
}

function changeLine(c: PropertyChange): string {
  if (c.kind === "add") return paint("green", `+ ${c.path}: ${c.new}`);
  if (c.kind === "remove") return paint("red", `- ${c.path}: ${c.old}`);
  return paint("yellow", `~ ${c.path}: ${c.old} => ${c.new}`);
}

/** `POST /api/v1/app-connections/auth0 200 ["name",…]` → `POST /app-connections/auth0 200 {name, …}`; ids as `:id`. */
function describeCall(r: RequestLogEntry): string {
  const path = r.path
    .replace(/^\/api\/v\d+/, "")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id");
  const login = /^\/auth\/([\w-]+)\/login$/.exec(path);
  if (login) return `${login[1]} login ${r.status}`;
  const sent = r.bodyKeys.length ? ` {${r.bodyKeys.join(", ")}}` : "";
  return `${r.method} ${path} ${r.status}${sent}`;
}

/** The calls in order, a run of identical ones as `2 × GET …`, wrapped to `width` columns. */
export function callLines(calls: RequestLogEntry[], width = 112): string[] {
  const items: string[] = [];
  let previous: string | undefined;
  let count = 0;
  const flush = () => previous && items.push(count > 1 ? `${count} × ${previous}` : previous);
  for (const text of calls.map(describeCall)) {
    if (text === previous) {
      count++;
    } else {
      flush();
      [previous, count] = [text, 1];
    }
  }
  flush();
  const lines = [`API calls (${calls.length}):${items.length ? "" : " none"}`];
  items.forEach((item, i) => {
    const last = lines.length - 1;
    const piece = `${item}${i < items.length - 1 ? "," : ""}`;
    if ((lines[last] as string).length + piece.length + 1 > width) lines.push(`  ${piece}`);
    else lines[last] += ` ${piece}`;
  });
  return lines;
}

interface StepRecord {
  section: string;
  title: string;
  calls: RequestLogEntry[];
  ms: number;
}

export class DemoReport {
  private readonly steps: StepRecord[] = [];
  private current: string | undefined;

  constructor(
    private readonly emu: RunningEmulator,
    readonly secrets: readonly Secret[],
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  /** Prints a line (indented by `indent` spaces), after checking it holds no secret. */
  say(text = "", indent = 0): void {
    assertNoSecret(text, this.secrets, `the demo's output${this.current ? ` (step "${this.current}")` : ""}`);
    this.write(`${" ".repeat(indent)}${text}\n`);
  }

  /** A part of the demo (Pulumi, Terraform), with what it runs. */
  section(name: string, ...explanation: string[]): void {
    this.say();
    this.say(paint(["bold", "underline"], name));
    for (const line of explanation) this.say(line, 2);
  }

  /**
   * Runs one step: prints its title, runs it, then prints the API calls it made to Infisical (logins included, the
   * emulator's own admin calls not) and records them for the summary.
   */
  async step<T>(section: string, title: string, run: () => Promise<T>): Promise<T> {
    await this.emu.admin.clearRequests();
    this.current = title;
    const number = this.steps.length + 1;
    this.say();
    this.say(paint(["bold", "cyan"], `▶ ${number}. ${section} · ${title}`));
    const start = performance.now();
    const result = await run();
    const ms = performance.now() - start;
    const calls = (await this.emu.admin.requests()).filter((r) => r.path.startsWith("/api/"));
    for (const line of callLines(calls)) this.say(paint("dim", line), 4);
    this.steps.push({ section, title, calls, ms });
    this.current = undefined;
    return result;
  }

  /** A resource's operation, Pulumi style: `+ auth0-org  create`, then its property changes. */
  operation(op: Operation, name: string, note = "", changes: PropertyChange[] = []): void {
    const { symbol, style } = OPERATIONS[op];
    const label = op === "same" ? "no changes" : op;
    this.say(`${paint(style, `${symbol.padStart(2)} ${name}  ${label}`)}${note ? `  ${note}` : ""}`, 3);
    for (const c of changes) this.say(changeLine(c), 8);
  }

  ok(text: string, indent = 4): void {
    this.say(`${paint("green", "✓")} ${text}`, indent);
  }

  /** Steps, API calls per step and in total, logins, wall time. */
  summary(): void {
    const total = this.steps.reduce((n, s) => n + s.calls.length, 0);
    const logins = this.steps.reduce((n, s) => n + s.calls.filter((r) => r.path.endsWith("/login")).length, 0);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const width = Math.max(...this.steps.map((s) => `${s.section} · ${s.title}`.length));
    this.say();
    this.say(paint(["bold", "underline"], "Summary"));
    this.say(`${"step".padEnd(width + 4)}  API calls   time`, 2);
    this.steps.forEach((s, i) => {
      const name = `${String(i + 1).padStart(2)}. ${s.section} · ${s.title}`.padEnd(width + 4);
      this.say(`${name}  ${String(s.calls.length).padStart(9)}   ${seconds(s.ms).padStart(6)}`, 2);
    });
    this.say(
      paint(
        "bold",
        `${this.steps.length} steps, ${total} API calls to Infisical (${logins} login${logins === 1 ? "" : "s"}), ` +
          // performance.now() counts from the process's start: the build check and the emulator's start included.
          `${seconds(performance.now())} wall time`,
      ),
      2,
    );
  }
}
