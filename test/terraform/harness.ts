// The one Terraform runner of the tests (and of the benchmark and the chaos script): workspaces that run the real
// terraform binary with a dev_overrides CLI config written by the test, each with its own directory and state, each
// command bounded and killed with its whole process group (terraform and the providers it started) on timeout or
// when the test is aborted; HCL for the resource; and the secret search over everything terraform leaves behind.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIST_DIR } from "../../provider/terraform/build-provider";
import { writeDevConfig } from "../../provider/terraform/install";
import type { RunningEmulator } from "../../emulator/types";
import { BUILD_OUTPUTS, ensureBuild } from "../setup/build";
import { RUN_MARKER, run, type RunOptions, type RunResult } from "../support/processes";

export { hasTerraform, NO_TERRAFORM, SKIP_TERRAFORM_VAR } from "../support/terraform";

/**
 * dist/terraform, built when its inputs changed (content hash, see test/setup/build.ts). In a test run the global
 * setup built it before any test started, and this only checks (a worker must not rebuild under the other's feet);
 * the benchmark and the chaos script build here.
 */
export async function ensureProvider(): Promise<string> {
  if (!process.env[RUN_MARKER]) ensureBuild();
  const missing = BUILD_OUTPUTS.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`the build is incomplete (missing ${missing.join(", ")}): npm run build`);
  return DIST_DIR;
}

export type TfResult = RunResult;

/** Default bound of one terraform command; a test's own timeout (which aborts it) is usually shorter. */
export const TERRAFORM_COMMAND_TIMEOUT_MS = 240_000;

export interface WorkspaceOptions {
  /** TF_LOG=trace into `logFile`. */
  trace?: boolean;
  /** Kills a running command when it fires; default: the running test's signal (vitest aborts it on timeout). */
  signal?: AbortSignal;
  /** Bound of each command (default TERRAFORM_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
  /** Run terraform in this directory (e.g. a synthesized CDKTF stack) instead of `<dir>/work`. */
  workDir?: string;
}

/**
 * The user's environment minus anything that would configure the provider or terraform behind the test's back
 * (INFISICAL_*, TF_*): a workspace gets exactly the variables the test passes.
 */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("INFISICAL_") && !k.startsWith("TF_")) env[k] = v;
  }
  return env;
}

export class Workspace {
  readonly dir: string;
  readonly logFile: string;
  transcript = "";
  private readonly env: NodeJS.ProcessEnv;
  private readonly workDir: string;

  constructor(
    env: NodeJS.ProcessEnv,
    private readonly opts: WorkspaceOptions = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), "tf-infisicalauth0-"));
    this.logFile = join(this.dir, "terraform-trace.log");
    const cli = writeDevConfig(join(this.dir, "cli.tfrc"), DIST_DIR);
    this.env = {
      ...baseEnv(),
      TF_CLI_CONFIG_FILE: cli,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      ...(opts.trace ? { TF_LOG: "trace", TF_LOG_PATH: this.logFile } : {}),
      ...env,
    };
    this.workDir = opts.workDir ?? join(this.dir, "work");
    mkdirSync(this.workDir, { recursive: true });
  }

  get work(): string {
    return this.workDir;
  }

  write(hcl: string, file = "main.tf"): void {
    writeFileSync(join(this.work, file), hcl);
  }

  remove(file: string): void {
    rmSync(join(this.work, file), { force: true });
  }

  /**
   * Runs terraform without blocking the event loop (the emulator serves from this same process). Bounded; killed with
   * its providers when the test is aborted. `-no-color` is added.
   */
  tf(...args: string[]): Promise<TfResult> {
    return this.tfWith({}, ...args);
  }

  /** tf() with run options: `onSpawn` to interrupt the command (the chaos script). */
  async tfWith(options: Pick<RunOptions, "onSpawn">, ...args: string[]): Promise<TfResult> {
    const result = await run("terraform", [...args, "-no-color"], {
      cwd: this.work,
      env: this.env,
      timeoutMs: this.opts.commandTimeoutMs ?? TERRAFORM_COMMAND_TIMEOUT_MS,
      signal: this.opts.signal,
      ...options,
    });
    this.transcript += `\n$ terraform ${args.join(" ")}\n${result.stdout}\n${result.stderr}`;
    return result;
  }

  state(): string {
    const path = join(this.work, "terraform.tfstate");
    return existsSync(path) ? readFileSync(path, "utf8") : "";
  }

  /** The state's instance of `type.name` (attributes and private). */
  instance(address: string): { attributes: Record<string, unknown>; private?: string } | undefined {
    if (!this.state()) return undefined;
    const [type, name] = address.split(".");
    return parseState(this.state()).resources.find((r) => r.type === type && r.name === name)?.instances[0];
  }

  traceLog(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  /**
   * Every place terraform keeps text a secret could leak into, by name: the commands' output, the trace log, the state
   * and its backup, and each instance's private state *decoded* (Terraform stores it base64-encoded, so a search of
   * the file's text never sees a secret there). In the state files the one attribute that holds a secret by design,
   * `credentials.client_secret` (sensitive, stored like any sensitive attribute), is blanked, so the Auth0 secret
   * found anywhere else in them is a leak.
   */
  texts(): Record<string, string> {
    const texts: Record<string, string> = { "terraform output": this.transcript, "trace log": this.traceLog() };
    for (const file of ["terraform.tfstate", "terraform.tfstate.backup"]) {
      const path = join(this.work, file);
      if (!existsSync(path)) continue;
      const text = readFileSync(path, "utf8");
      texts[file] = text.trim() ? JSON.stringify(withoutStoredSecret(parseState(text))) : text;
      Object.assign(texts, decodedPrivateState(text, file));
    }
    return texts;
  }

  /** Which of `secrets` appear where (see texts()); [] when none leaks. Messages show a secret's first 4 chars only. */
  leaks(secrets: string[]): string[] {
    const found: string[] = [];
    for (const [where, text] of Object.entries(this.texts())) {
      for (const secret of secrets)
        if (secret && text.includes(secret)) found.push(`${secret.slice(0, 4)}… in ${where}`);
    }
    return found;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface StateFile {
  resources: {
    type: string;
    name: string;
    instances: { index_key?: string | number; attributes: Record<string, unknown>; private?: string }[];
  }[];
}

function parseState(text: string): StateFile {
  return { resources: [], ...(JSON.parse(text) as Partial<StateFile>) };
}

/** The state with each instance's `credentials.client_secret` (the sensitive attribute) blanked. */
function withoutStoredSecret(state: StateFile): StateFile {
  for (const r of state.resources) {
    for (const inst of r.instances) {
      const credentials = inst.attributes.credentials as Record<string, unknown> | null | undefined;
      if (credentials && typeof credentials.client_secret === "string") credentials.client_secret = "(stored secret)";
    }
  }
  return state;
}

/** `private` of each instance in a state file's text, base64-decoded, keyed "<file> private <type.name[key]>". */
export function decodedPrivateState(stateText: string, label = "state"): Record<string, string> {
  const out: Record<string, string> = {};
  if (!stateText.trim()) return out;
  for (const r of parseState(stateText).resources) {
    for (const inst of r.instances) {
      if (!inst.private) continue;
      const key = inst.index_key === undefined ? "" : `[${JSON.stringify(inst.index_key)}]`;
      out[`${label} private ${r.type}.${r.name}${key}`] = Buffer.from(inst.private, "base64").toString("utf8");
    }
  }
  return out;
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
