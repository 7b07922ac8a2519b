// Shared by the Terraform provider tests: one provider build (rebuilt when a source is newer), workspaces that run the
// real terraform binary with a dev_overrides CLI config written by the test, and HCL for the resource.
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProvider, DIST_DIR } from "../../provider/terraform/build-provider";
import { writeDevConfig } from "../../provider/terraform/install";
import type { RunningEmulator } from "../../emulator/types";

export const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
export const NO_TERRAFORM = "skipped: no `terraform` binary on PATH (Terraform >= 1.11 is needed)";

const ROOT = join(__dirname, "..", "..");
const SOURCES = ["provider/terraform", "provider/connection", "provider/infisical"].map((d) => join(ROOT, d));
const BUNDLE = join(DIST_DIR, "terraform-provider-infisicalauth0.cjs");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** dist/terraform, built when missing or older than a source. Built aside and renamed in, so parallel files don't clash. */
export async function ensureProvider(): Promise<string> {
  const newest = Math.max(...SOURCES.map(newestSource));
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newest) return DIST_DIR;
  mkdirSync(DIST_DIR, { recursive: true });
  const aside = mkdtempSync(join(DIST_DIR, ".build-"));
  try {
    const files = await buildProvider(aside);
    const chunks = files.chunks.flatMap((c) => [join(aside, `${c}.map`), join(aside, c)]);
    for (const file of [...chunks, `${files.bundle}.map`, files.bundle, files.executable]) {
      renameSync(file, join(DIST_DIR, file.slice(aside.length + 1)));
    }
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
  return DIST_DIR;
}

export interface TfResult {
  status: number | null;
  stdout: string;
  stderr: string;
  out: string;
}

export class Workspace {
  readonly dir: string;
  readonly logFile: string;
  transcript = "";

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    opts: { trace?: boolean } = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), "tf-infisicalauth0-"));
    this.logFile = join(this.dir, "terraform-trace.log");
    const cli = writeDevConfig(join(this.dir, "cli.tfrc"), DIST_DIR);
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cli,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      ...(opts.trace ? { TF_LOG: "trace", TF_LOG_PATH: this.logFile } : { TF_LOG: "" }),
      ...env,
    };
    mkdirSync(join(this.dir, "work"));
  }

  get work(): string {
    return join(this.dir, "work");
  }

  write(hcl: string, file = "main.tf"): void {
    writeFileSync(join(this.work, file), hcl);
  }

  remove(file: string): void {
    rmSync(join(this.work, file), { force: true });
  }

  /** Runs terraform without blocking the event loop: the emulator serves from this same process. */
  tf(...args: string[]): Promise<TfResult> {
    return new Promise((resolve, reject) => {
      const child = spawn("terraform", [...args, "-no-color"], { cwd: this.work, env: this.env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
      child.on("error", reject);
      child.on("close", (status) => {
        clearTimeout(timer);
        this.transcript += `\n$ terraform ${args.join(" ")}\n${stdout}\n${stderr}`;
        resolve({ status, stdout, stderr, out: `${stdout}\n${stderr}` });
      });
    });
  }

  state(): string {
    const path = join(this.work, "terraform.tfstate");
    return existsSync(path) ? readFileSync(path, "utf8") : "";
  }

  /** The state's instance of `type.name` (attributes and private). */
  instance(address: string): { attributes: Record<string, unknown>; private?: string } | undefined {
    if (!this.state()) return undefined;
    const parsed = JSON.parse(this.state()) as {
      resources: {
        type: string;
        name: string;
        instances: { attributes: Record<string, unknown>; private?: string }[];
      }[];
    };
    const [type, name] = address.split(".");
    return parsed.resources.find((r) => r.type === type && r.name === name)?.instances[0];
  }

  traceLog(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Environment pointing the provider at the emulator with the seeded identity (universal auth). */
export function emulatorEnv(emu: RunningEmulator): NodeJS.ProcessEnv {
  return {
    INFISICAL_HOST: emu.url,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: emu.seed.identity.clientId,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: emu.seed.identity.clientSecret,
    INFISICAL_TOKEN: "",
  };
}

export const HEADER = `terraform {
  required_providers {
    infisicalauth0 = { source = "infisical-iac/infisicalauth0" }
  }
}
`;

export interface ConnectionHcl {
  name: string;
  description?: string;
  projectId?: string;
  credentials: { domain: string; clientId: string; audience: string };
  secret?: string;
  writeOnly?: { value: string; version: number };
  adopt?: boolean;
  ignoreRefresh?: boolean;
  count?: number;
}

const q = (v: string) => JSON.stringify(v);

export function connectionHcl(label: string, c: ConnectionHcl): string {
  const lines = [
    c.count !== undefined ? `  count = ${c.count}` : "",
    `  name = ${c.count !== undefined ? `"${c.name}-\${count.index}"` : q(c.name)}`,
    c.description !== undefined ? `  description = ${q(c.description)}` : "",
    c.projectId !== undefined ? `  project_id = ${q(c.projectId)}` : "",
    c.adopt !== undefined ? `  adopt_existing = ${c.adopt}` : "",
    c.ignoreRefresh !== undefined ? `  ignore_credential_refresh = ${c.ignoreRefresh}` : "",
    "  credentials = {",
    `    domain    = ${q(c.credentials.domain)}`,
    `    client_id = ${q(c.credentials.clientId)}`,
    `    audience  = ${q(c.credentials.audience)}`,
    c.secret !== undefined ? `    client_secret = ${q(c.secret)}` : "",
    c.writeOnly ? `    client_secret_wo = ${q(c.writeOnly.value)}` : "",
    c.writeOnly ? `    client_secret_wo_version = ${c.writeOnly.version}` : "",
    "  }",
  ].filter((l) => l !== "");
  return `resource "infisicalauth0_app_connection" ${q(label)} {\n${lines.join("\n")}\n}\n`;
}

/** App-connection API calls seen by the emulator since the last clear (logins excluded). */
export async function apiCalls(emu: RunningEmulator) {
  return (await emu.admin.requests()).filter((r) => r.path.startsWith("/api/v1/app-connections"));
}
