/**
 * `npm run chaos`: the fault and interrupt matrix, both front ends, count = 20, one table.
 *
 * Each scenario gets a fresh emulator (no rate limits; faults come from the emulator's own injection) and then:
 *   1. the faulted run: `terraform apply` of 20 connections (the real terraform and provider), or an engine-like
 *      `pulumi up` of 20 resources through Pulumi's real dynamic-provider host (tools/pulumi-host.ts), with
 *      the fault injected or the interrupt sent once 5 creates have been answered (natural timing: no delay is
 *      injected, so what is in flight then is what a user's Ctrl-C would meet); SIGINT goes to terraform's process
 *      group, as Ctrl-C in a terminal does;
 *   2. the documented convergence: a plain re-apply / re-up; if that fails and its error names the one documented
 *      action (`import {}` blocks or adopt_existing for Terraform, adoptExisting for Pulumi), that action, once;
 *   3. a check: `terraform plan -detailed-exitcode` clean, or an up with nothing left to create.
 * Then it counts, against the emulator's connections:
 *   failed   commands (plan/apply/up) that failed, not counting the one deliberately interrupted
 *   dup      duplicates: the same name twice in one scope
 *   orphans  connections on the server that state does not hold
 *   dangling entries in state whose connection is not on the server
 *   secrets  hits of the literal Auth0 and identity client secrets and of any access token (a JWT) in terraform's
 *            output, its TF_LOG=trace log, the state files (private state decoded) / the host's output, the outputs
 *            and the errors
 *   linger   processes of the scenario (terraform, providers, the host) still alive 10 s after their command ended
 *   steps    convergence steps after the faulted run: 1 = a plain re-apply converged, 2 = it took the documented
 *            action, "no" = not converged
 * Bounded: each command has a timeout, each scenario a deadline, and the whole run a budget (default 15 minutes;
 * rows past it are reported as not run).
 *
 * Usage: npm run chaos [-- --only <text>] [--front terraform|pulumi] [--count 20] [--budget-minutes 15] [--json file]
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/index";
import type { FaultRule, RunningEmulator } from "../emulator/types";
import { PulumiProviderHost, type Props, makeProjectDir, serializedProvider, urnFor } from "../tools/pulumi-host";
import { RUN_MARKER, findMarkedProcesses, signalGroup } from "../tools/processes";
import { terraformProblem } from "../test/support/terraform";
import {
  HEADER,
  Workspace,
  type ConnectionHcl,
  type TfResult,
  connectionHcl,
  emulatorEnv,
  ensureProvider,
} from "../test/terraform/harness";

const R = "infisicalauth0_app_connection";
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
/** The client's request timeout (provider/infisical/settings.ts); the delay fault goes past it. */
const CLIENT_TIMEOUT_MS = 60_000;
const COMMAND_TIMEOUT_MS = 240_000;
const LINGER_WAIT_MS = 10_000;
const TRIGGER_AT = 5;

type Front = "terraform" | "pulumi";

interface Scenario {
  name: string;
  /** Faults injected before the faulted run. */
  faults?: (emu: RunningEmulator) => FaultRule[];
  /** Done once TRIGGER_AT creates have reached the server during the faulted run. */
  trigger?: Trigger;
  fronts: Front[];
}

type Trigger =
  | { kind: "expire-tokens" }
  | { kind: "signal-terraform"; signal: NodeJS.Signals; times: number; group: boolean }
  | { kind: "signal-provider"; signal: NodeJS.Signals };

const CONNECTIONS = "/api/v1/app-connections/auth0*";
const both: Front[] = ["terraform", "pulumi"];
const SCENARIOS: Scenario[] = [
  { name: "none (baseline)", fronts: both },
  {
    name: "5xx",
    faults: () => [{ path: CONNECTIONS, count: 5, fault: { kind: "status", status: 503 } }],
    fronts: both,
  },
  {
    name: "429 + retry-after",
    faults: () => [{ path: CONNECTIONS, count: 5, fault: { kind: "rateLimit", retryAfterSeconds: 1 } }],
    fronts: both,
  },
  {
    name: "429 + x-ratelimit-reset only",
    faults: () => [
      { path: CONNECTIONS, count: 5, fault: { kind: "rateLimit", resetSeconds: 1, omitRetryAfter: true } },
    ],
    fronts: both,
  },
  { name: "drop", faults: () => [{ path: CONNECTIONS, count: 5, fault: { kind: "drop" } }], fronts: both },
  {
    name: "commitThenDrop (POST)",
    faults: () => [{ method: "POST", path: CONNECTIONS, count: 3, fault: { kind: "commitThenDrop" } }],
    fronts: both,
  },
  {
    name: "commitThenDrop + 5xx look-up",
    faults: () => [
      { method: "POST", path: CONNECTIONS, count: 1, fault: { kind: "commitThenDrop" } },
      { method: "GET", path: CONNECTIONS, count: 12, fault: { kind: "status", status: 503 } },
    ],
    fronts: both,
  },
  {
    name: "delay past client timeout",
    faults: () => [
      { method: "POST", path: CONNECTIONS, count: 1, fault: { kind: "delay", ms: CLIENT_TIMEOUT_MS + 2_000 } },
    ],
    fronts: both,
  },
  { name: "expired token", trigger: { kind: "expire-tokens" }, fronts: both },
  {
    name: "SIGINT once",
    trigger: { kind: "signal-terraform", signal: "SIGINT", times: 1, group: true },
    fronts: ["terraform"],
  },
  {
    name: "SIGINT twice",
    trigger: { kind: "signal-terraform", signal: "SIGINT", times: 2, group: true },
    fronts: ["terraform"],
  },
  {
    name: "SIGKILL terraform",
    trigger: { kind: "signal-terraform", signal: "SIGKILL", times: 1, group: false },
    fronts: ["terraform"],
  },
  { name: "SIGKILL provider / host", trigger: { kind: "signal-provider", signal: "SIGKILL" }, fronts: both },
  { name: "SIGTERM provider / host", trigger: { kind: "signal-provider", signal: "SIGTERM" }, fronts: both },
];

/** A count after the faulted run and after convergence. */
interface Before {
  afterFault: number;
  afterConvergence: number;
}

interface Row {
  scenario: string;
  front: Front;
  failed: number;
  duplicates: Before;
  orphans: Before;
  dangling: Before;
  secretHits: number;
  /** null where it does not apply: the engine-like driver stops its hosts itself. */
  lingering: number | null;
  steps: string;
  seconds: number;
  note: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Counts {
  duplicates: number;
  orphans: number;
  dangling: number;
}

/** Against the server's `chaos-*` connections: duplicates (a name twice in a scope), orphans, dangling entries. */
async function measure(emu: RunningEmulator, stateIds: Set<string>): Promise<Counts> {
  const live = (await emu.admin.connections()).filter((c) => c.app === "auth0" && c.name.startsWith("chaos-"));
  const perScope = new Map<string, number>();
  for (const c of live) {
    const key = `${c.projectId ?? ""}/${c.name}`;
    perScope.set(key, (perScope.get(key) ?? 0) + 1);
  }
  const ids = new Set(live.map((c) => c.id));
  return {
    duplicates: [...perScope.values()].reduce((n, k) => n + (k - 1), 0),
    orphans: [...ids].filter((id) => !stateIds.has(id)).length,
    dangling: [...stateIds].filter((id) => !ids.has(id)).length,
  };
}

function pair(first: Counts, last: Counts) {
  const b = (k: keyof Counts): Before => ({ afterFault: first[k], afterConvergence: last[k] });
  return { duplicates: b("duplicates"), orphans: b("orphans"), dangling: b("dangling") };
}

/** The connection ids in a Terraform state file's text. */
function terraformStateIds(text: string): Set<string> {
  const state = JSON.parse(text || '{"resources":[]}') as {
    resources: { type: string; instances: { attributes: { id: string } }[] }[];
  };
  return new Set(state.resources.filter((r) => r.type === R).flatMap((r) => r.instances.map((i) => i.attributes.id)));
}

/** Calls `fire` once `n` creates have been answered 200 (or committed) by the emulator; stop() ends the watch. */
function whenCreated(emu: RunningEmulator, n: number, fire: () => void | Promise<void>) {
  let stopped = false;
  let firedAt: number | null = null;
  const done = (async () => {
    while (!stopped) {
      const creates = (await emu.admin.requests()).filter(
        (r) => r.method === "POST" && r.path === "/api/v1/app-connections/auth0" && r.status === 200,
      );
      if (creates.length >= n) {
        firedAt = creates.length;
        await fire();
        return;
      }
      await sleep(20);
    }
  })();
  return {
    /** Stops watching; says when the trigger fired (creates answered by then), for the table's note. */
    stop: async (): Promise<string> => {
      stopped = true;
      await done;
      return firedAt === null ? "trigger never fired" : `fired at ${firedAt} creates`;
    },
  };
}

/** Kills what is left of a scenario's processes; returns how many were still alive after LINGER_WAIT_MS. */
async function lingering(marker: string): Promise<number> {
  const deadline = Date.now() + LINGER_WAIT_MS;
  let left = findMarkedProcesses(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(250);
    left = findMarkedProcesses(marker);
  }
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  return left.length;
}

function countSecrets(texts: string[], secrets: string[]): number {
  let hits = 0;
  for (const text of texts) {
    for (const s of secrets) if (text.includes(s)) hits += text.split(s).length - 1;
    hits += (text.match(JWT) ?? []).length;
  }
  return hits;
}

// ---------------------------------------------------------------- Terraform

async function terraformScenario(sc: Scenario, count: number): Promise<Omit<Row, "scenario" | "front" | "seconds">> {
  const emu = await startEmulator({ rateLimit: false });
  const marker = `chaos-${randomUUID()}`;
  const ws = new Workspace(
    { ...emulatorEnv(emu), [RUN_MARKER]: marker },
    { trace: true, commandTimeoutMs: COMMAND_TIMEOUT_MS },
  );
  const prefix = "chaos";
  const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
  const resource: ConnectionHcl = {
    name: prefix,
    count,
    credentials: { domain, clientId, audience },
    secret: clientSecret,
  };
  const write = (extra: Partial<ConnectionHcl> = {}) =>
    ws.write(HEADER + 'provider "infisicalauth0" {}\n' + connectionHcl("c", { ...resource, ...extra }));
  const notes: string[] = [];
  let failed = 0;
  let linger = 0;
  try {
    write();
    for (const rule of sc.faults?.(emu) ?? []) await emu.admin.injectFault(rule);
    let interrupted = false;
    let terraformChild: import("node:child_process").ChildProcess | undefined;
    const watch = sc.trigger
      ? whenCreated(emu, TRIGGER_AT, async () => {
          const t = sc.trigger!;
          if (t.kind === "expire-tokens") return emu.admin.expireTokens();
          interrupted = true;
          if (t.kind === "signal-terraform" && terraformChild) {
            for (let i = 0; i < t.times; i++) {
              if (t.group) signalGroup(terraformChild, t.signal);
              else terraformChild.kill(t.signal);
              if (i + 1 < t.times) await sleep(500);
            }
          } else if (t.kind === "signal-provider") {
            for (const p of findMarkedProcesses(marker).filter((p) => p.command.includes("terraform-provider-"))) {
              process.kill(p.pid, t.signal);
            }
          }
        })
      : undefined;
    const first = await ws.tfWith({ onSpawn: (child) => (terraformChild = child) }, "apply", "-auto-approve");
    if (watch) notes.push(`${await watch.stop()}, apply ${first.signal ?? `exit ${first.status}`}`);
    await emu.admin.clearFaults();
    linger += await lingering(marker);
    if (first.status !== 0 && !interrupted) failed += 1;
    if (first.timedOut) notes.push("faulted apply timed out");
    const afterFault = await measure(emu, terraformStateIds(ws.state()));

    // Convergence: a plain re-apply; then, if its error names it, the one documented action.
    let steps = "no";
    const reapply = await ws.tf("apply", "-auto-approve");
    linger += await lingering(marker);
    let last: TfResult = reapply;
    if (reapply.status === 0) steps = "1";
    else {
      failed += 1;
      const action = documentedTerraformAction(reapply.out);
      if (action) {
        notes.push(`re-apply said: ${action.kind}`);
        if (action.kind === "import blocks") ws.write(action.hcl, "imports.tf");
        else write({ adopt: true });
        last = await ws.tf("apply", "-auto-approve");
        linger += await lingering(marker);
        if (last.status === 0) steps = "2";
        else failed += 1;
      } else notes.push(firstError(reapply.out));
    }
    if (last.status === 0) {
      const plan = await ws.tf("plan", "-detailed-exitcode");
      linger += await lingering(marker);
      if (plan.status !== 0) {
        failed += 1;
        steps = "no";
        notes.push(`plan after convergence exited ${plan.status}`);
      }
    }

    const secrets = [emu.seed.auth0.clientSecret, emu.seed.identity.clientSecret];
    return {
      failed,
      ...pair(afterFault, await measure(emu, terraformStateIds(ws.state()))),
      // The sensitive client_secret attribute is blanked in the state texts (stored there by design).
      secretHits: countSecrets(Object.values(ws.texts()), secrets),
      lingering: linger,
      steps,
      note: notes.join("; "),
    };
  } finally {
    await lingering(marker);
    ws.close();
    await emu.close();
  }
}

function documentedTerraformAction(
  out: string,
): { kind: "import blocks"; hcl: string } | { kind: "adopt_existing" } | null {
  const blocks = out.match(/import\s*\{\s*to\s*=\s*[^\s}]+\s+id\s*=\s*"[^"]+"\s*\}/g);
  if (blocks) return { kind: "import blocks", hcl: [...new Set(blocks)].join("\n") + "\n" };
  if (out.includes("adopt_existing")) return { kind: "adopt_existing" };
  return null;
}

function firstError(out: string): string {
  const m = out.match(/Error: ([^\n]+)/);
  return m ? m[1]!.slice(0, 100) : "failed";
}

// ---------------------------------------------------------------- Pulumi

interface Entry {
  id: string;
  outs: Props;
  inputs: Props;
}

/** An engine-like `pulumi up` of `count` resources through one host, `parallel` at a time. */
async function pulumiUp(
  host: PulumiProviderHost,
  state: Map<string, Entry>,
  desired: (i: number) => Props,
  count: number,
  errors: string[],
  parallel = 10,
): Promise<{ failedUrns: string[] }> {
  const failedUrns: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const urn = urnFor(`chaos-${i}`);
      try {
        const prior = state.get(urn);
        const checked = await host.check(urn, prior?.inputs ?? {}, desired(i));
        if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
        if (!prior) {
          const created = await host.create(urn, checked.inputs);
          state.set(urn, { id: created.id, outs: created.outs, inputs: checked.inputs });
        } else {
          const diff = await host.diff(prior.id, urn, prior.outs, checked.inputs);
          if (diff.changes === "some") {
            const outs = await host.update(prior.id, urn, prior.outs, checked.inputs);
            state.set(urn, { id: prior.id, outs, inputs: checked.inputs });
          }
        }
      } catch (e) {
        failedUrns.push(urn);
        errors.push(String((e as Error).message));
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { failedUrns };
}

async function pulumiScenario(sc: Scenario, count: number): Promise<Omit<Row, "scenario" | "front" | "seconds">> {
  const emu = await startEmulator({ rateLimit: false });
  const marker = `chaos-${randomUUID()}`;
  const project = makeProjectDir();
  const provider = await serializedProvider();
  const state = new Map<string, Entry>();
  const errors: string[] = [];
  const hostOutput: string[] = [];
  const adopt = new Set<string>();
  const desired = (i: number): Props => ({
    name: `chaos-${i}`,
    description: "chaos",
    method: "client-credentials",
    credentials: { ...emu.seed.auth0 },
    ...(adopt.has(urnFor(`chaos-${i}`)) ? { adoptExisting: true } : {}),
    __provider: provider,
  });
  const startHost = async () => {
    const host = await PulumiProviderHost.start({ cwd: project.dir, env: { [RUN_MARKER]: marker } });
    await host.configure({
      "infisical:host": emu.url,
      "infisical:clientId": emu.seed.identity.clientId,
      "infisical:clientSecret": emu.seed.identity.clientSecret,
    });
    return host;
  };
  const closeHost = async (host: PulumiProviderHost) => {
    hostOutput.push(host.stdout, host.stderr);
    await host.close();
  };
  const notes: string[] = [];
  let failed = 0;
  try {
    let host = await startHost();
    for (const rule of sc.faults?.(emu) ?? []) await emu.admin.injectFault(rule);
    let interrupted = false;
    const watch = sc.trigger
      ? whenCreated(emu, TRIGGER_AT, async () => {
          const t = sc.trigger!;
          if (t.kind === "expire-tokens") return emu.admin.expireTokens();
          if (t.kind === "signal-provider") {
            interrupted = true;
            host.signal(t.signal);
          }
        })
      : undefined;
    const first = await withDeadline(pulumiUp(host, state, desired, count, errors), COMMAND_TIMEOUT_MS);
    if (watch) notes.push(await watch.stop());
    await emu.admin.clearFaults();
    await closeHost(host);
    await lingering(marker);
    if ((first === "timeout" || first.failedUrns.length > 0) && !interrupted) failed += 1;
    if (first === "timeout") notes.push("faulted up timed out");
    const stateIds = () => new Set([...state.values()].map((e) => e.id));
    const afterFault = await measure(emu, stateIds());

    // Convergence: a plain `pulumi up` (new host, as a new CLI run starts one); then adoptExisting if it says so.
    let steps = "no";
    host = await startHost();
    const reErrors: string[] = [];
    const re = await withDeadline(pulumiUp(host, state, desired, count, reErrors), COMMAND_TIMEOUT_MS);
    errors.push(...reErrors);
    if (re !== "timeout" && re.failedUrns.length === 0) steps = "1";
    else {
      failed += 1;
      if (re !== "timeout" && reErrors.some((e) => e.includes("adoptExisting"))) {
        notes.push("re-up said: adoptExisting");
        for (const urn of re.failedUrns) adopt.add(urn);
        const again = await withDeadline(pulumiUp(host, state, desired, count, errors), COMMAND_TIMEOUT_MS);
        if (again !== "timeout" && again.failedUrns.length === 0) steps = "2";
        else failed += 1;
      } else notes.push((reErrors[0] ?? "timed out").split("\n")[0]!.slice(0, 100));
    }
    await closeHost(host);
    await lingering(marker);

    const secrets = [emu.seed.auth0.clientSecret, emu.seed.identity.clientSecret];
    return {
      failed,
      ...pair(afterFault, await measure(emu, stateIds())),
      // Outputs as the engine would store them (the inputs hold the Auth0 secret by design, encrypted as a secret).
      secretHits: countSecrets(
        [...hostOutput, ...errors, JSON.stringify([...state.values()].map((e) => e.outs))],
        secrets,
      ),
      lingering: null,
      steps,
      note: notes.join("; "),
    };
  } finally {
    await lingering(marker);
    project.cleanup();
    await emu.close();
  }
}

async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- main

const arrow = (b: Before) => (Number.isNaN(b.afterFault) ? "-" : `${b.afterFault}→${b.afterConvergence}`);

/** A row whose scenario did not run to the end: nothing measured. */
function unmeasured(base: Pick<Row, "scenario" | "front">, seconds: number, steps: string, note: string): Row {
  const none: Before = { afterFault: NaN, afterConvergence: NaN };
  return {
    ...base,
    failed: 0,
    duplicates: none,
    orphans: none,
    dangling: none,
    secretHits: 0,
    lingering: null,
    steps,
    seconds,
    note,
  };
}

function table(rows: Row[]): string {
  const head = [
    "fault / interrupt",
    "front end",
    "failed",
    "dup",
    "orphans",
    "dangling",
    "secrets",
    "linger",
    "steps",
    "s",
    "note",
  ];
  const cells = rows.map((r) => [
    r.scenario,
    r.front,
    String(r.failed),
    arrow(r.duplicates),
    arrow(r.orphans),
    arrow(r.dangling),
    String(r.secretHits),
    r.lingering === null ? "-" : String(r.lingering),
    r.steps,
    String(r.seconds),
    r.note,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      front: { type: "string" },
      count: { type: "string", default: "20" },
      "budget-minutes": { type: "string", default: "15" },
      json: { type: "string" },
    },
  });
  const count = Number(values.count);
  const budgetMs = Number(values["budget-minutes"]) * 60_000;
  const problem = terraformProblem();
  if (problem) throw new Error(problem);
  await ensureProvider();
  const started = Date.now();
  const rows: Row[] = [];
  for (const sc of SCENARIOS) {
    if (values.only && !sc.name.toLowerCase().includes(values.only.toLowerCase())) continue;
    for (const front of sc.fronts) {
      if (values.front && values.front !== front) continue;
      const t0 = Date.now();
      const base = { scenario: sc.name, front };
      if (Date.now() - started > budgetMs) {
        rows.push(unmeasured(base, 0, "-", "NOT RUN: time budget spent"));
        continue;
      }
      process.stderr.write(`chaos: ${sc.name} × ${front} ... `);
      try {
        const r = front === "terraform" ? await terraformScenario(sc, count) : await pulumiScenario(sc, count);
        rows.push({ ...base, ...r, seconds: Math.round((Date.now() - t0) / 1000) });
      } catch (e) {
        const note = `ERROR ${String((e as Error).message).slice(0, 120)}`;
        rows.push({ ...unmeasured(base, Math.round((Date.now() - t0) / 1000), "no", note), failed: 1 });
      }
      process.stderr.write(`${Math.round((Date.now() - t0) / 1000)} s\n`);
    }
  }
  console.log(`\nchaos matrix, count = ${count} (${Math.round((Date.now() - started) / 1000)} s)\n`);
  console.log(table(rows));
  if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
