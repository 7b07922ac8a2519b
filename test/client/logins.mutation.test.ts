// The workload-identity logins against a fake Infisical on 127.0.0.1 that refuses every login and echoes what it was
// sent: each method's refusal names that method's own settings, every credential read (a JWT, a service-account
// token, the AWS session token and signature) is scrubbed from the echo, the AWS setup errors are worded in full, and
// the process-wide cache keys of identityKey hold names and hashes, never a credential.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  clearTokenCache,
  InfisicalClient,
  resolveSettings,
  type InfisicalSettingsInput,
} from "../../provider/infisical";
import { identityKey } from "../../provider/infisical/logins";
import { FakeClock, hermeticAwsEnv, localServer, rejection, setProcessEnv, type LocalServer } from "./harness";

const ID = "0f0e0d0c-1111-4222-8333-444455556666";
const AWS = hermeticAwsEnv({
  accessKeyId: "AKIAEXAMPLEMUTATION01",
  secretAccessKey: "zz-mutation-aws-secret-never-shown",
  sessionToken: "zz-mutation-aws-session-never-shown",
  region: "eu-north-1",
});

let server: LocalServer;
let restore: () => void;
const clients: InfisicalClient[] = [];

/** Refuses every login with 401, its message echoing the body (AWS: the decoded signed headers too). */
beforeAll(async () => {
  restore = setProcessEnv(AWS);
  server = await localServer((_req, res, _n, body) => {
    const sent = JSON.parse(body) as Record<string, string>;
    const headers = sent.iamRequestHeaders ? Buffer.from(sent.iamRequestHeaders, "base64").toString("utf8") : "";
    const message = `Access denied: echo ${JSON.stringify(sent)} ${headers}`;
    res
      .writeHead(401, { "content-type": "application/json" })
      .end(JSON.stringify({ reqId: "r", statusCode: 401, error: "UnauthorizedError", message }));
  });
});
afterAll(async () => {
  restore();
  await server.close();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  clearTokenCache();
});

function refusal(opts: InfisicalSettingsInput, env: NodeJS.ProcessEnv = {}) {
  const c = new InfisicalClient(
    resolveSettings({ host: server.url, maxRetries: 0, clock: new FakeClock(), ...opts }, env),
  );
  clients.push(c);
  return rejection(() => c.getAppConnectionOptions());
}

describe("a refused login names its method's settings and shows none of the credentials it read", () => {
  it("OIDC: identityId and jwt", async () => {
    const err = await refusal({ authMethod: "oidc", identityId: ID, jwt: "hdr.zz-oidc-payload.sig" });
    expect(err).toMatchObject({ reason: "login-rejected", status: 401, settings: ["identityId", "jwt"] });
    expect(err.message).toContain("refused the OIDC login of machine identity");
    expect(err.message).toContain(`"identityId":"${ID}"`);
    expect(err.message).not.toContain("zz-oidc-payload");
  });

  it("Kubernetes: identityId and serviceAccountToken", async () => {
    const err = await refusal({ authMethod: "kubernetes", identityId: ID, serviceAccountToken: "zz.k8s-sa.tok" });
    expect(err).toMatchObject({
      reason: "login-rejected",
      status: 401,
      settings: ["identityId", "serviceAccountToken"],
    });
    expect(err.message).toContain("refused the Kubernetes login of machine identity");
    expect(err.message).not.toContain("zz.k8s-sa.tok");
  });

  it("AWS IAM: identityId only; the session token and the request's signature scrubbed from the echo", async () => {
    const err = await refusal({ authMethod: "aws-iam", identityId: ID });
    expect(err).toMatchObject({ reason: "login-rejected", status: 401, settings: ["identityId"] });
    expect(err.message).toContain("refused the AWS IAM login of machine identity");
    // The echo arrived (the access key ID is no secret), its secrets did not.
    expect(err.message).toContain("Credential=AKIAEXAMPLEMUTATION01/");
    expect(err.message).not.toContain(AWS.AWS_SESSION_TOKEN);
    expect(err.message).not.toMatch(/Signature=[0-9a-f]{64}/);
  });
});

describe("after a login, a later request's echoed error shows none of the credentials read for it", () => {
  let later: LocalServer;
  afterEach(() => later?.close());

  it("OIDC: the JWT; AWS IAM: the session token", async () => {
    // Logins succeed; every other request is refused with a 400 echoing the credential.
    later = await localServer((req, res, _n, body) => {
      if (req.url?.endsWith("/login")) {
        const token = { accessToken: "zz-access-later", expiresIn: 600, accessTokenMaxTTL: 600, tokenType: "Bearer" };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(token));
        return;
      }
      const message = `bad: ${body} hdr.zz-later-jwt.sig ${AWS.AWS_SESSION_TOKEN}`;
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ reqId: "r", statusCode: 400, error: "BadRequest", message }));
    });
    for (const opts of [
      { authMethod: "oidc", identityId: ID, jwt: "hdr.zz-later-jwt.sig" },
      { authMethod: "aws-iam", identityId: ID },
    ] as const) {
      const c = new InfisicalClient(
        resolveSettings({ host: later.url, maxRetries: 0, clock: new FakeClock(), ...opts }, {}),
      );
      clients.push(c);
      const err = await rejection(() => c.getAppConnectionOptions());
      expect(err.message).toContain("bad: ");
      if (opts.authMethod === "oidc") expect(err.message).not.toContain("zz-later-jwt");
      else expect(err.message).not.toContain(AWS.AWS_SESSION_TOKEN);
    }
  });
});

describe("AWS IAM setup errors", () => {
  it("no credentials: the whole fix, nothing sent", async () => {
    const before = server.count();
    const undo = setProcessEnv({ AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_SESSION_TOKEN: "" });
    try {
      const err = await refusal({ authMethod: "aws-iam", identityId: ID });
      expect(err).toMatchObject({ kind: "config", reason: "config", settings: [] });
      expect(err.message).toMatch(
        /^AWS IAM auth signs an sts:GetCallerIdentity request with credentials from the AWS default chain, and found none \(.+\)\. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY \(and AWS_SESSION_TOKEN\), or AWS_PROFILE, or run where an instance, task or pod role provides them\.$/,
      );
    } finally {
      undo();
    }
    expect(server.count()).toBe(before);
  }, 15_000);

  it("no region: the whole fix", async () => {
    const undo = setProcessEnv({ AWS_REGION: "" });
    try {
      const err = await refusal({ authMethod: "aws-iam", identityId: ID });
      expect(err).toMatchObject({ kind: "config", reason: "config", settings: [] });
      expect(err.message).toBe(
        "AWS IAM auth signs an sts:GetCallerIdentity request for a region, and found no AWS region in AWS_REGION " +
          "or the AWS config file, and none from the EC2 instance metadata: set AWS_REGION.",
      );
    } finally {
      undo();
    }
  }, 15_000);
});

describe("identityKey", () => {
  it("a fixed token: its hash only", () => {
    const key = identityKey({ kind: "token", token: "zz-fixed-token" });
    expect(key).toMatch(/^token:[0-9a-f]+$/);
    expect(key).not.toContain("zz-fixed-token");
    expect(identityKey({ kind: "token", token: "zz-other-token" })).not.toBe(key);
  });

  it("universal auth: the client ID, the secret's hash and the organization", () => {
    const base = { kind: "universal-auth", clientId: "cid-1", clientSecret: "zz-ua-secret" } as const;
    const plain = identityKey(base);
    expect(plain).toMatch(/^cid-1:[0-9a-f]+:$/);
    expect(plain).not.toContain("zz-ua-secret");
    expect(identityKey({ ...base, organizationSlug: "acme" })).toBe(`${plain}acme`);
  });

  it("a workload identity: the method, the identity ID and the organization", () => {
    const auth = { kind: "oidc", identityId: ID, jwt: { from: "value", value: "zz-jwt" } } as const;
    expect(identityKey(auth)).toBe(`oidc:${ID}:`);
    expect(identityKey({ ...auth, organizationSlug: "acme" })).toBe(`oidc:${ID}:acme`);
  });
});
