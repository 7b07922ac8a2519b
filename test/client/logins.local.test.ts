// The workload-identity logins against small local fakes on 127.0.0.1 (a fake Infisical, a fake GitHub Actions token
// service): the request each login sends, credentials read again at every login, one login per process and
// identity, refusals remembered per credential, and the words of each refusal. The emulator-backed proofs are in
// test/terraform/workload-identity.test.ts and test/pulumi/workload-identity.test.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  clearTokenCache,
  InfisicalClient,
  resolveSettings,
  type InfisicalSettingsInput,
} from "../../provider/infisical";
import { FakeClock, hermeticAwsEnv, localServer, rejection, setProcessEnv, type LocalServer } from "./harness";

const ID = "0f0e0d0c-1111-4222-8333-444455556666";
const OPTIONS = JSON.stringify({ appConnectionOptions: [] });

interface Login {
  path: string;
  body: Record<string, unknown>;
}

/** What the fake Infisical answers to a login: 200 with a token (TTL 60 s), or an error envelope. */
type Verdict = { ok: true } | { status: number; error: string; message: string };

/** A fake Infisical: records logins, answers them with `verdict`, and serves the options route to a valid token. */
class FakeInfisical {
  logins: Login[] = [];
  issued = 0;
  /** Tokens numbered up to this one are refused (revoked). */
  private revokedUpTo = 0;
  verdict: (login: Login) => Verdict = () => ({ ok: true });
  server!: LocalServer;

  async start(): Promise<this> {
    this.server = await localServer((req, res, _n, body) => this.handle(req, res, body));
    return this;
  }

  revokeIssued(): void {
    this.revokedUpTo = this.issued;
  }

  private accepts(authorization: string | undefined): boolean {
    const n = Number(/^Bearer at-(\d+)-zz$/.exec(authorization ?? "")?.[1] ?? 0);
    return n > this.revokedUpTo;
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (req.method === "POST" && req.url?.endsWith("/login")) {
      const login = { path: req.url, body: JSON.parse(body) as Record<string, unknown> };
      this.logins.push(login);
      const v = this.verdict(login);
      if ("ok" in v) {
        this.issued += 1;
        json(200, { accessToken: `at-${this.issued}-zz`, expiresIn: 60, accessTokenMaxTTL: 60, tokenType: "Bearer" });
      } else {
        json(v.status, { reqId: "req-1", statusCode: v.status, error: v.error, message: v.message });
      }
      return;
    }
    if (req.url === "/api/v1/app-connections/options" && this.accepts(req.headers.authorization)) {
      res.writeHead(200, { "content-type": "application/json" }).end(OPTIONS);
      return;
    }
    json(401, { reqId: "req-2", statusCode: 401, error: "UnauthorizedError", message: "Token missing" });
  }
}

let infisical: FakeInfisical;
let dir: string;
const clients: InfisicalClient[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "auth-logins-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await infisical?.server.close();
  clearTokenCache();
});

async function fake(): Promise<FakeInfisical> {
  infisical = await new FakeInfisical().start();
  return infisical;
}

function client(opts: InfisicalSettingsInput, env: NodeJS.ProcessEnv = {}): InfisicalClient {
  const c = new InfisicalClient(
    resolveSettings({ host: infisical.server.url, maxRetries: 1, clock: new FakeClock(), ...opts }, env),
  );
  clients.push(c);
  return c;
}

describe("the login requests", () => {
  it("OIDC posts the identity ID and the JWT (and organizationSlug only when set) to the OIDC route", async () => {
    await fake();
    const env = { INFISICAL_AUTH_METHOD: "oidc", INFISICAL_MACHINE_IDENTITY_ID: ID, INFISICAL_AUTH_JWT: "h.p.s1" };
    await client({}, env).getAppConnectionOptions();
    await client({ organizationSlug: "acme-sub" }, env).getAppConnectionOptions();
    expect(infisical.logins).toEqual([
      { path: "/api/v1/auth/oidc-auth/login", body: { identityId: ID, jwt: "h.p.s1" } },
      { path: "/api/v1/auth/oidc-auth/login", body: { identityId: ID, jwt: "h.p.s1", organizationSlug: "acme-sub" } },
    ]);
  });

  it("Kubernetes posts the service-account token (the file's content, trimmed) to the Kubernetes route", async () => {
    await fake();
    const file = join(dir, "token-shape");
    writeFileSync(file, "sa.token.one\n");
    await client({ authMethod: "kubernetes", identityId: ID, serviceAccountTokenPath: file }).getAppConnectionOptions();
    expect(infisical.logins).toEqual([
      { path: "/api/v1/auth/kubernetes-auth/login", body: { identityId: ID, jwt: "sa.token.one" } },
    ]);
  });

  it("universal auth sends organizationSlug when set", async () => {
    await fake();
    await client({ clientId: "cid", clientSecret: "csecret-zz", organizationSlug: "sub" }).getAppConnectionOptions();
    expect(infisical.logins[0]).toEqual({
      path: "/api/v1/auth/universal-auth/login",
      body: { clientId: "cid", clientSecret: "csecret-zz", organizationSlug: "sub" },
    });
  });
});

describe("short-lived credentials are read again at every login", () => {
  it("a rewritten service-account token file is the one the next login presents", async () => {
    await fake();
    const file = join(dir, "token-rotating");
    writeFileSync(file, "sa.token.first");
    const clock = new FakeClock();
    const c = client({ authMethod: "kubernetes", identityId: ID, serviceAccountTokenPath: file, clock });
    await c.getAppConnectionOptions();
    await c.getAppConnectionOptions();
    expect(infisical.logins).toHaveLength(1);
    writeFileSync(file, "sa.token.second");
    clock.advance(31_000); // the 60 s access token is renewed with half of it left
    await c.getAppConnectionOptions();
    expect(infisical.logins.map((l) => l.body.jwt)).toEqual(["sa.token.first", "sa.token.second"]);
  });

  it("a variable changed in the process (a long-lived Pulumi program) is read again", async () => {
    await fake();
    const env: NodeJS.ProcessEnv = {
      INFISICAL_AUTH_METHOD: "oidc",
      INFISICAL_MACHINE_IDENTITY_ID: ID,
      CI_JWT: "j.w.1",
    };
    const clock = new FakeClock();
    const c = client({ tokenEnvironmentVariableName: "CI_JWT", clock }, env);
    await c.getAppConnectionOptions();
    env.CI_JWT = "j.w.2";
    clock.advance(31_000);
    await c.getAppConnectionOptions();
    expect(infisical.logins.map((l) => l.body.jwt)).toEqual(["j.w.1", "j.w.2"]);
  });

  it("an access token Infisical refuses (expired early) makes one re-login with the current credential", async () => {
    await fake();
    const file = join(dir, "token-refused");
    writeFileSync(file, "sa.token.a");
    const c = client({ authMethod: "kubernetes", identityId: ID, serviceAccountTokenPath: file });
    await c.getAppConnectionOptions();
    writeFileSync(file, "sa.token.b");
    // The server forgets every token it issued: the next request gets a 401 and must log in again.
    infisical.revokeIssued();
    await c.getAppConnectionOptions();
    expect(infisical.logins.map((l) => l.body.jwt)).toEqual(["sa.token.a", "sa.token.b"]);
  });
});

describe("a token file caught mid-rewrite", () => {
  it("an empty file is read again after a pause; one that stays empty is an error", async () => {
    await fake();
    const file = join(dir, "token-rewritten");
    writeFileSync(file, "");
    // The writer finishes while the client pauses.
    const clock = new FakeClock();
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (ms, signal) => {
      writeFileSync(file, "sa.token.complete");
      return sleep(ms, signal);
    };
    await client({
      authMethod: "kubernetes",
      identityId: ID,
      serviceAccountTokenPath: file,
      clock,
    }).getAppConnectionOptions();
    expect(infisical.logins.map((l) => l.body.jwt)).toEqual(["sa.token.complete"]);
    expect(clock.sleeps).toEqual([100]);

    const empty = join(dir, "token-empty");
    writeFileSync(empty, "\n");
    const still = new FakeClock();
    const err = await rejection(() =>
      client({
        authMethod: "kubernetes",
        identityId: ID,
        serviceAccountTokenPath: empty,
        clock: still,
      }).getAppConnectionOptions(),
    );
    expect(err).toMatchObject({ kind: "config", settings: ["serviceAccountTokenPath"] });
    expect(err.message).toBe(`Kubernetes auth of machine identity ${ID}: the file ${empty} is empty`);
    expect(still.sleeps).toEqual([100, 100]);
  });
});

describe("one login per process and identity; a refusal remembered per credential", () => {
  it("40 concurrent requests of 4 clients with the same identity and source log in once", async () => {
    await fake();
    const file = join(dir, "token-shared");
    writeFileSync(file, "sa.token.shared");
    const opts = { authMethod: "kubernetes", identityId: ID, serviceAccountTokenPath: file };
    const cs = [client(opts), client(opts), client(opts), client(opts)];
    await Promise.all(Array.from({ length: 40 }, (_, i) => cs[i % 4]!.getAppConnectionOptions()));
    expect(infisical.logins).toHaveLength(1);
  });

  it("an expired JWT is refused once; the same JWT is not sent again; a refreshed one is", async () => {
    const f = await fake();
    f.verdict = (l) =>
      l.body.jwt === "expired.jwt.x"
        ? { status: 401, error: "UnauthorizedError", message: "Access denied: jwt expired" }
        : { ok: true };
    const file = join(dir, "token-expired");
    writeFileSync(file, "expired.jwt.x");
    const c = client({ authMethod: "kubernetes", identityId: ID, serviceAccountTokenPath: file });
    const first = await rejection(() => c.getAppConnectionOptions());
    expect(first).toMatchObject({ reason: "login-rejected", status: 401 });
    const errors = await Promise.all(Array.from({ length: 5 }, () => rejection(() => c.getAppConnectionOptions())));
    expect(errors.every((e) => e.reason === "login-failed-earlier")).toBe(true);
    expect(f.logins).toHaveLength(1);
    writeFileSync(file, "fresh.jwt.y");
    await c.getAppConnectionOptions();
    expect(f.logins.map((l) => l.body.jwt)).toEqual(["expired.jwt.x", "fresh.jwt.y"]);
  });

  it("an unreadable token file is a config error naming the file and the settings, and is not remembered", async () => {
    await fake();
    const file = join(dir, "token-later");
    const c = client({ authMethod: "kubernetes", identityId: ID, serviceAccountTokenPath: file });
    const err = await rejection(() => c.getAppConnectionOptions());
    expect(err).toMatchObject({ kind: "config", reason: "config", settings: ["serviceAccountTokenPath"] });
    expect(err.message).toBe(
      `Kubernetes auth of machine identity ${ID}: cannot read the file ${file} (no such file). Set the ` +
        `serviceAccountTokenPath option or INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH to the token's file, or ` +
        `the serviceAccountToken option or INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN to the token itself`,
    );
    writeFileSync(file, "sa.appeared");
    await c.getAppConnectionOptions();
    expect(infisical.logins).toHaveLength(1);
  });
});

describe("each refusal names its fix, and never a credential", () => {
  const cases: { name: string; status: number; error: string; message: string; fix: RegExp }[] = [
    {
      name: "method not attached to the identity",
      status: 404,
      error: "NotFound",
      message: "OIDC auth method not found for identity, did you configure OIDC auth?",
      fix: /has no OIDC auth \(or does not exist\): attach OIDC auth to it .*, or check the identityId option/,
    },
    {
      name: "expired JWT",
      status: 401,
      error: "UnauthorizedError",
      message: "Access denied: jwt expired",
      fix: /The JWT \(the variable CI_JWT\) has expired\. CI ID tokens live minutes/,
    },
    {
      name: "wrong issuer",
      status: 401,
      error: "UnauthorizedError",
      message: "Access denied: jwt issuer invalid. expected: https://token.actions.githubusercontent.com",
      fix: /set the identity's Issuer to the token's iss exactly/,
    },
    {
      name: "subject not allowed",
      status: 403,
      error: "ForbiddenError",
      message: "Access denied: OIDC subject not allowed.",
      fix: /change the identity's Subject to match it \(a glob in which \* does not cross "\/"/,
    },
    {
      name: "wrong audience",
      status: 401,
      error: "UnauthorizedError",
      message: "Access denied: OIDC audience not allowed.",
      fix: /request the token for an allowed audience \(HCP Terraform: TFC_WORKLOAD_IDENTITY_AUDIENCE/,
    },
    {
      name: "unreachable discovery URL",
      status: 401,
      error: "UnauthorizedError",
      message:
        "Access denied: Failed to fetch OIDC discovery document from http://10.9.9.9/.well-known/openid-configuration. connect ECONNREFUSED",
      fix: /could not fetch the identity provider's discovery document or keys .* correct that URL/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const f = await fake();
      f.verdict = () => ({ status: c.status, error: c.error, message: c.message });
      const jwt = "eyJhbGciOi.secret-payload.sig";
      const err = await rejection(() =>
        client(
          { authMethod: "oidc", identityId: ID, tokenEnvironmentVariableName: "CI_JWT" },
          { CI_JWT: jwt },
        ).getAppConnectionOptions(),
      );
      expect(err).toMatchObject({ reason: "login-rejected", status: c.status, settings: ["identityId", "jwt"] });
      expect(err.message).toContain(
        `refused the OIDC login of machine identity ${ID}: ${c.message.replace(/\.$/, "")}. `,
      );
      expect(err.message).toMatch(c.fix);
      expect(err.message).not.toContain(jwt);
    });
  }

  it("Kubernetes token rejected by the cluster's TokenReview", async () => {
    const f = await fake();
    f.verdict = () => ({
      status: 401,
      error: "KubernetesTokenReviewError",
      message: "Kubernetes token not authenticated",
    });
    const err = await rejection(() =>
      client({
        authMethod: "kubernetes",
        identityId: ID,
        serviceAccountToken: "sa.secret.tok",
      }).getAppConnectionOptions(),
    );
    expect(err.message).toMatch(
      /refused the Kubernetes login .*: Kubernetes token not authenticated\. The cluster did not accept the service-account token \(the serviceAccountToken option or INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN\) in its TokenReview/,
    );
    expect(err.message).toContain("system:auth-delegator");
    expect(err.message).not.toContain("sa.secret.tok");
  });

  it("wording names the caller's settings (contract 3)", async () => {
    const f = await fake();
    f.verdict = () => ({
      status: 404,
      error: "NotFound",
      message: "Kubernetes auth method not found for identity, did you configure Kubernetes auth?",
    });
    const settingName = (k: string) => `<${k}>`;
    const err = await rejection(() =>
      client({
        authMethod: "kubernetes",
        identityId: ID,
        serviceAccountToken: "t.o.k",
        settingName,
      }).getAppConnectionOptions(),
    );
    expect(err.message).toMatch(/attach Kubernetes auth to it .*, or check <identityId>\.$/);
  });
});

describe("GitHub Actions: a fresh ID token for the configured audience at every login", () => {
  let gha: LocalServer;
  let fetches: { audience: string | null; authorization: string | undefined }[];
  let status = 200;
  beforeAll(async () => {
    gha = await localServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      fetches.push({ audience: url.searchParams.get("audience"), authorization: req.headers.authorization });
      if (status !== 200 || url.searchParams.get("api-version") !== "2.0") {
        res.writeHead(status === 200 ? 400 : status).end("{}");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ value: `gha.jwt.${fetches.length}` }));
    });
  });
  afterAll(() => gha.close());
  afterEach(() => {
    status = 200;
  });

  const env = () => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: `${gha.url}/_apis/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "rt-request-token-zz",
  });

  it("fetches with the request token and the audience, and a new token for each login", async () => {
    fetches = [];
    await fake();
    const clock = new FakeClock();
    const c = client(
      { authMethod: "oidc", identityId: ID, githubActionsAudience: "https://github.com/acme", clock },
      env(),
    );
    await c.getAppConnectionOptions();
    await c.getAppConnectionOptions();
    clock.advance(31_000);
    await c.getAppConnectionOptions();
    expect(fetches).toEqual([
      { audience: "https://github.com/acme", authorization: "Bearer rt-request-token-zz" },
      { audience: "https://github.com/acme", authorization: "Bearer rt-request-token-zz" },
    ]);
    expect(infisical.logins.map((l) => l.body)).toEqual([
      { identityId: ID, jwt: "gha.jwt.1" },
      { identityId: ID, jwt: "gha.jwt.2" },
    ]);
  });

  it("a refused login is not fetched and sent again for the same audience", async () => {
    fetches = [];
    const f = await fake();
    f.verdict = () => ({
      status: 401,
      error: "UnauthorizedError",
      message: "Access denied: OIDC audience not allowed.",
    });
    const c = client({ authMethod: "oidc", identityId: ID, githubActionsAudience: "wrong-aud" }, env());
    for (let i = 0; i < 4; i++) await rejection(() => c.getAppConnectionOptions());
    expect(fetches).toHaveLength(1);
    expect(f.logins).toHaveLength(1);
  });

  it("the token service failing: the job's permission named, the request token never shown", async () => {
    fetches = [];
    await fake();
    status = 403;
    const err = await rejection(() =>
      client({ authMethod: "oidc", identityId: ID, githubActionsAudience: "aud" }, env()).getAppConnectionOptions(),
    );
    expect(err.message).toMatch(
      /Could not get a GitHub Actions ID token for audience "aud" from .*: HTTP 403\. The job needs "permissions: id-token: write"/,
    );
    expect(err.message).not.toContain("rt-request-token-zz");
    expect(infisical.logins).toHaveLength(0);
  });
});

describe("AWS IAM: a signed sts:GetCallerIdentity request from the AWS default chain", () => {
  const AWS = hermeticAwsEnv({
    accessKeyId: "AKIAEXAMPLEKEYID0001",
    secretAccessKey: "zz-aws-secret-access-key-never-shown",
    sessionToken: "zz-aws-session-token-never-shown",
    region: "eu-central-1",
  });
  let restore: () => void;
  beforeAll(() => {
    restore = setProcessEnv(AWS);
  });
  afterAll(() => restore());

  it("sends the request exactly as Infisical's SDKs build it, base64-encoded, signed for the region", async () => {
    await fake();
    await client({ authMethod: "aws-iam", identityId: ID }).getAppConnectionOptions();
    const [login] = infisical.logins;
    expect(login?.path).toBe("/api/v1/auth/aws-auth/login");
    const body = login!.body as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual([
      "iamHttpRequestMethod",
      "iamRequestBody",
      "iamRequestHeaders",
      "identityId",
    ]);
    expect(body.iamHttpRequestMethod).toBe("POST");
    expect(Buffer.from(body.iamRequestBody!, "base64").toString()).toBe("Action=GetCallerIdentity&Version=2011-06-15");
    const headers = JSON.parse(Buffer.from(body.iamRequestHeaders!, "base64").toString()) as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual([
      "Authorization",
      "Content-Length",
      "Content-Type",
      "Host",
      "X-Amz-Date",
      "X-Amz-Security-Token",
    ]);
    expect(headers).toMatchObject({
      Host: "sts.eu-central-1.amazonaws.com",
      "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
      "Content-Length": "43",
      "X-Amz-Security-Token": AWS.AWS_SESSION_TOKEN,
    });
    expect(headers.Authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEKEYID0001\/\d{8}\/eu-central-1\/sts\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.stringify(infisical.logins)).not.toContain(AWS.AWS_SECRET_ACCESS_KEY);
  });

  it("a principal not allowed: the fix named, no AWS secret in the error", async () => {
    const f = await fake();
    f.verdict = () => ({
      status: 401,
      error: "UnauthorizedError",
      message: "Access denied: AWS principal ARN not allowed. [principal-arn=arn:aws:iam::123456789012:user/ci]",
    });
    const err = await rejection(() => client({ authMethod: "aws-iam", identityId: ID }).getAppConnectionOptions());
    expect(err.message).toMatch(
      /refused the AWS IAM login .*principal-arn=arn:aws:iam::123456789012:user\/ci\]\. The AWS principal that signed the request is not among the identity's Allowed Principal ARNs: add it/,
    );
    for (const s of [AWS.AWS_SECRET_ACCESS_KEY, AWS.AWS_SESSION_TOKEN]) expect(err.message).not.toContain(s);
  });

  it("no credentials or no region: a config error naming the AWS variables, nothing sent", async () => {
    await fake();
    setProcessEnv({ AWS_ACCESS_KEY_ID: "" });
    try {
      const err = await rejection(() => client({ authMethod: "aws-iam", identityId: ID }).getAppConnectionOptions());
      expect(err).toMatchObject({ kind: "config", reason: "config" });
      expect(err.message).toMatch(
        /found none \(Could not load credentials from any providers\)\. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
      );
      setProcessEnv({ AWS_ACCESS_KEY_ID: AWS.AWS_ACCESS_KEY_ID, AWS_REGION: "" });
      clearTokenCache();
      const noRegion = await rejection(() =>
        client({ authMethod: "aws-iam", identityId: ID }).getAppConnectionOptions(),
      );
      expect(noRegion.message).toMatch(/set AWS_REGION\.$/);
      expect(infisical.logins).toHaveLength(0);
    } finally {
      setProcessEnv(AWS);
    }
  });
});
