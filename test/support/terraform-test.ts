/**
 * A vitest `test` whose every test gets its own emulator and its own Terraform workspace (directory, state, trace
 * log), so no test depends on another's state and a failed or timed-out test fails alone. The workspace's commands
 * are killed with the providers they started when the test is aborted. After each test, the seed's secrets (and the
 * test's own, from `secrets`) must appear nowhere terraform left text: output, trace log, state, decoded private
 * state.
 */
import { test } from "vitest";
import { startEmulator } from "../../emulator/index";
import type { EmulatorOptions, RunningEmulator } from "../../emulator/types";
import { Workspace, emulatorEnv } from "../terraform/harness";

export interface TerraformFixtures {
  emu: RunningEmulator;
  ws: Workspace;
}

export interface TerraformTestOptions {
  /** Emulator options; default `{ rateLimit: false }`. */
  emulator?: EmulatorOptions;
  /** TF_LOG=trace (default true: the secret search reads the trace log). */
  trace?: boolean;
  /** The workspace's environment; default emulatorEnv(emu). */
  env?: (emu: RunningEmulator) => NodeJS.ProcessEnv | Promise<NodeJS.ProcessEnv>;
}

/** The literal secrets of an emulator's seed: the Auth0 client secret and the identity's client secret. */
export function seedSecrets(emu: RunningEmulator): string[] {
  return [emu.seed.auth0.clientSecret, emu.seed.identity.clientSecret];
}

export function terraformTest(options: TerraformTestOptions = {}) {
  const extraSecrets: string[] = [];
  const it = test.extend<TerraformFixtures>({
    // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
    emu: async ({}, use) => {
      const emu = await startEmulator(options.emulator ?? { rateLimit: false });
      try {
        await use(emu);
      } finally {
        await emu.close();
      }
    },
    ws: async ({ emu, signal }, use) => {
      const ws = new Workspace(options.env ? await options.env(emu) : emulatorEnv(emu), {
        trace: options.trace ?? true,
        signal,
      });
      try {
        await use(ws);
        const leaks = ws.leaks([...seedSecrets(emu), ...extraSecrets.splice(0)]);
        if (leaks.length > 0) throw new Error(`secrets leaked: ${leaks.join("; ")}`);
      } finally {
        ws.close();
      }
    },
  });
  /** Adds literal secrets (e.g. a write-only value, a token) the current test's workspace must never show. */
  const secret = (...values: string[]) => extraSecrets.push(...values);
  return { it, secret };
}
