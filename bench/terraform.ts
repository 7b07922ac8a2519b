import { join } from "node:path";
import { startEmulator } from "../emulator/index";
import type { RunningEmulator } from "../emulator/types";
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
import type { BenchRow } from "./types";
import { median } from "./stats";

/**
 * The Terraform provider with the real terraform binary: start-up to the handshake line against `node -e ''`,
 * `terraform plan` of one connection against the same plan of a built-in `terraform_data` resource, and a
 * `count = 50` apply under the emulator's default rate limits.
 */

async function timed(ws: Workspace, ...args: string[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await ws.tf(...args);
  if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed: ${r.out}`);
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

async function planRatio(rows: BenchRow[], nodeStartMs: number): Promise<void> {
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
    const ratio = median(a) / median(b);
    rows.push({ name: "terraform plan, 1 connection (median)", value: Math.round(median(a)), unit: "ms" });
    rows.push({ name: "terraform plan, 1 terraform_data (median)", value: Math.round(median(b)), unit: "ms" });
    rows.push({
      name: "terraform plan ratio, connection / terraform_data",
      value: Number(ratio.toFixed(2)),
      unit: "x",
      target: "<= 6",
      pass: ratio <= 6,
      note: "terraform_data is built in: no plugin starts; a plan starts a plugin provider 3 times",
    });
    // What no Node provider can go below: Terraform's own plan plus three bare `node` starts that do nothing.
    const floor = (median(b) + 3 * nodeStartMs) / median(b);
    rows.push({
      name: "floor for any Node provider: (terraform_data plan + 3 x node -e '') / terraform_data plan",
      value: Number(floor.toFixed(2)),
      unit: "x",
    });
    await timed(ours, "destroy", "-auto-approve");
  } finally {
    ours.close();
    builtin.close();
    await emu.close();
  }
}

async function count50(rows: BenchRow[]): Promise<void> {
  const emu = await startEmulator(); // default rate limits
  const ws = new Workspace(emulatorEnv(emu));
  try {
    ws.write(HEADER + connection(emu, "bulk", { count: 50 }));
    await emu.admin.clearRequests();
    const ms = await timed(ws, "apply", "-auto-approve");
    const calls = await apiCalls(emu);
    const failed = calls.filter((c) => c.status >= 400).length;
    rows.push({ name: "count = 50 apply wall time", value: Math.round(ms), unit: "ms" });
    rows.push({
      name: "count = 50 apply: API calls",
      value: calls.length,
      unit: "calls",
      target: "50",
      pass: calls.length === 50 && failed === 0,
      note: `${failed} failed; ${await emu.admin.loginCount()} logins (one per provider process)`,
    });
    await timed(ws, "destroy", "-auto-approve", "-refresh=false");
  } finally {
    ws.close();
    await emu.close();
  }
}

export async function benchTerraform(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dist = await ensureProvider();
  const startup = await measureStartup(join(dist, "terraform-provider-infisicalauth0"), 15);
  rows.push({ name: "provider start to handshake (median)", value: Math.round(startup.pluginMs), unit: "ms" });
  rows.push({
    name: "provider start / node -e '' start",
    value: Number(startup.ratio.toFixed(2)),
    unit: "x",
    target: "<= 2.0",
    pass: startup.ratio <= 2.0,
    note: `node -e '' median ${Math.round(startup.nodeMs)} ms`,
  });
  if (!hasTerraform) {
    rows.push({ name: "terraform benchmarks", value: 0, unit: "-", note: "skipped: no terraform binary on PATH" });
    return rows;
  }
  await planRatio(rows, startup.nodeMs);
  await count50(rows);
  return rows;
}

if (require.main === module) {
  benchTerraform().then((rows) => console.table(rows));
}
