// The provider block's `auth.token` form: a literal machine-identity access token configures the provider, no login
// happens, and the token (like the Auth0 secret) appears nowhere in terraform's output, its trace log or the state.
import { describe, expect } from "vitest";
import { loginToken } from "../support/emulator";
import { terraformTest } from "../support/terraform-test";
import { HEADER, NO_TERRAFORM, connectionHcl, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform token auth: ${NO_TERRAFORM}`);

const tokens = new WeakMap<object, string>();
// Only the host in the environment: the token comes from the provider block, through a sensitive variable.
const { it, secret } = terraformTest({
  env: async (emu) => {
    const token = await loginToken(emu);
    tokens.set(emu, token);
    return {
      INFISICAL_HOST: emu.url,
      INFISICAL_TOKEN: "",
      INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "",
      INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "",
      TF_VAR_infisical_token: token,
    };
  },
});

describe.skipIf(!hasTerraform)("provider auth.token", () => {
  it("applies, plans clean and destroys with a token, never showing it", async ({ emu, ws }) => {
    const token = tokens.get(emu)!;
    secret(token);
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
    expect(ws.traceLog()).toContain("infisicalauth0");
    // Output, trace log, state and its backup (decoded private state included): also checked after every test.
    expect(ws.leaks([token, clientSecret, emu.seed.identity.clientSecret])).toEqual([]);
  }, 180_000);
});
