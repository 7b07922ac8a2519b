// Runs plain `terraform` (no cdktf CLI) on a synthesized stack directory, with the provider built by
// provider/terraform/build-provider.ts installed through dev_overrides.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DIST_DIR, buildProvider } from "../../provider/terraform/build-provider";

export const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;

export async function ensureProviderBuilt(): Promise<string> {
  if (!existsSync(join(DIST_DIR, "terraform-provider-infisicalauth0"))) await buildProvider();
  return DIST_DIR;
}

export function writeCliConfig(dir: string, providerDir: string): string {
  const file = join(dir, "cli.tfrc");
  writeFileSync(
    file,
    `provider_installation {
  dev_overrides {
    "registry.terraform.io/infisical-iac/infisicalauth0" = ${JSON.stringify(providerDir)}
  }
  direct {}
}
`,
  );
  return file;
}

export interface TerraformRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Asynchronous on purpose: the emulator runs in this process, and spawnSync would block its event loop. */
export function terraformRunner(cwd: string, env: NodeJS.ProcessEnv, transcript: string[]) {
  return (...args: string[]): Promise<TerraformRun> =>
    new Promise((resolve, reject) => {
      const child = spawn("terraform", [...args, "-no-color"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
      child.on("error", reject);
      child.on("close", (status) => {
        clearTimeout(timer);
        transcript.push(`$ terraform ${args.join(" ")}\n${stdout}\n${stderr}`);
        resolve({ status, stdout, stderr });
      });
    });
}

/** The user's environment minus anything that would let the provider authenticate without the stack's variables. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("INFISICAL_") && !k.startsWith("TF_")) env[k] = v;
  }
  return { ...env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", ...extra };
}
