// AWS IAM auth's signed proof, checked field by field against an independent SigV4 signature (the fake STS's own
// signer) at a fixed signing date, and the region look-up against a fake instance metadata service on 127.0.0.1:
// AWS_EC2_METADATA_DISABLED switches it off (any case, any spaces), otherwise the identity document's region is used.
import { afterEach, describe, expect, it } from "vitest";
import { signCallerIdentity, STS_BODY } from "../../provider/infisical/aws-iam";
import { signGetCallerIdentity } from "../emulator/fake-sts";
import { hermeticAwsEnv, localServer, setProcessEnv, type LocalServer } from "./harness";

const CREDS = {
  accessKeyId: "AKIAEXAMPLEUNIT00001",
  secretAccessKey: "zz-unit-aws-secret-never-shown",
  sessionToken: "zz-unit-aws-session-never-shown",
};
const WHEN = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

let restore: (() => void) | undefined;
let imds: LocalServer | undefined;

afterEach(async () => {
  restore?.();
  restore = undefined;
  await imds?.close();
  imds = undefined;
});

function env(vars: Record<string, string>): void {
  restore = setProcessEnv({ ...hermeticAwsEnv({ ...CREDS, region: "eu-west-3" }), ...vars });
}

function decode(b64: string): string {
  return Buffer.from(b64, "base64").toString("utf8");
}

/**
 * A fake IMDSv2: a token on PUT, the identity document (region `region`) on GET; records the paths asked. The AWS
 * SDK's own region chain asks `placement/region` first: a 404 there leaves the look-up to aws-iam.ts's own fallback.
 * The SDK's MetadataService joins the endpoint's path "/" and "/latest/…" into "//latest/…": both are accepted.
 */
async function fakeImds(region: string): Promise<{ paths: string[] }> {
  const seen = { paths: [] as string[] };
  imds = await localServer((req, res) => {
    const path = (req.url ?? "").replace(/^\/\//, "/");
    seen.paths.push(`${req.method} ${path}`);
    if (req.method === "PUT") res.writeHead(200).end("imds-token-1");
    else if (path === "/latest/dynamic/instance-identity/document")
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ region }));
    else res.writeHead(404).end();
  });
  return seen;
}

describe("signCallerIdentity", () => {
  it("signs POST https://sts.<region>.amazonaws.com/ exactly as an independent SigV4 signer does", async () => {
    env({});
    const proof = await signCallerIdentity(WHEN);
    if (!proof.ok) throw new Error(`expected a proof, got ${proof.problem}`);
    expect(proof.region).toBe("eu-west-3");
    expect(proof.request.iamHttpRequestMethod).toBe("POST");
    expect(decode(proof.request.iamRequestBody)).toBe(STS_BODY);
    const headers = JSON.parse(decode(proof.request.iamRequestHeaders)) as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual([
      "Authorization",
      "Content-Length",
      "Content-Type",
      "Host",
      "X-Amz-Date",
      "X-Amz-Security-Token",
    ]);
    expect(headers.Host).toBe("sts.eu-west-3.amazonaws.com");
    expect(headers["X-Amz-Date"]).toBe("20260102T030405Z");
    expect(headers["Content-Length"]).toBe(String(STS_BODY.length));
    const reference = await signGetCallerIdentity(CREDS, "eu-west-3", WHEN);
    const expected = JSON.parse(decode(reference.iamRequestHeaders)) as Record<string, string>;
    expect(headers.Authorization).toBe(expected.authorization);
    const signature = /Signature=([0-9a-f]{64})$/.exec(headers.Authorization!)![1]!;
    // The secret key, the session token and the one-request signature: all three, nothing else.
    expect(proof.secrets).toEqual([CREDS.secretAccessKey, CREDS.sessionToken, signature]);
  });

  it("without a session token the secrets are the secret key and the signature only", async () => {
    env({ AWS_SESSION_TOKEN: "" });
    const proof = await signCallerIdentity(WHEN);
    if (!proof.ok) throw new Error(`expected a proof, got ${proof.problem}`);
    const headers = JSON.parse(decode(proof.request.iamRequestHeaders)) as Record<string, string>;
    expect(headers["X-Amz-Security-Token"]).toBeUndefined();
    expect(proof.secrets).toHaveLength(2);
    expect(proof.secrets[0]).toBe(CREDS.secretAccessKey);
    expect(proof.secrets[1]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("no region anywhere and the metadata service disabled: no-region, and the metadata service is never asked", async () => {
    const seen = await fakeImds("ap-south-1");
    for (const disabled of ["true", " TRUE ", "True"]) {
      env({ AWS_REGION: "", AWS_EC2_METADATA_DISABLED: disabled, AWS_EC2_METADATA_SERVICE_ENDPOINT: imds!.url });
      expect(await signCallerIdentity(WHEN)).toEqual({
        ok: false,
        problem: "no-region",
        detail: "no AWS region in AWS_REGION or the AWS config file, and none from the EC2 instance metadata",
      });
      restore!();
      restore = undefined;
    }
    expect(seen.paths).toEqual([]);
  });

  it("no configured region and the metadata service enabled: the instance identity document's region", async () => {
    const seen = await fakeImds("ap-south-1");
    env({ AWS_REGION: "", AWS_EC2_METADATA_DISABLED: "false", AWS_EC2_METADATA_SERVICE_ENDPOINT: imds!.url });
    const proof = await signCallerIdentity(WHEN);
    expect(proof).toMatchObject({ ok: true, region: "ap-south-1" });
    expect(seen.paths).toContain("GET /latest/dynamic/instance-identity/document");
  }, 15_000);

  it("a configured region wins over the metadata service, which is then not asked", async () => {
    const seen = await fakeImds("ap-south-1");
    env({ AWS_EC2_METADATA_DISABLED: "", AWS_EC2_METADATA_SERVICE_ENDPOINT: imds!.url });
    const proof = await signCallerIdentity(WHEN);
    expect(proof.ok && proof.region).toBe("eu-west-3");
    expect(seen.paths).toEqual([]);
  });

  it("an identity document without a region counts as no region", async () => {
    await fakeImds("");
    env({ AWS_REGION: "", AWS_EC2_METADATA_DISABLED: "", AWS_EC2_METADATA_SERVICE_ENDPOINT: imds!.url });
    const proof = await signCallerIdentity(WHEN);
    expect(proof.ok ? proof.region : proof.problem).toBe("no-region");
  }, 15_000);

  it("no credentials in the chain: no-credentials with the SDK's text", async () => {
    env({ AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_SESSION_TOKEN: "" });
    const proof = await signCallerIdentity(WHEN);
    expect(proof).toEqual({
      ok: false,
      problem: "no-credentials",
      detail: expect.stringMatching(/Could not load credentials from any providers/) as unknown,
    });
  }, 15_000);
});
