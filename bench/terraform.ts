import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../emulator/index";
import type { RunningEmulator } from "../emulator/types";
import { InfisicalClient, resolveSettings } from "../provider/infisical";
import { LAZY_CHUNKS } from "../provider/terraform/build-provider";
import {
  HEADER,
  Workspace,
  apiCalls,
  connectionHcl,
  emulatorEnv,
  ensureProvider,
  hasTerraform,
} from "../test/terraform/harness";
import { measureStartup } from "../test/terraform-plugin/startup-bench";
import { type RpcCpuFigures, measureRpcCpu } from "./provider-rpc";
import type { BenchRow } from "./types";
import { median } from "./stats";

/**
 * The Terraform provider with the real terraform binary, every figure as a ratio to a floor measured beside it:
 * - start -> handshake line and start -> first RPC answered, each / `node -e ''`;
 * - `terraform plan` of one connection / the same plan of a built-in `terraform_data` resource;
 * - `terraform apply` of count = 200 (no rate limit) / (the `terraform_data` apply of 200 + the client alone making
 *   the same 200 creates at Terraform's parallelism, 10);
 * - `terraform plan` of those 200 under the emulator's self-hosted default limits (60 reads/min), with its API calls.
 * NODE_EXTRA_CA_CERTS is unset for every process measured (Node 20 spends 55-70 ms on it at each start).
 */

const COUNT = 200;
const PARALLELISM = 10; // Terraform's default -parallelism
const ENV_NOTE = "NODE_EXTRA_CA_CERTS unset";

const ratio = (x: number) => Number(x.toFixed(2));
/** CPU time does not grow with the machine's other load: shown beside the wall-time ratios the targets are set on. */
const cpuNote = (ms: number, nodeMs: number) =>
  `${Math.round(ms)} ms / ${Math.round(nodeMs)} ms = ${ratio(ms / nodeMs)}x`;

async function timed(ws: Workspace, ...args: string[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await ws.tf(...args);
  if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed: ${r.out.slice(-4000)}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function connection(emu: RunningEmulator, label: string, extra: { count?: number } = {}): string {
  const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
  return connectionHcl(label, {
    name: label,
    credentials: { domain, clientId, audience },
    secret: clientSecret,
    ...extra,
  });
}

async function planOne(rows: BenchRow[]): Promise<void> {
  const emu = await startEmulator({ rateLimit: false });
  const ours = new Workspace(emulatorEnv(emu));
  const builtin = new Workspace({});
  try {
    ours.write(HEADER + connection(emu, "bench-one"));
    builtin.write('resource "terraform_data" "one" {\n  input = "bench"\n}\n');
    await timed(ours, "apply", "-auto-approve");
    await timed(builtin, "apply", "-auto-approve");
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 7; i++) {
      a.push(await timed(ours, "plan"));
      b.push(await timed(builtin, "plan"));
    }
    const r = median(a) / median(b);
    rows.push({
      name: "terraform plan, 1 connection / terraform_data plan",
      value: ratio(r),
      unit: "x",
      target: "<= 9",
      pass: r <= 9,
      note: `${Math.round(median(a))} ms / ${Math.round(median(b))} ms; medians of 7 interleaved; ${ENV_NOTE}`,
    });
    await timed(ours, "destroy", "-auto-approve");
  } finally {
    ours.close();
    builtin.close();
    await emu.close();
  }
}

/**
 * The client alone, in this process: COUNT creates, PARALLELISM at a time, after its login; their wall time and this
 * process's CPU (client and emulator). The connections are removed afterwards.
 */
async function clientCreates(emu: RunningEmulator, prefix: string): Promise<Usage> {
  const { identity, auth0 } = emu.seed;
  const client = new InfisicalClient(
    resolveSettings({ host: emu.url, clientId: identity.clientId, clientSecret: identity.clientSecret }, {}),
  );
  try {
    await client.getAppConnectionOptions(); // the login, which the provider pays once per process too
    const ids: string[] = [];
    let next = 0;
    const work = async () => {
      for (let i = next++; i < COUNT; i = next++) {
        ids.push((await client.createAuth0Connection({ name: `${prefix}-${i}`, credentials: auth0 })).id);
      }
    };
    const usage = await measured(async () => void (await Promise.all(Array.from({ length: PARALLELISM }, work))));
    for (const id of ids) await client.deleteAuth0Connection(id);
    return usage;
  } finally {
    await client.close();
  }
}

/** CPU ms of this process's reaped children (terraform, and the providers terraform reaped), from /proc/self/stat. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * CLOCK_TICK_MS; // cutime, cstime
  } catch {
    return undefined; // no /proc: wall time only
  }
}
const CLOCK_TICK_MS = 10; // Linux's USER_HZ (100)

/** Wall time, and CPU time: of terraform with its providers, and of this process (the emulator, or the client). */
interface Usage {
  wallMs: number;
  terraformCpuMs?: number;
  selfCpuMs: number;
}

async function measured(run: () => Promise<void>): Promise<Usage> {
  const children = childrenCpuMs();
  const self = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await run();
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const { user, system } = process.cpuUsage(self);
  const after = childrenCpuMs();
  return {
    wallMs,
    selfCpuMs: (user + system) / 1000,
    ...(children !== undefined && after !== undefined && { terraformCpuMs: after - children }),
  };
}

const loadAverage = () => loadavg()[0]!.toFixed(1);

/**
 * A terraform_data whose stored value has our resource's shape and sizes (the attributes, the nested credentials, a
 * sensitive secret): what Terraform itself spends on a state like ours. `triggers_replace` is stored once (an
 * `input` would be stored twice, as input and output); being dynamic, it also stores its type, so this state is the
 * larger of the two (sizes in the row's note).
 */
function shapedData(emu: RunningEmulator): string {
  const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
  const stamp = "2026-01-01T00:00:00.000Z";
  return `resource "terraform_data" "bulk" {
  count = ${COUNT}
  input = "bulk-\${count.index}"
  triggers_replace = {
    id                        = "00000000-0000-4000-8000-000000000\${format("%03d", count.index)}"
    name                      = "bulk-\${count.index}"
    description               = null
    project_id                = null
    method                    = "client-credentials"
    credentials = {
      domain                   = "${domain}"
      client_id                = "${clientId}"
      audience                 = "${audience}"
      client_secret            = sensitive("${clientSecret}")
      client_secret_wo         = null
      client_secret_wo_version = null
    }
    adopt_existing            = null
    ignore_credential_refresh = null
    org_id                    = "00000000-0000-4000-8000-000000000000"
    credentials_hash          = "${"0".repeat(64)}"
    created_at                = "${stamp}"
    updated_at                = "${stamp}"
  }
}
`;
}

/**
 * A terraform_data whose state has as many bytes per instance as ours (`bytes`), in one string: what Terraform itself
 * spends on a state of our size. (Shaped like ours, its state is larger than ours: see shapedData.)
 */
function sizedData(bytes: number): string {
  return `resource "terraform_data" "bulk" {
  count = ${COUNT}
  input = "bulk-\${count.index}"
  triggers_replace = "${"x".repeat(Math.max(0, Math.round(bytes)))}"
}
`;
}
/** What `"triggers_replace": {"value": "", "type": "string"}` adds to an instance over `"triggers_replace": null`. */
const SIZED_OVERHEAD = 60;

const PROVIDER_CPU_PRELOAD = join(__dirname, "provider-cpu.cjs");

async function atScale(rows: BenchRow[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-tf-scale-"));
  const dataFile = join(dir, "emulator.json");
  const providerCpuFile = join(dir, "provider-cpu.txt");
  let emu = await startEmulator({ rateLimit: false, dataFile });
  const port = Number(new URL(emu.url).port);
  const ours = new Workspace({
    ...emulatorEnv(emu),
    NODE_OPTIONS: `--require ${PROVIDER_CPU_PRELOAD}`,
    BENCH_PROVIDER_CPU_FILE: providerCpuFile,
  });
  const builtin = new Workspace({});
  const shaped = new Workspace({});
  const sized = new Workspace({});
  const apply = (ws: Workspace) => measured(async () => void (await timed(ws, "apply", "-auto-approve")));
  try {
    ours.write(HEADER + connection(emu, "bulk", { count: COUNT }));
    builtin.write(`resource "terraform_data" "bulk" {\n  count = ${COUNT}\n  input = "bulk-\${count.index}"\n}\n`);
    shaped.write(shapedData(emu));
    const usage = {
      ours: [] as Usage[],
      data: [] as Usage[],
      sized: [] as Usage[],
      shaped: [] as Usage[],
      client: [] as Usage[],
    };
    const providersCpu: number[] = [];
    let providerProcesses = 0;
    const stateKb = { ours: 0, data: 0, sized: 0, shaped: 0 };
    const load = [loadAverage()];
    const runs = 3;
    // Ours first: the size-matched floor is written from the first run's two state sizes.
    for (let i = 0; i < runs; i++) {
      rmSync(providerCpuFile, { force: true });
      usage.ours.push(await apply(ours));
      stateKb.ours = Buffer.byteLength(ours.state()) / 1024;
      const perProvider = existsSync(providerCpuFile) ? readFileSync(providerCpuFile, "utf8").trim().split("\n") : [];
      providersCpu.push(perProvider.reduce((sum, ms) => sum + Number(ms), 0));
      providerProcesses = perProvider.length;
      if (i < runs - 1) await timed(ours, "destroy", "-auto-approve", "-refresh=false");
      usage.data.push(await apply(builtin));
      stateKb.data = Buffer.byteLength(builtin.state()) / 1024;
      await timed(builtin, "destroy", "-auto-approve");
      if (i === 0) sized.write(sizedData(((stateKb.ours - stateKb.data) * 1024) / COUNT - SIZED_OVERHEAD));
      usage.sized.push(await apply(sized));
      stateKb.sized = Buffer.byteLength(sized.state()) / 1024;
      await timed(sized, "destroy", "-auto-approve");
      usage.shaped.push(await apply(shaped));
      stateKb.shaped = Buffer.byteLength(shaped.state()) / 1024;
      await timed(shaped, "destroy", "-auto-approve");
      usage.client.push(await clientCreates(emu, `alone${i}`));
      load.push(loadAverage());
    }
    const wall = (u: Usage[]) => median(u.map((x) => x.wallMs));
    const ms = (x: number) => Math.round(x);
    const loadNote = `load average ${load.join(" -> ")} (2 cores)`;
    const kb = (x: number) => `${ms(x)} KB`;
    const floor = wall(usage.data) + wall(usage.client);
    const r = wall(usage.ours) / floor;
    rows.push({
      name: `terraform apply, count = ${COUNT} / (terraform_data apply + client alone)`,
      value: ratio(r),
      unit: "x",
      target: "<= 1.5",
      pass: r <= 1.5,
      note:
        `${ms(wall(usage.ours))} ms / (${ms(wall(usage.data))} + ${ms(wall(usage.client))}) ms;` +
        ` ${COUNT} creates at parallelism ${PARALLELISM}, no rate limit; medians of ${runs} interleaved; ${ENV_NOTE};` +
        ` ${loadNote}`,
    });
    // The same over floors whose state is like ours: what is left is what our provider adds to Terraform's own work.
    const floorRow = (floor: "sized" | "shaped", like: string, about: string) =>
      rows.push({
        name: `terraform apply, count = ${COUNT} / (terraform_data with a state ${like} + client alone)`,
        value: ratio(wall(usage.ours) / (wall(usage[floor]) + wall(usage.client))),
        unit: "x",
        note: `${ms(wall(usage.ours))} ms / (${ms(wall(usage[floor]))} + ${ms(wall(usage.client))}) ms; ${about}`,
      });
    floorRow(
      "sized",
      "of our size",
      `states: ours ${kb(stateKb.ours)}, this terraform_data ${kb(stateKb.sized)}, the small one ` +
        `${kb(stateKb.data)} (Terraform rewrites the whole state after each resource it changes, so its own cost ` +
        `grows with the state's size); same runs as above`,
    );
    floorRow(
      "shaped",
      "shaped like ours",
      `our attributes and values, but a dynamic value also stores its type: state ${kb(stateKb.shaped)}, larger ` +
        `than ours; same runs`,
    );
    const tfCpu = (u: Usage[]) => median(u.map((x) => x.terraformCpuMs ?? NaN));
    const selfCpu = (u: Usage[]) => median(u.map((x) => x.selfCpuMs));
    if (!Number.isNaN(tfCpu(usage.ours))) {
      const oursCpu = tfCpu(usage.ours) + selfCpu(usage.ours);
      const floorCpu = tfCpu(usage.data) + selfCpu(usage.data) + selfCpu(usage.client);
      const sizedCpu = tfCpu(usage.sized) + selfCpu(usage.sized) + selfCpu(usage.client);
      const shapedCpu = tfCpu(usage.shaped) + selfCpu(usage.shaped) + selfCpu(usage.client);
      const providers = median(providersCpu);
      rows.push({
        name: `terraform apply, count = ${COUNT}, CPU time / (terraform_data apply + client alone)`,
        value: ratio(oursCpu / floorCpu),
        unit: "x",
        note:
          `${ms(oursCpu)} ms = terraform ${ms(tfCpu(usage.ours) - providers)} + its ${providerProcesses} ` +
          `provider processes ${ms(providers)} + emulator ${ms(selfCpu(usage.ours))}; floor ${ms(floorCpu)} ms = ` +
          `terraform_data ${ms(tfCpu(usage.data))} + client and emulator ${ms(selfCpu(usage.client))}; ours / ` +
          `size-matched floor ${ratio(oursCpu / sizedCpu)}x (terraform_data ${ms(tfCpu(usage.sized))}), / shaped ` +
          `floor ${ratio(oursCpu / shapedCpu)}x (terraform_data ${ms(tfCpu(usage.shaped))}); CPU from /proc ` +
          `(terraform and its children) and getrusage (each provider, bench/provider-cpu.cjs); medians of ${runs}`,
      });
    }

    // The same 200 under the self-hosted default limits: the emulator restarts on its data file, same port.
    await emu.close();
    emu = await startEmulator({ dataFile, port });
    await emu.admin.clearRequests();
    const t0 = process.hrtime.bigint();
    const plan = await ours.tf("plan");
    const planMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const calls = await apiCalls(emu);
    const reads = calls.filter((c) => c.method === "GET").length;
    const limited = calls.filter((c) => c.status === 429).length;
    rows.push({
      name: `terraform plan, count = ${COUNT}, default limits (60 reads/min)`,
      value: Math.round(planMs / 100) / 10,
      unit: "s",
      target: "<= 5 s, <= 3 reads",
      pass: plan.status === 0 && planMs <= 5000 && reads <= 3,
      note:
        (plan.status === 0 ? "" : `did not finish (terraform ${plan.status === null ? "killed" : "failed"}); `) +
        `${reads} API reads (${calls.length} calls, ${limited} answered 429); ${ENV_NOTE}`,
    });
    await emu.close();
    emu = await startEmulator({ rateLimit: false, dataFile, port });
    await timed(ours, "destroy", "-auto-approve", "-refresh=false");
  } finally {
    ours.close();
    builtin.close();
    shaped.close();
    sized.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The provider's own CPU per RPC, the built executable driven over mutual TLS as Terraform drives it (see
 * provider-rpc.ts): medians of 3 processes, each creating COUNT connections at Terraform's parallelism, and of 3 taking
 * the calls one at a time (as they mostly reach the provider during an apply, whose walk waits on its state writes).
 */
async function rpcCpu(rows: BenchRow[]): Promise<void> {
  if (process.platform !== "linux") return; // CPU time from /proc
  const emu = await startEmulator({ rateLimit: false });
  try {
    const parallel: RpcCpuFigures[] = [];
    const serial: RpcCpuFigures[] = [];
    const load = [loadAverage()];
    for (let i = 0; i < 3; i++) {
      parallel.push(await measureRpcCpu(emu, { count: COUNT, parallelism: PARALLELISM }));
      serial.push(await measureRpcCpu(emu, { count: COUNT, parallelism: 1 }));
      load.push(loadAverage());
    }
    const m = (runs: RpcCpuFigures[], key: keyof RpcCpuFigures) => Math.round(median(runs.map((r) => r[key])));
    const note = (key: keyof RpcCpuFigures) =>
      `provider CPU (all threads, /proc) per call, ${COUNT} calls at parallelism ${PARALLELISM}; one at a time ` +
      `${m(serial, key)} µs; medians of 3 processes each; load average ${load.join(" -> ")}`;
    rows.push({
      name: "provider CPU per PlanResourceChange (create)",
      value: m(parallel, "planUs"),
      unit: "µs",
      note:
        `${note("planUs")}; the protocol alone (GetMetadata) ${m(parallel, "metadataUs")} µs, one at a time ` +
        `${m(serial, "metadataUs")} µs; ValidateResourceConfig ${m(parallel, "validateUs")} µs`,
    });
    rows.push({
      name: "provider CPU per ApplyResourceChange (create)",
      value: m(parallel, "applyUs"),
      unit: "µs",
      note:
        `${note("applyUs")}; includes the HTTP create it makes; the first create of a process (client load, login) ` +
        `${m(parallel, "firstCreateMs")} ms; whole process ${m(parallel, "processMs")} ms`,
    });
  } finally {
    await emu.close();
  }
}

/**
 * What the one provider start that calls Infisical pays to load the HTTP client bundle (undici, zod): require time in
 * a fresh process, median of 11 (slimming it is the client's work; this row measures it).
 */
function clientBundleLoad(dist: string): BenchRow {
  const file = join(
    dist,
    LAZY_CHUNKS.find((c) => c.endsWith("-client.cjs"))!,
  );
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const r = spawnSync(
      process.execPath,
      [
        "-e",
        `const t = process.hrtime.bigint(); require(${JSON.stringify(file)}); console.log(Number(process.hrtime.bigint() - t) / 1e6)`,
      ],
      { encoding: "utf8" },
    );
    times.push(Number(r.stdout.trim()));
  }
  return {
    name: "HTTP client bundle load, in the start that calls Infisical",
    value: Math.round(median(times)),
    unit: "ms",
    note: `${Math.round(statSync(file).size / 1024)} KB; require in a fresh node, median of 11; ${ENV_NOTE}`,
  };
}

export async function benchTerraform(): Promise<BenchRow[]> {
  delete process.env.NODE_EXTRA_CA_CERTS; // for terraform and every provider it starts
  const rows: BenchRow[] = [];
  const dist = await ensureProvider();
  const s = await measureStartup(join(dist, "terraform-provider-infisicalauth0"), 15);
  rows.push({
    name: "provider start -> handshake line / node -e ''",
    value: ratio(s.handshakeRatio),
    unit: "x",
    target: "<= 2.5",
    pass: s.handshakeRatio <= 2.5,
    note:
      `${Math.round(s.handshakeMs)} ms / ${Math.round(s.nodeMs)} ms; medians of 15 interleaved; ${ENV_NOTE}` +
      (s.cpu ? `; CPU time ${cpuNote(s.cpu.handshakeMs, s.cpu.nodeMs)}` : ""),
  });
  rows.push({
    name: "provider start -> first RPC answered / node -e ''",
    value: ratio(s.firstRpcRatio),
    unit: "x",
    target: "<= 3.5",
    pass: s.firstRpcRatio <= 3.5,
    note:
      `${Math.round(s.firstRpcMs)} ms (GetProviderSchema over mTLS) / ${Math.round(s.nodeMs)} ms; ${ENV_NOTE}` +
      (s.cpu ? `; CPU time ${cpuNote(s.cpu.firstRpcMs, s.cpu.nodeMs)}` : ""),
  });
  rows.push(clientBundleLoad(dist));
  if (!hasTerraform) {
    rows.push({ name: "terraform benchmarks", value: 0, unit: "-", note: "skipped: no terraform binary on PATH" });
    return rows;
  }
  // A section that fails is reported as a row; the others still run.
  for (const [name, section] of [
    ["provider CPU per RPC", rpcCpu],
    ["plan of 1 connection", planOne],
    ["apply and plan at scale", atScale],
  ] as const) {
    try {
      await section(rows);
    } catch (err) {
      rows.push({ name, value: 0, unit: "-", pass: false, note: String(err).slice(0, 300) });
    }
  }
  return rows;
}

if (require.main === module) {
  benchTerraform().then((rows) => console.table(rows));
}
