import { writeFileSync } from "node:fs";
import { cpus, freemem, totalmem, platform, arch, release } from "node:os";
import { join } from "node:path";
import { benchClient } from "./client";
import { benchPulumi } from "./pulumi";
import { benchTerraform } from "./terraform";
import type { BenchFn, BenchRow } from "./types";

/** Every benchmark module; add new ones here. */
const BENCHES: { name: string; run: BenchFn }[] = [
  { name: "client", run: benchClient },
  { name: "pulumi", run: benchPulumi },
  { name: "terraform", run: benchTerraform },
];

function table(rows: (BenchRow & { bench: string })[]): string {
  const cells = rows.map((r) => [
    r.bench,
    r.name,
    `${r.value} ${r.unit}`,
    r.target ?? "",
    r.pass === undefined ? "" : r.pass ? "pass" : "FAIL",
    r.note ?? "",
  ]);
  const head = ["bench", "measure", "value", "target", "result", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] as number)).join(" | ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.map(line)].join("\n");
}

async function main(): Promise<void> {
  // Node 20 spends 55-70 ms on NODE_EXTRA_CA_CERTS at every start: no process measured here gets it.
  delete process.env.NODE_EXTRA_CA_CERTS;
  // `npm run bench -- terraform` runs only the named benchmarks.
  const only = process.argv.slice(2);
  const rows: (BenchRow & { bench: string })[] = [];
  for (const bench of BENCHES.filter((b) => only.length === 0 || only.includes(b.name))) {
    process.stderr.write(`running ${bench.name}...\n`);
    for (const row of await bench.run()) rows.push({ bench: bench.name, ...row });
  }
  console.log(table(rows));
  console.log("(NODE_EXTRA_CA_CERTS unset for every process measured)");
  const cpu = cpus();
  const results = {
    date: new Date().toISOString(),
    machine: {
      platform: platform(),
      release: release(),
      arch: arch(),
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? "unknown",
      totalMemMB: Math.round(totalmem() / 2 ** 20),
      freeMemMB: Math.round(freemem() / 2 ** 20),
      node: process.version,
    },
    rows,
  };
  writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
}

void main();
