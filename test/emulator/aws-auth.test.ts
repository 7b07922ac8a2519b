import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type AwsAuthInput, type RunningEmulator } from "../../emulator/index";
import { parseCli, UsageError } from "../../emulator/cli-args";
import { AUTH0, api } from "./helpers";
import { signGetCallerIdentity, startFakeSts, type FakeAwsPrincipal, type FakeSts } from "./fake-sts";

const LOGIN = "/api/v1/auth/aws-auth/login";
const ACCOUNT = "123456789012";
const USER: FakeAwsPrincipal = {
  accessKeyId: "AKIAUSEREXAMPLE00001",
  secretAccessKey: "user-secret-access-key-example-0000000001",
  arn: `arn:aws:iam::${ACCOUNT}:user/deployer`,
};
const ROLE: FakeAwsPrincipal = {
  accessKeyId: "ASIAROLEEXAMPLE00002",
  secretAccessKey: "role-secret-access-key-example-0000000002",
  sessionToken: "role-session-token-example",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/gha-run-42`,
};
const ROOT: FakeAwsPrincipal = {
  accessKeyId: "AKIAROOTEXAMPLE00003",
  secretAccessKey: "root-secret-access-key-example-0000000003",
  arn: `arn:aws:iam::${ACCOUNT}:root`,
};
const OTHER_ACCOUNT: FakeAwsPrincipal = {
  accessKeyId: "AKIAOTHEREXAMPLE0004",
  secretAccessKey: "other-secret-access-key-example-00000004",
  arn: "arn:aws:iam::210987654321:user/deployer",
};

describe("emulator AWS IAM login", () => {
  let em: RunningEmulator;
  let sts: FakeSts;

  beforeAll(async () => {
    sts = await startFakeSts([USER, ROLE, ROOT, OTHER_ACCOUNT]);
    em = await startEmulator({ rateLimit: false, awsStsEndpoint: sts.url });
  });
  afterAll(async () => {
    await em?.close();
    await sts?.close();
  });

  const login = async (identityId: string, principal: FakeAwsPrincipal, region = "us-east-1") =>
    api(em.url, "POST", LOGIN, { body: { identityId, ...(await signGetCallerIdentity(principal, region)) } });

  async function identityWith(config: AwsAuthInput = {}) {
    const { identityId } = await em.admin.addIdentity();
    await em.admin.attachAwsAuth(identityId, config);
    return identityId;
  }

  function expectError(
    res: { status: number; body: { error: string; message: string } },
    status: number,
    message: string,
  ) {
    const error = { 400: "BadRequest", 401: "UnauthorizedError", 404: "NotFound", 500: "InternalServerError" }[status];
    expect({ status: res.status, error: res.body.error, message: res.body.message }).toEqual({
      status,
      error,
      message,
    });
  }

  it("replays the signed request to the STS endpoint option (signature checked), and the token it gets works", async () => {
    const identityId = await identityWith({ allowedAccountIds: ACCOUNT, accessTokenTTL: 900, accessTokenMaxTTL: 3600 });
    sts.requests.length = 0;
    const res = await login(identityId, USER, "eu-west-1");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expiresIn: 900, accessTokenMaxTTL: 3600, tokenType: "Bearer" });
    expect(sts.requests).toHaveLength(1);
    expect(sts.requests[0]).toMatchObject({
      method: "POST",
      status: 200,
      body: "Action=GetCallerIdentity&Version=2011-06-15",
      headers: expect.objectContaining({
        host: "sts.eu-west-1.amazonaws.com",
        accept: expect.stringContaining("json"),
      }),
    });
    expect((await api(em.url, "GET", AUTH0, { token: res.body.accessToken })).status).toBe(200);
  });

  it("accepts temporary credentials (a signed session token) and matches an assumed role as its IAM role", async () => {
    const identityId = await identityWith({ allowedPrincipalArns: `arn:aws:iam::${ACCOUNT}:role/ci` });
    expect((await login(identityId, ROLE)).status).toBe(200);
    expect(
      (await login(await identityWith({ allowedPrincipalArns: `arn:aws:iam::${ACCOUNT}:role/*` }), ROLE)).status,
    ).toBe(200);
    expectError(
      await login(await identityWith({ allowedPrincipalArns: `arn:aws:iam::${ACCOUNT}:role/deploy` }), ROLE),
      401,
      `Access denied: AWS principal ARN not allowed. [principal-arn=arn:aws:iam::${ACCOUNT}:role/ci]`,
    );
  });

  it("matches principal ARNs with `*` and refuses others, naming the normalised ARN", async () => {
    const wildcard = await identityWith({
      allowedPrincipalArns: `arn:aws:iam::${ACCOUNT}:user/*, arn:aws:iam::${ACCOUNT}:role/x`,
    });
    expect((await login(wildcard, USER)).status).toBe(200);
    expectError(
      await login(await identityWith({ allowedPrincipalArns: `arn:aws:iam::${ACCOUNT}:user/admin` }), USER),
      401,
      `Access denied: AWS principal ARN not allowed. [principal-arn=arn:aws:iam::${ACCOUNT}:user/deployer]`,
    );
  });

  it("refuses an account not in allowedAccountIds, and an account root principal", async () => {
    expectError(
      await login(await identityWith({ allowedAccountIds: `${ACCOUNT}, 111111111111` }), OTHER_ACCOUNT),
      401,
      "Access denied: AWS account ID not allowed.",
    );
    expectError(
      await login(await identityWith({ allowedAccountIds: ACCOUNT }), ROOT),
      401,
      "Access denied: AWS account root principals cannot use AWS Auth.",
    );
    // Both lists empty: any signed, non-root caller.
    expect((await login(await identityWith(), OTHER_ACCOUNT)).status).toBe(200);
  });

  it("takes the region from the Authorization header's credential scope: an invalid one is 400", async () => {
    const identityId = await identityWith();
    const signed = await signGetCallerIdentity(USER, "us-east-1");
    const headers = JSON.parse(Buffer.from(signed.iamRequestHeaders, "base64").toString()) as Record<string, string>;
    const withHeaders = (h: Record<string, string>) =>
      api(em.url, "POST", LOGIN, {
        body: { identityId, ...signed, iamRequestHeaders: Buffer.from(JSON.stringify(h)).toString("base64") },
      });
    const { authorization, ...unsigned } = headers;
    expectError(await withHeaders(unsigned), 400, "Invalid AWS region");
    expectError(
      await withHeaders({ ...headers, authorization: authorization!.replace("/us-east-1/", "/US_EAST_1/") }),
      400,
      "Invalid AWS region",
    );
    expectError(
      await withHeaders({
        ...headers,
        authorization: authorization!.replace("/us-east-1/", "/a-region-name-too-long-1/"),
      }),
      400,
      "Invalid AWS region",
    );
  });

  it("passes STS's refusal of a bad signature on as Infisical does (an unwrapped 500)", async () => {
    const identityId = await identityWith();
    sts.requests.length = 0;
    const forged = { ...USER, secretAccessKey: "not-the-secret-key" };
    expectError(await login(identityId, forged), 500, "Something went wrong");
    expect(sts.requests.map((r) => r.status)).toEqual([403]);
  });

  it("never calls the identity's stsEndpoint", async () => {
    const decoy = await startFakeSts([USER]);
    try {
      const identityId = await identityWith({ stsEndpoint: decoy.url });
      expect((await login(identityId, USER)).status).toBe(200);
      expect(decoy.requests).toEqual([]);
    } finally {
      await decoy.close();
    }
  });

  it("answers 404 without AWS auth and 422 for a bad body", async () => {
    const { identityId } = await em.admin.addIdentity();
    expectError(
      await login(identityId, USER),
      404,
      "AWS auth method not found for identity, did you configure AWS auth?",
    );
    const bad = await api(em.url, "POST", LOGIN, { body: { identityId, iamRequestBody: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.message.map((i: { path: string[] }) => i.path.join("."))).toEqual([
      "iamRequestBody",
      "iamRequestHeaders",
    ]);
  });
});

describe("emulator AWS IAM login without an STS endpoint", () => {
  it("refuses AWS logins with a 400 saying how to configure one", async () => {
    const em = await startEmulator({ rateLimit: false });
    try {
      const { identityId } = await em.admin.addIdentity();
      await em.admin.attachAwsAuth(identityId);
      const res = await api(em.url, "POST", LOGIN, {
        body: { identityId, ...(await signGetCallerIdentity(USER, "us-east-1")) },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^The emulator has no STS endpoint configured.*--aws-sts-endpoint/);
    } finally {
      await em.close();
    }
  });

  it("takes only a loopback STS endpoint, from the option, the flag, or AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL", async () => {
    await expect(startEmulator({ awsStsEndpoint: "https://sts.amazonaws.com" })).rejects.toThrow(
      "EmulatorOptions.awsStsEndpoint must be an http(s) URL on 127.0.0.1, localhost or [::1]",
    );
    const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const command = parseCli(argv, env);
      return command.kind === "run" ? command.options.awsStsEndpoint : undefined;
    };
    expect(run(["--aws-sts-endpoint", "http://127.0.0.1:4566"])).toBe("http://127.0.0.1:4566");
    expect(run([], { AWS_ENDPOINT_URL_STS: "http://localhost:1", AWS_ENDPOINT_URL: "http://localhost:2" })).toBe(
      "http://localhost:1",
    );
    expect(run([], { AWS_ENDPOINT_URL: "http://[::1]:2" })).toBe("http://[::1]:2");
    expect(run([])).toBeUndefined();
    expect(() => parseCli([], { AWS_ENDPOINT_URL: "http://localstack:4566" })).toThrow(UsageError);
    expect(() => parseCli([], { AWS_ENDPOINT_URL: "http://localstack:4566" })).toThrow(
      /^AWS_ENDPOINT_URL must be an http\(s\) URL on 127\.0\.0\.1/,
    );
  });
});
