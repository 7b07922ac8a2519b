// TFPLUGIN_CPU_PROFILE_DIR=<dir>: each provider process writes a V8 CPU profile there when it exits (open it in
// Chrome DevTools or speedscope). `node --cpu-prof` cannot be passed through NODE_OPTIONS, and Terraform starts
// the provider itself, so the switch is an environment variable read at start-up.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export function profileToDirectory(dir: string): void {
  const { Session } = require("node:inspector") as typeof import("node:inspector");
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  process.on("exit", () => {
    // The main thread's inspector session answers synchronously, so this completes inside the exit handler.
    session.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(join(dir, `provider-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
