// Preloaded (NODE_OPTIONS=--require) into every provider process of a measured terraform command: at exit, appends
// the process's CPU time in ms (all its threads, from getrusage) as one line to BENCH_PROVIDER_CPU_FILE, so the bench
// can tell the providers' CPU from Terraform's own (both land in terraform's children time).
"use strict";
const { appendFileSync } = require("node:fs");

const file = process.env.BENCH_PROVIDER_CPU_FILE;
if (file) {
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    appendFileSync(file, `${(user + system) / 1000}\n`);
  });
}
