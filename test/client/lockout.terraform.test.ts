// No lock-out storms (issue 9 item 1), through the real terraform binary: a plan that refreshes 40 connections with a
// wrong identity secret makes exactly one login attempt, so the identity is not locked for everyone using it.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import type { RunningEmulator } from "../../emulator/types";
import {
  HEADER,
  NO_TERRAFORM,
  Workspace,
  connectionHcl,
  emulatorEnv,
  ensureProvider,
  hasTerraform,
} from "../terraform/harness";

const LOGIN = "/api/v1/auth/universal-auth/login";
const WRONG = "zz-wrong-identity-secret-tf-5b7e";

if (!hasTerraform) console.warn(`client lock-out: ${NO_TERRAFORM}`);

describe.skipIf(!hasTerraform)("terraform plan of 40 connections with a wrong identity secret", () => {
  let emu: RunningEmulator;
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    await ensureProvider();
    // The emulator models Infisical's lockout: 3 failed logins → the identity's universal auth locked for 300 s.
    emu = await startEmulator({ rateLimit: false });
  }, 180_000);

  afterAll(async () => {
    for (const ws of workspaces) ws.close();
    await emu?.close();
  });

  function workspace(env: NodeJS.ProcessEnv, hcl: string): Workspace {
    const ws = new Workspace(env);
    workspaces.push(ws);
    ws.write(hcl);
    return ws;
  }

  it("makes exactly one login attempt, says which setting to fix, leaks nothing, and locks nobody out", async () => {
    const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
    const hcl =
      HEADER +
      connectionHcl("many", {
        name: "lock",
        count: 40,
        credentials: { domain, clientId, audience },
        secret: clientSecret,
      });
    const good = workspace(emulatorEnv(emu), hcl);
    const apply = await good.tf("apply", "-auto-approve");
    expect(apply.status, apply.out).toBe(0);

    const bad = workspace({ ...emulatorEnv(emu), INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: WRONG }, hcl);
    copyFileSync(join(good.work, "terraform.tfstate"), join(bad.work, "terraform.tfstate"));
    await emu.admin.clearRequests();
    const plan = await bad.tf("plan", "-parallelism=40");
    expect(plan.status, plan.out).toBe(1);
    const logins = (await emu.admin.requests()).filter((r) => r.path === LOGIN);
    expect(logins.map((r) => r.status)).toEqual([401]);
    expect(plan.out).toContain("Error: Infisical login refused");
    expect(plan.out).not.toContain("Error: Read failed");
    expect(plan.out).toContain("refused the universal-auth login");
    expect(plan.out).toContain("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
    expect(plan.out).not.toContain(WRONG);
    expect(plan.out).not.toContain(emu.seed.identity.clientSecret);

    // One failure is below Infisical's lock-out threshold: the right secret still works for everyone.
    const again = await good.tf("plan", "-detailed-exitcode");
    expect(again.status, again.out).toBe(0);
    expect((await emu.admin.requests()).filter((r) => r.path === LOGIN).map((r) => r.status)).toEqual([401, 200]);
  }, 240_000);
});
