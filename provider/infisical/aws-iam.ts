/**
 * AWS IAM auth's proof of identity: an `sts:GetCallerIdentity` request signed with SigV4 by the AWS SDK's own signer,
 * with credentials from the SDK's default chain (environment, shared config and SSO, web identity, container and
 * instance roles). Infisical replays the request to STS and learns who signed it; the request is never sent from here.
 *
 * Loaded only when AWS IAM auth is used (`import("./aws-iam")`), so the SDK's packages cost nothing otherwise; the
 * Terraform provider bundles this module into a file of its own for the same reason. It therefore imports nothing of
 * the client (a second copy of its classes would break `instanceof`): failures are returned as data.
 */
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { MetadataService } from "@aws-sdk/ec2-metadata-service";
import { NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from "@smithy/config-resolver";
import { Hash } from "@smithy/hash-node";
import { loadConfig } from "@smithy/node-config-provider";
import { SignatureV4 } from "@smithy/signature-v4";

/** Exactly what Infisical's Go SDK, Node SDK and GitHub Action send (facts §5). */
export const STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15";

export interface SignedCallerIdentity {
  iamHttpRequestMethod: "POST";
  /** base64 of the form body. */
  iamRequestBody: string;
  /** base64 of the JSON of the signed headers (a string-valued map). */
  iamRequestHeaders: string;
}

export type AwsIamProof =
  | { ok: true; request: SignedCallerIdentity; region: string; secrets: string[] }
  | { ok: false; problem: "no-credentials" | "no-region"; detail: string };

/** How long one look-up in the instance metadata service may take (outside EC2 nothing answers). */
const IMDS_TIMEOUT_MS = 1_000;

/** The SDK's own switch, which its MetadataService does not read itself. */
function imdsDisabled(): boolean {
  return (process.env.AWS_EC2_METADATA_DISABLED ?? "").trim().toLowerCase() === "true";
}

/**
 * The region as Infisical's Go SDK finds it: AWS config (AWS_REGION, the profile's `region`), else the EC2 instance
 * identity document (IMDSv2), unless AWS_EC2_METADATA_DISABLED=true.
 */
async function resolveRegion(): Promise<string | undefined> {
  try {
    const region = await loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS)();
    if (region) return region;
  } catch {
    // No region configured: try the instance metadata.
  }
  if (imdsDisabled()) return undefined;
  try {
    const imds = new MetadataService({ httpOptions: { timeout: IMDS_TIMEOUT_MS } });
    const doc = JSON.parse(await imds.request("/latest/dynamic/instance-identity/document", {})) as {
      region?: unknown;
    };
    return typeof doc.region === "string" && doc.region ? doc.region : undefined;
  } catch {
    return undefined;
  }
}

/** Header names as the Go SDK sends them (`X-Amz-Date`, `Authorization`); HTTP does not care, people reading do. */
function canonicalName(name: string): string {
  return name
    .split("-")
    .map((part) => (part.length ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join("-");
}

/**
 * Builds and signs the request, reading the process environment as the AWS SDK always does. `now` is the signing
 * time: STS compares it with its own clock, so it is the real time, not the client's injectable clock.
 */
export async function signCallerIdentity(now: Date = new Date()): Promise<AwsIamProof> {
  const region = await resolveRegion();
  if (!region) {
    return {
      ok: false,
      problem: "no-region",
      detail: "no AWS region in AWS_REGION or the AWS config file, and none from the EC2 instance metadata",
    };
  }
  let credentials: Awaited<ReturnType<ReturnType<typeof defaultProvider>>>;
  try {
    credentials = await defaultProvider({ timeout: IMDS_TIMEOUT_MS, maxRetries: 0 })();
  } catch (err) {
    // The SDK's text lists the providers it tried; it holds no credential.
    return { ok: false, problem: "no-credentials", detail: err instanceof Error ? err.message : String(err) };
  }
  const host = `sts.${region}.amazonaws.com`;
  const signer = new SignatureV4({
    credentials,
    region,
    service: "sts",
    sha256: Hash.bind(null, "sha256"),
    // Go's signer sends no X-Amz-Content-Sha256 for STS; neither do we, so the request is the same.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "https:",
      hostname: host,
      path: "/",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        Host: host,
        "Content-Length": String(Buffer.byteLength(STS_BODY)),
      },
      body: STS_BODY,
    },
    { signingDate: now },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[canonicalName(name)] = String(value);
  const signature = /Signature=([0-9a-f]+)/.exec(headers.Authorization ?? "")?.[1];
  return {
    ok: true,
    region,
    request: {
      iamHttpRequestMethod: "POST",
      iamRequestBody: Buffer.from(STS_BODY).toString("base64"),
      iamRequestHeaders: Buffer.from(JSON.stringify(headers)).toString("base64"),
    },
    // The session token is a credential; the signature proves this one request. Neither may appear anywhere.
    secrets: [credentials.secretAccessKey, credentials.sessionToken ?? "", signature ?? ""].filter((s) => s !== ""),
  };
}
