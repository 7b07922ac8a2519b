// Measures start -> handshake line of a launcher-built provider against `node -e ''` (median of interleaved runs).
// Usage: npx tsx test/terraform-plugin/startup-bench.ts <executable> [runs]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { generateSelfSignedCert } from "../../provider/terraform/plugin/cert";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../provider/terraform/plugin/handshake";

function time(command: string, args: string[], env: NodeJS.ProcessEnv, untilLine: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "ignore"] });
    const done = () => resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    if (untilLine) {
      child.stdout.once("data", () => {
        done();
        child.kill();
      });
    } else child.on("exit", done);
    child.on("error", reject);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureStartup(executable: string, runs = 10) {
  readFileSync(executable);
  const env = {
    ...process.env,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "5,6",
    PLUGIN_CLIENT_CERT: generateSelfSignedCert("P-521").certPem,
  };
  const plugin: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(await time(process.execPath, ["-e", ""], env, false));
    plugin.push(await time(executable, [], env, true));
  }
  return { pluginMs: median(plugin), nodeMs: median(baseline), ratio: median(plugin) / median(baseline) };
}

if (require.main === module) {
  const [executable, runs] = process.argv.slice(2);
  if (!executable) throw new Error("usage: startup-bench.ts <executable> [runs]");
  measureStartup(executable, Number(runs ?? 10)).then((r) => console.log(JSON.stringify(r)));
}
