// The client's OIDC, Kubernetes and AWS IAM logins against the emulator over real HTTP (its own OIDC issuer, a fake
// Kubernetes API and a SigV4-checking fake STS on 127.0.0.1): each method logs in once and works, and each refusal
// of issue 11's list comes back in words that name the fix, without the credential.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import {
  clearTokenCache,
  InfisicalClient,
  resolveSettings,
  type InfisicalSettingsInput,
} from "../../provider/infisical";
import { startFakeKubernetes, type FakeKubernetes } from "../emulator/fake-kubernetes";
import { closedPort } from "../emulator/loopback-server";
import { startFakeSts, type FakeSts } from "../emulator/fake-sts";
import { FakeClock, hermeticAwsEnv, kubernetesIdentity, rejection, setProcessEnv } from "./harness";

const REVIEWER = "zz-reviewer-jwt-never-shown";
const SA_TOKEN = "zz-sa-token-ci-deployer-never-shown";
const AWS = hermeticAwsEnv({
  accessKeyId: "AKIAEXAMPLEWORKLOAD01",
  secretAccessKey: "zz-aws-secret-never-shown",
  sessionToken: "zz-aws-session-never-shown",
  region: "us-east-1",
});

let emu: RunningEmulator;
let k8s: FakeKubernetes;
let sts: FakeSts;
let dir: string;
let restoreEnv: () => void;
const clients: InfisicalClient[] = [];

beforeAll(async () => {
  sts = await startFakeSts([
    {
      accessKeyId: AWS.AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS.AWS_SECRET_ACCESS_KEY,
      sessionToken: AWS.AWS_SESSION_TOKEN,
      arn: "arn:aws:sts::123456789012:assumed-role/ci-deployer/gha-run-1",
    },
  ]);
  k8s = await startFakeKubernetes();
  k8s.addReviewer(REVIEWER);
  k8s.addServiceAccount(SA_TOKEN, { namespace: "ci", name: "deployer" });
  emu = await startEmulator({ rateLimit: false, awsStsEndpoint: sts.url });
  dir = mkdtempSync(join(tmpdir(), "workload-identity-"));
  restoreEnv = setProcessEnv(AWS);
});

afterAll(async () => {
  restoreEnv?.();
  await emu?.close();
  await k8s?.close();
  await sts?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  clearTokenCache();
});

function client(opts: InfisicalSettingsInput, env: NodeJS.ProcessEnv = {}): InfisicalClient {
  const c = new InfisicalClient(
    resolveSettings({ host: emu.url, maxRetries: 1, clock: new FakeClock(), ...opts }, env),
  );
  clients.push(c);
  return c;
}

function tokenFile(name: string, token: string): string {
  const file = join(dir, name);
  writeFileSync(file, `${token}\n`);
  return file;
}

describe("each method logs in once and is accepted", () => {
  it("OIDC with the emulator's own issuer (the seed's identity), the JWT from a named variable", async () => {
    const jwt = await emu.admin.mintOidcToken({ sub: "repo:acme/infra:ref:refs/heads/main" });
    const before = await emu.admin.loginCount();
    const c = client(
      {
        authMethod: "oidc",
        identityId: emu.seed.oidc.identityId,
        tokenEnvironmentVariableName: "TFC_WORKLOAD_IDENTITY_TOKEN",
      },
      { TFC_WORKLOAD_IDENTITY_TOKEN: jwt },
    );
    await Promise.all([c.listAuth0Connections(), c.listAuth0Connections(), c.getAppConnectionOptions()]);
    expect((await emu.admin.loginCount()) - before).toBe(1);
  });

  it("Kubernetes from a token file, reviewed by the cluster", async () => {
    const identityId = await kubernetesIdentity(emu, k8s.url, REVIEWER, { allowedNamespaces: "ci" });
    const c = client({ authMethod: "kubernetes", identityId, serviceAccountTokenPath: tokenFile("sa-ok", SA_TOKEN) });
    await c.listAuth0Connections();
    expect(k8s.reviews.at(-1)).toMatchObject({ bearer: REVIEWER, body: { spec: { token: SA_TOKEN } } });
  });

  it("AWS IAM: the SDK-signed request verifies at the fake STS and the assumed role's role ARN is allowed", async () => {
    const { identityId } = await emu.admin.addIdentity();
    await emu.admin.attachAwsAuth(identityId, { allowedPrincipalArns: "arn:aws:iam::123456789012:role/ci-deployer" });
    const c = client({ authMethod: "aws-iam", identityId });
    await c.listAuth0Connections();
    expect(sts.requests.at(-1)?.status).toBe(200);
  });
});

describe("each refusal names its fix", () => {
  async function refusal(opts: InfisicalSettingsInput, env: NodeJS.ProcessEnv = {}) {
    const err = await rejection(() => client(opts, env).listAuth0Connections());
    for (const secret of [
      ...Object.values(env).filter((v): v is string => !!v),
      SA_TOKEN,
      REVIEWER,
      AWS.AWS_SECRET_ACCESS_KEY,
      AWS.AWS_SESSION_TOKEN,
    ]) {
      expect(err.message, "no credential in the error").not.toContain(secret);
    }
    return err;
  }
  const oidc = (identityId: string, jwt: string) =>
    refusal({ authMethod: "oidc", identityId }, { INFISICAL_AUTH_JWT: jwt });

  it("expired JWT", async () => {
    const err = await oidc(emu.seed.oidc.identityId, await emu.admin.mintOidcToken({ expired: true }));
    expect(err).toMatchObject({ reason: "login-rejected", status: 401 });
    expect(err.message).toMatch(
      /: Access denied: jwt expired\. The JWT \(the variable INFISICAL_AUTH_JWT\) has expired\./,
    );
  });

  it("wrong audience", async () => {
    const { identityId } = await emu.admin.addIdentity();
    await emu.admin.attachOidcAuth(identityId, { boundAudiences: "https://github.com/acme" });
    const err = await oidc(identityId, await emu.admin.mintOidcToken({ aud: "https://github.com/other" }));
    expect(err.message).toMatch(
      /OIDC audience not allowed\. The JWT's audience \(aud\) is not among the identity's OIDC Audiences: request the token for an allowed audience/,
    );
  });

  it("wrong issuer", async () => {
    const err = await oidc(
      emu.seed.oidc.identityId,
      await emu.admin.mintOidcToken({ issuer: "https://gitlab.example.com" }),
    );
    expect(err.message).toMatch(
      /jwt issuer invalid\. expected: http:\/\/127\.0\.0\.1:\d+\. The JWT's issuer \(iss\) is not the identity's OIDC Issuer: set the identity's Issuer/,
    );
  });

  it("subject not allowed", async () => {
    const { identityId } = await emu.admin.addIdentity();
    await emu.admin.attachOidcAuth(identityId, { boundSubject: "repo:acme/infra:*" });
    const err = await oidc(identityId, await emu.admin.mintOidcToken({ sub: "repo:acme/other:ref:refs/heads/main" }));
    expect(err).toMatchObject({ status: 403 });
    expect(err.message).toMatch(
      /OIDC subject not allowed\. The JWT's subject \(sub\) does not match the identity's OIDC Subject/,
    );
  });

  it("method not attached to the identity", async () => {
    const { identityId } = await emu.admin.addIdentity();
    const err = await oidc(identityId, await emu.admin.mintOidcToken());
    expect(err).toMatchObject({ status: 404, settings: ["identityId", "jwt"] });
    expect(err.message).toMatch(
      new RegExp(`The machine identity ${identityId} has no OIDC auth \\(or does not exist\\): attach OIDC auth to it`),
    );
  });

  it("unreachable discovery URL", async () => {
    const { identityId } = await emu.admin.addIdentity();
    await emu.admin.attachOidcAuth(identityId, { oidcDiscoveryUrl: `http://127.0.0.1:${await closedPort()}` });
    const err = await oidc(identityId, await emu.admin.mintOidcToken());
    expect(err.message).toMatch(
      /Failed to fetch OIDC discovery document from .*Infisical could not fetch the identity provider's discovery document or keys from the identity's OIDC Discovery URL: correct that URL/,
    );
  });

  it("Kubernetes token rejected", async () => {
    const identityId = await kubernetesIdentity(emu, k8s.url, REVIEWER, { allowedNamespaces: "ci" });
    const err = await refusal({
      authMethod: "kubernetes",
      identityId,
      serviceAccountTokenPath: tokenFile("sa-bad", "zz-unknown-sa-token"),
    });
    expect(err.message).not.toContain("zz-unknown-sa-token");
    expect(err.message).toMatch(
      /invalid bearer token, token lookup failed.*The cluster did not accept the service-account token \(the file .*sa-bad\) in its TokenReview/,
    );
  });

  it("AWS principal not allowed", async () => {
    const { identityId } = await emu.admin.addIdentity();
    await emu.admin.attachAwsAuth(identityId, { allowedPrincipalArns: "arn:aws:iam::123456789012:role/prod-only" });
    const err = await refusal({ authMethod: "aws-iam", identityId });
    expect(err.message).toMatch(
      /AWS principal ARN not allowed\. \[principal-arn=arn:aws:iam::123456789012:role\/ci-deployer\]\. The AWS principal that signed the request is not among the identity's Allowed Principal ARNs: add it/,
    );
  });

  it("unknown INFISICAL_AUTH_METHOD (nothing sent)", async () => {
    const before = (await emu.admin.requests()).length;
    const err = await rejection(async () => client({}, { INFISICAL_AUTH_METHOD: "OIDC", INFISICAL_AUTH_JWT: "x.y.z" }));
    expect(err.message).toMatch(
      /^INFISICAL_AUTH_METHOD is "OIDC": expected one of token, universal, oidc, kubernetes, aws_iam .*did you mean "oidc"/,
    );
    expect((await emu.admin.requests()).length).toBe(before);
  });
});
