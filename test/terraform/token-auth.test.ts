// The provider block's `auth.token` form: a literal machine-identity access token configures the provider, no login
// happens, and the token (like the Auth0 secret) appears nowhere in terraform's output, its trace log or the state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import type { RunningEmulator } from "../../emulator/types";
import { HEADER, NO_TERRAFORM, Workspace, connectionHcl, ensureProvider, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform token auth: ${NO_TERRAFORM}`);

describe.skipIf(!hasTerraform)("provider auth.token", () => {
  let emu: RunningEmulator;
  let ws: Workspace;
  let token: string;

  beforeAll(async () => {
    await ensureProvider();
    emu = await startEmulator({ rateLimit: false });
    const login = await fetch(`${emu.url}/api/v1/auth/universal-auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(emu.seed.identity),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
    // Only the host in the environment: the token comes from the provider block, through a sensitive variable.
    ws = new Workspace(
      {
        INFISICAL_HOST: emu.url,
        INFISICAL_TOKEN: "",
        INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "",
        INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "",
        TF_VAR_infisical_token: token,
      },
      { trace: true },
    );
  }, 180_000);

  afterAll(async () => {
    ws?.close();
    await emu?.close();
  });

  it("applies, plans clean and destroys with a token, never showing it", async () => {
    const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
    ws.write(
      HEADER +
        'variable "infisical_token" {\n  type      = string\n  sensitive = true\n}\n' +
        'provider "infisicalauth0" {\n  auth = { token = var.infisical_token }\n}\n' +
        connectionHcl("tok", {
          name: "tf-token-auth",
          credentials: { domain, clientId, audience },
          secret: clientSecret,
        }),
    );
    const logins = await emu.admin.loginCount();
    for (const args of [
      ["apply", "-auto-approve"],
      ["plan", "-detailed-exitcode"],
      ["destroy", "-auto-approve"],
    ]) {
      const r = await ws.tf(...args);
      expect(r.status, r.out).toBe(0);
    }
    expect(await emu.admin.loginCount()).toBe(logins);
    expect((await emu.admin.connections()).some((c) => c.name === "tf-token-auth")).toBe(false);
    const seen = [ws.transcript, ws.traceLog(), ws.state()].join("\n");
    expect(ws.traceLog()).toContain("infisicalauth0");
    for (const secret of [token, clientSecret, emu.seed.identity.clientSecret]) {
      expect(seen.includes(secret), `leaks ${secret.slice(0, 4)}…`).toBe(false);
    }
  });
});
