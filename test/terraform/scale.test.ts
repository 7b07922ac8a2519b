// count = 50 at Terraform's default parallelism against the emulator with its default rate limits: no failure, one
// login per provider process, and the API calls the operations need.
import { describe, expect } from "vitest";
import { terraformTest } from "../support/terraform-test";
import { HEADER, NO_TERRAFORM, apiCalls, connectionHcl, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform scale: ${NO_TERRAFORM}`);

// Default rate limits (60 reads / 200 writes per minute); no trace log for 50 resources.
const { it } = terraformTest({ emulator: {}, trace: false });

describe.skipIf(!hasTerraform)("count = 50", () => {
  it("applies, plans clean and destroys 50 connections with zero failures", async ({ emu, ws }) => {
    const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
    ws.write(
      HEADER +
        connectionHcl("many", {
          name: "bulk",
          count: 50,
          credentials: { domain, clientId, audience },
          secret: clientSecret,
        }),
    );
    const apply = await ws.tf("apply", "-auto-approve");
    expect(apply.status, apply.out).toBe(0);
    expect(apply.out).toContain("50 added, 0 changed, 0 destroyed");
    const calls = await apiCalls(emu);
    expect(calls.filter((c) => c.method === "POST" && c.status === 200)).toHaveLength(50);
    expect(calls.filter((c) => c.status >= 400)).toEqual([]);
    expect((await emu.admin.connections()).filter((c) => c.name.startsWith("bulk-"))).toHaveLength(50);
    // Each provider process logs in once, never once per resource.
    expect(await emu.admin.loginCount()).toBeLessThanOrEqual(6);

    const plan = await ws.tf("plan", "-detailed-exitcode");
    expect(plan.status, plan.out).toBe(0);

    const destroy = await ws.tf("destroy", "-auto-approve", "-refresh=false");
    expect(destroy.status, destroy.out).toBe(0);
    expect((await emu.admin.connections()).filter((c) => c.name.startsWith("bulk-"))).toHaveLength(0);
  }, 300_000);
});
