// `terraform validate` and provider configuration errors: the core's rules with the attribute's path, so the CLI
// points at the attribute's line; the provider block's errors name the attribute or the environment variable.
import { describe, expect } from "vitest";
import { terraformTest } from "../support/terraform-test";
import { HEADER, NO_TERRAFORM, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform validate: ${NO_TERRAFORM}`);

const SECRET = "validate-secret-6b1f03";
const NO_CREDENTIALS = {
  INFISICAL_HOST: "",
  INFISICAL_TOKEN: "",
  INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "",
  INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "",
};

/** One diagnostic: from `Error: <summary>` up to the next diagnostic. */
function block(out: string, summary: string): string {
  const start = out.indexOf(`Error: ${summary}\n`);
  expect(start, out).toBeGreaterThanOrEqual(0);
  const next = out.slice(start + 1).search(/\n(Error|Warning): /);
  return next < 0 ? out.slice(start) : out.slice(start, start + 1 + next);
}

// Each test its own workspace, with no Infisical credentials at all.
const { it } = terraformTest({ env: () => NO_CREDENTIALS, trace: false });

describe.skipIf(!hasTerraform)("validation with terraform", () => {
  it("reports each invalid attribute at its own line, without echoing the secret", async ({ ws }) => {
    ws.write(`${HEADER}
provider "infisicalauth0" {}

resource "infisicalauth0_app_connection" "bad" {
  name        = "Bad Name!"
  project_id  = ""
  credentials = {
    domain        = "tenant.auth0.com"
    client_id     = "abc"
    audience      = "not a url"
    client_secret = "${SECRET}"
  }
}

resource "infisicalauth0_app_connection" "forms" {
  name = "forms"
  credentials = {
    domain           = "tenant.auth0.com"
    client_id        = "abc"
    audience         = "https://tenant.auth0.com/api/v2/"
    client_secret    = "${SECRET}"
    client_secret_wo = "${SECRET}"
  }
}

resource "infisicalauth0_app_connection" "none" {
  name = "none"
  credentials = {
    domain    = "tenant.auth0.com"
    client_id = "abc"
    audience  = "https://tenant.auth0.com/api/v2/"
  }
}
`);
    const r = await ws.tf("validate");
    expect(r.status).toBe(1);
    const name = block(r.out, "Invalid name");
    expect(name).toContain("name field can only contain lowercase letters, numbers, and hyphens");
    expect(name).toContain('try "bad-name"');
    expect(name).toMatch(/\d+:\s+name\s+= "Bad Name!"/);
    const audience = block(r.out, "Invalid credentials.audience");
    expect(audience).toContain("Invalid url");
    expect(audience).toContain("with infisicalauth0_app_connection.bad");
    // For an attribute inside a nested object Terraform 1.11 shows the resource's line; the summary names it.
    expect(audience).toMatch(/on main\.tf line \d+, in resource "infisicalauth0_app_connection" "bad"/);
    const project = block(r.out, "Invalid project_id");
    expect(project).toContain("project_id must not be empty");
    expect(project).toMatch(/\d+:\s+project_id\s+= ""/);
    expect(block(r.out, "Conflicting client secret attributes")).toContain("with infisicalauth0_app_connection.forms");
    expect(block(r.out, "Missing client_secret_wo_version")).toContain("client_secret_wo_version is required");
    expect(block(r.out, "Missing client secret")).toContain("with infisicalauth0_app_connection.none");
    expect(r.out).not.toContain(SECRET);
  }, 120_000);

  it("passes a valid configuration without Infisical credentials in the environment", async ({ ws }) => {
    ws.write(`${HEADER}
variable "secret" {
  type      = string
  sensitive = true
}
resource "infisicalauth0_app_connection" "ok" {
  name = "ok"
  credentials = {
    domain        = "tenant.auth0.com"
    client_id     = "abc"
    audience      = "https://tenant.auth0.com/api/v2/"
    client_secret = var.secret
  }
}
`);
    const r = await ws.tf("validate");
    expect(r.status, r.out).toBe(0);
  }, 120_000);

  it("names the provider attribute or environment variable at fault", async ({ ws }) => {
    const resource = `resource "infisicalauth0_app_connection" "c" {
  name = "c"
  credentials = {
    domain        = "tenant.auth0.com"
    client_id     = "abc"
    audience      = "https://tenant.auth0.com/api/v2/"
    client_secret = "${SECRET}"
  }
}
`;
    ws.write(`${HEADER}provider "infisicalauth0" {\n  host = "ftp://infisical.example.com"\n}\n${resource}`);
    const host = await ws.tf("validate");
    expect(host.status).toBe(1);
    // Terraform wraps long diagnostics: compare with whitespace collapsed.
    const flat = (text: string) => text.replace(/\s+/g, " ");
    expect(flat(block(host.out, "Invalid Infisical provider configuration"))).toContain(
      "host (or INFISICAL_HOST) must use http or https",
    );
    expect(host.out).toMatch(/\d+:\s+host = "ftp:\/\/infisical.example.com"/);

    ws.write(
      `${HEADER}provider "infisicalauth0" {\n  auth = {\n    universal = { client_id = "only-the-id" }\n  }\n}\n${resource}`,
    );
    const half = await ws.tf("plan");
    expect(half.status).toBe(1);
    expect(flat(half.out)).toContain(
      "auth.universal.client_secret (or INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET) is missing while " +
        "auth.universal.client_id (or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID) is set",
    );

    ws.write(`${HEADER}provider "infisicalauth0" {}\n${resource}`);
    const none = await ws.tf("plan");
    expect(none.status).toBe(1);
    expect(none.out).toContain("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
    expect(flat(none.out)).toContain(
      "No Infisical credentials: set auth.token (or INFISICAL_TOKEN), or auth.universal.client_id " +
        "(or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID) and auth.universal.client_secret",
    );
    expect(flat(none.out)).toContain(
      "or, to log in with a workload identity (oidc, kubernetes or aws_iam), set INFISICAL_AUTH_METHOD",
    );
    expect(`${host.out}${half.out}${none.out}`).not.toContain(SECRET);
  }, 120_000);
});
