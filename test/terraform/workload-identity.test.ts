// The provider block's workload-identity logins through the real terraform binary against the emulator (its own OIDC
// issuer, a fake Kubernetes API and a SigV4-checking fake STS on 127.0.0.1): an apply, a clean plan and a destroy with
// each method; the refusals worded with the attribute or variable to fix; and never a JWT, service-account token, AWS
// secret or access token in terraform's output, its trace log or the state. (Mid-apply expiry:
// workload-identity-expiry.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { startFakeKubernetes, type FakeKubernetes } from "../emulator/fake-kubernetes";
import { startFakeSts, type FakeSts } from "../emulator/fake-sts";
import { hermeticAwsEnv, kubernetesIdentity } from "../client/harness";
import { HEADER, NO_TERRAFORM, Workspace, connectionHcl, ensureProvider, hasTerraform } from "./harness";
import { infisicalEnv, workspaceCredentials } from "./workload";

if (!hasTerraform) console.warn(`terraform workload identity: ${NO_TERRAFORM}`);

const REVIEWER = "zz-tf-reviewer-jwt";
const SA_TOKEN = "zz-tf-sa-token-deployer";
const AWS_SECRET = "zz-tf-aws-secret-access-key";
const AWS_SESSION = "zz-tf-aws-session-token";

/** The provider process must never reach real AWS: credentials from these variables only, no metadata service. */
const AWS_ENV = hermeticAwsEnv({
  accessKeyId: "AKIAEXAMPLETERRAFORM",
  secretAccessKey: AWS_SECRET,
  sessionToken: AWS_SESSION,
  region: "eu-west-1",
});

const provider = (auth: string) => `provider "infisicalauth0" {\n  auth = ${auth}\n}\n`;

function expectNoSecrets(ws: Workspace, secrets: string[]): void {
  expect(ws.traceLog()).toContain("infisicalauth0");
  expect(workspaceCredentials(ws, secrets)).toEqual([]);
}

describe.skipIf(!hasTerraform)("provider auth: OIDC, Kubernetes and AWS IAM", () => {
  let emu: RunningEmulator;
  let k8s: FakeKubernetes;
  let sts: FakeSts;
  let dir: string;
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    await ensureProvider();
    sts = await startFakeSts([
      {
        accessKeyId: AWS_ENV.AWS_ACCESS_KEY_ID,
        secretAccessKey: AWS_SECRET,
        sessionToken: AWS_SESSION,
        arn: "arn:aws:sts::210987654321:assumed-role/terraform-ci/session-1",
      },
    ]);
    k8s = await startFakeKubernetes();
    k8s.addReviewer(REVIEWER);
    k8s.addServiceAccount(SA_TOKEN, { namespace: "ci", name: "deployer" });
    emu = await startEmulator({ rateLimit: false, awsStsEndpoint: sts.url });
    dir = mkdtempSync(join(tmpdir(), "tf-workload-"));
  }, 180_000);

  afterAll(async () => {
    for (const ws of workspaces) ws.close();
    await emu?.close();
    await k8s?.close();
    await sts?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function workspace(env: NodeJS.ProcessEnv = {}): Workspace {
    const ws = new Workspace({ ...infisicalEnv(emu), ...AWS_ENV, ...env }, { trace: true });
    workspaces.push(ws);
    return ws;
  }

  function connection(label: string, name: string): string {
    const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
    return connectionHcl(label, { name, credentials: { domain, clientId, audience }, secret: clientSecret });
  }

  async function lifecycle(ws: Workspace, loginPath: string): Promise<number> {
    await emu.admin.clearRequests();
    for (const args of [
      ["apply", "-auto-approve"],
      ["plan", "-detailed-exitcode"],
      ["destroy", "-auto-approve"],
    ]) {
      const r = await ws.tf(...args);
      expect(r.status, r.out).toBe(0);
    }
    const logins = (await emu.admin.requests()).filter((r) => r.path === loginPath);
    expect(logins.every((l) => l.status === 200)).toBe(true);
    return logins.length;
  }

  it("OIDC: the JWT from the variable named by token_environment_variable_name", async () => {
    const jwt = await emu.admin.mintOidcToken({
      sub: "organization:acme:project:infra:workspace:prod:run_phase:apply",
    });
    const ws = workspace({ TFC_WORKLOAD_IDENTITY_TOKEN: jwt });
    ws.write(
      HEADER +
        provider(
          `{\n    oidc = {\n      identity_id = "${emu.seed.oidc.identityId}"\n` +
            `      token_environment_variable_name = "TFC_WORKLOAD_IDENTITY_TOKEN"\n    }\n  }`,
        ) +
        connection("oidc", "tf-oidc"),
    );
    // One login per provider process that calls Infisical: apply, plan's refresh, destroy's refresh and its delete.
    expect(await lifecycle(ws, "/api/v1/auth/oidc-auth/login")).toBe(4);
    expectNoSecrets(ws, [jwt, emu.seed.auth0.clientSecret]);
  });

  it("Kubernetes: the service-account token from a file", async () => {
    const identityId = await kubernetesIdentity(emu, k8s.url, REVIEWER, {
      allowedNamespaces: "ci",
      allowedNames: "deployer",
    });
    const file = join(dir, "sa-token");
    writeFileSync(file, `${SA_TOKEN}\n`);
    const ws = workspace();
    ws.write(
      HEADER +
        provider(
          `{\n    kubernetes = {\n      identity_id = "${identityId}"\n      service_account_token_path = "${file}"\n    }\n  }`,
        ) +
        connection("k8s", "tf-kubernetes"),
    );
    expect(await lifecycle(ws, "/api/v1/auth/kubernetes-auth/login")).toBeGreaterThanOrEqual(1);
    expect(k8s.reviews.some((r) => r.body.spec?.token === SA_TOKEN)).toBe(true);
    expectNoSecrets(ws, [SA_TOKEN, REVIEWER]);
  });

  it("AWS IAM: the AWS_* variables' credentials sign a request the fake STS verifies", async () => {
    const { identityId } = await emu.admin.addIdentity();
    await emu.admin.attachAwsAuth(identityId, { allowedPrincipalArns: "arn:aws:iam::210987654321:role/terraform-ci" });
    const ws = workspace();
    ws.write(HEADER + provider(`{ aws_iam = { identity_id = "${identityId}" } }`) + connection("aws", "tf-aws-iam"));
    const before = sts.requests.length;
    expect(await lifecycle(ws, "/api/v1/auth/aws-auth/login")).toBeGreaterThanOrEqual(1);
    expect(sts.requests.slice(before).every((r) => r.status === 200)).toBe(true);
    expectNoSecrets(ws, [AWS_SECRET, AWS_SESSION]);
  });

  describe("refusals name the attribute or variable to fix", () => {
    const flat = (text: string) => text.replace(/\s+/g, " ");

    it("more than one method in the auth block: a validate error on the block", async () => {
      const ws = workspace();
      ws.write(
        HEADER +
          provider(`{\n    oidc = { identity_id = "x" }\n    token = "t"\n  }`) +
          connection("c", "tf-two-methods"),
      );
      const r = await ws.tf("validate");
      expect(r.status).toBe(1);
      expect(flat(r.out)).toContain(
        "The auth block sets auth.oidc and auth.token: set exactly one login method, oidc, universal, kubernetes, " +
          "aws_iam or token.",
      );
      expect(r.out).toMatch(/on main\.tf line \d+, in provider "infisicalauth0":\s+\d+:\s+auth = \{/);
    });

    it("validate passes with the JWT variable absent (it comes at run time)", async () => {
      const ws = workspace();
      ws.write(
        HEADER +
          provider(
            `{ oidc = { identity_id = "x", token_environment_variable_name = "TFC_WORKLOAD_IDENTITY_TOKEN" } }`,
          ) +
          connection("c", "tf-validate-oidc"),
      );
      const r = await ws.tf("validate");
      expect(r.status, r.out).toBe(0);
    });

    it("an expired JWT, a method not attached, an unknown INFISICAL_AUTH_METHOD: each says what to do", async () => {
      const expired = await emu.admin.mintOidcToken({ expired: true });
      const oidcBlock = (id: string) => `{ oidc = { identity_id = "${id}" } }`;
      const ws = workspace({ INFISICAL_AUTH_JWT: expired });
      ws.write(HEADER + provider(oidcBlock(emu.seed.oidc.identityId)) + connection("c", "tf-expired"));
      const exp = await ws.tf("apply", "-auto-approve");
      expect(exp.status).toBe(1);
      expect(flat(exp.out)).toMatch(
        /refused the OIDC login of machine identity [0-9a-f-]+: Access denied: jwt expired\. The JWT \(the variable INFISICAL_AUTH_JWT\) has expired\. CI ID tokens live minutes/,
      );
      expect(flat(exp.out)).toContain("auth.oidc.github_actions_audience in GitHub Actions");

      const { identityId } = await emu.admin.addIdentity();
      const fresh = await emu.admin.mintOidcToken();
      const ws2 = workspace({ INFISICAL_AUTH_JWT: fresh });
      ws2.write(HEADER + provider(oidcBlock(identityId)) + connection("c", "tf-not-attached"));
      const na = await ws2.tf("apply", "-auto-approve");
      expect(na.status).toBe(1);
      expect(flat(na.out)).toContain(
        `The machine identity ${identityId} has no OIDC auth (or does not exist): attach OIDC auth to it`,
      );
      expect(flat(na.out)).toContain("or check auth.oidc.identity_id (or INFISICAL_MACHINE_IDENTITY_ID).");

      const ws3 = workspace({ INFISICAL_AUTH_METHOD: "AWS_IAM", INFISICAL_MACHINE_IDENTITY_ID: identityId });
      ws3.write(`${HEADER}provider "infisicalauth0" {}\n${connection("c", "tf-unknown-method")}`);
      const um = await ws3.tf("apply", "-auto-approve");
      expect(um.status).toBe(1);
      expect(flat(um.out)).toContain(
        "INFISICAL_AUTH_METHOD (or an auth.oidc, auth.universal, auth.kubernetes, auth.aws_iam or auth.token block) is " +
          '"AWS_IAM": expected one of token, universal, oidc, kubernetes, aws_iam (lower case, as Infisical\'s ' +
          'Terraform provider reads it) (did you mean "aws_iam"?)',
      );
      for (const w of [ws, ws2, ws3]) expectNoSecrets(w, [expired, fresh]);
      expect((await emu.admin.connections()).some((c) => c.name.startsWith("tf-"))).toBe(false);
    });
  });
});
