/**
 * Child processes of the test suite (and of the chaos script, the benchmark and the demo, through the Pulumi host
 * driver): one way to run a bounded command and one way to start a long-lived one, so that
 * - each child leads its own process group, and stopping it kills the group: terraform *and* the provider processes
 *   terraform started, a host and whatever it spawned;
 * - a command never outlives its test: it is killed when its timeout passes, when its AbortSignal fires (vitest aborts
 *   a test's `signal` when the test times out), or by the per-test safety net in test/setup/each-test.ts;
 * - everything started during a test run carries the run's id in its environment (RUN_MARKER, inherited by every
 *   descendant, including the providers terraform starts), so the global teardown can find what escaped.
 * No vitest import here: the benchmark, the chaos script and the demo use this module too (it lives outside test/ so
 * the demo need not import from the test suite; test/support/processes.ts re-exports it).
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

/** The environment variable that marks every process of one test run (set by the global setup). */
export const RUN_MARKER = "IAC_TEST_RUN_ID";

export interface RunResult {
  status: number | null;
  /** The signal that ended the command, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for assertion messages and secret searches. */
  out: string;
  /** Killed because `timeoutMs` passed. */
  timedOut: boolean;
  /** Killed because the AbortSignal fired (e.g. the test timed out). */
  aborted: boolean;
  durationMs: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Required: every command is bounded. The process group is SIGKILLed when it passes. */
  timeoutMs: number;
  /** Kills the process group when it fires. Defaults to the running test's signal (see setAmbientSignal). */
  signal?: AbortSignal;
  /** Called with the child once it is spawned (the chaos script interrupts it). */
  onSpawn?: (child: ChildProcess) => void;
}

const running = new Set<ChildProcess>();
const services = new Set<ChildProcess>();
let ambientSignal: AbortSignal | undefined;

/** The running test's AbortSignal, used by commands that were not given one (set by test/setup/each-test.ts). */
export function setAmbientSignal(signal: AbortSignal | undefined): void {
  ambientSignal = signal;
}

/** Sends `signal` to the child's whole process group (the child leads it: spawned with `detached`). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

function spawnInGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  // `detached` makes the child a process-group leader (setsid), so one kill reaches its descendants too.
  return spawn(command, args, { ...options, detached: true });
}

/** Runs a bounded command and collects its output; never rejects for a non-zero exit, a timeout or an abort. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const signal = options.signal ?? ambientSignal;
  if (signal?.aborted) {
    return Promise.reject(new Error(`not starting \`${command} ${args.join(" ")}\`: the test was aborted`));
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawnInGroup(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let aborted = false;
    child.stdout?.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup(child);
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      signalGroup(child);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    options.onSpawn?.(child);
    child.on("error", (err) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      running.delete(child);
      reject(err);
    });
    child.on("close", (status, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      running.delete(child);
      // Killed by us: whatever the leader left in its group goes too. A command that exited by itself is not reaped:
      // a process it left behind (a provider that outlives terraform) is a bug the global teardown must see.
      if (timedOut || aborted) signalGroup(child);
      if (timedOut) stderr += `\n[killed after ${options.timeoutMs} ms: \`${command} ${args.join(" ")}\`]`;
      if (aborted) stderr += `\n[killed: the test was aborted]`;
      resolve({
        status,
        signal: exitSignal,
        stdout,
        stderr,
        out: `${stdout}\n${stderr}`,
        timedOut,
        aborted,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** Starts a long-lived child (a host, an emulator CLI) in its own process group; stop it with stopService. */
export function startService(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawnInGroup(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  services.add(child);
  child.once("exit", () => services.delete(child));
  return child;
}

/** Stops a service's process group: `signal` first, SIGKILL after `graceMs`; resolves when the leader has exited. */
export async function stopService(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000) {
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child, signal);
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  // Whatever the leader left in its group.
  signalGroup(child, "SIGKILL");
}

/** Kills every command still running (the per-test safety net); returns how many there were. */
export function killRunning(): number {
  const n = running.size;
  for (const child of running) signalGroup(child);
  return n;
}

/** Kills every service still up (the per-file safety net); returns how many there were. */
export function killServices(): number {
  const n = services.size;
  for (const child of services) signalGroup(child);
  return n;
}

export interface MarkedProcess {
  pid: number;
  ppid: number;
  command: string;
}

/**
 * Processes (other than `exclude`) whose environment carries `RUN_MARKER=<runId>`: the processes of one run, found
 * through /proc (Linux). Elsewhere this returns [] and the check is skipped.
 */
export function findMarkedProcesses(runId: string, exclude: Set<number> = new Set([process.pid])): MarkedProcess[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const needle = `${RUN_MARKER}=${runId}`;
  const found: MarkedProcess[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (exclude.has(pid)) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (!environ.includes(needle)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the parenthesised command name: state, ppid, ...
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      // A zombie has an empty command line and is gone once its parent reaps it.
      if (command !== "") found.push({ pid, ppid, command });
    } catch {
      // Exited meanwhile, or not ours to read.
    }
  }
  return found;
}
