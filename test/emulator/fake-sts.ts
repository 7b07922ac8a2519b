import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

/**
 * A stand-in AWS STS on 127.0.0.1 for AWS IAM logins: it answers `sts:GetCallerIdentity` the way STS does, after
 * checking the request's SigV4 signature by signing it again with the AWS SDK's own signer (`@smithy/signature-v4`)
 * and the principal's secret key. Point the emulator at it with `awsStsEndpoint: sts.url` (or
 * `--aws-sts-endpoint`/`AWS_ENDPOINT_URL_STS`). It answers JSON when asked (`Accept: application/json`, which
 * Infisical's replay sends), else STS's XML.
 */
export interface FakeAwsPrincipal {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials: the request must carry it as `X-Amz-Security-Token` (signed). */
  sessionToken?: string;
  /** What GetCallerIdentity answers, e.g. `arn:aws:sts::123456789012:assumed-role/ci/session`. */
  arn: string;
  /** Default: the account in `arn`. */
  account?: string;
  /** Default: `AIDA` + the access key ID. */
  userId?: string;
}

export interface StsRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** What the fake answered. */
  status: number;
}

export interface FakeSts {
  /** `http://127.0.0.1:<port>`: the emulator's `awsStsEndpoint`. */
  url: string;
  addPrincipal(principal: FakeAwsPrincipal): void;
  /** Every request received, in order. */
  requests: StsRequest[];
  close(): Promise<void>;
}

/** The login body fields of `POST /api/v1/auth/aws-auth/login` (without `identityId`). */
export interface SignedCallerIdentityRequest {
  iamHttpRequestMethod: "POST";
  iamRequestBody: string;
  iamRequestHeaders: string;
}

const BODY = "Action=GetCallerIdentity&Version=2011-06-15";

/**
 * What Infisical's clients (Go SDK, Node SDK, GitHub Action) send: a SigV4-signed `POST https://sts.<region>.amazonaws.com/`
 * with the GetCallerIdentity form body, the body and the header map base64-encoded. `signingDate` defaults to now.
 */
export async function signGetCallerIdentity(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region: string,
  signingDate?: Date,
): Promise<SignedCallerIdentityRequest> {
  const signer = new SignatureV4({ credentials, region, service: "sts", sha256: Sha256, applyChecksum: false });
  const host = `sts.${region}.amazonaws.com`;
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "https:",
      hostname: host,
      path: "/",
      query: {},
      headers: {
        host,
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        "content-length": String(Buffer.byteLength(BODY)),
      },
      body: BODY,
    },
    signingDate === undefined ? {} : { signingDate },
  );
  return {
    iamHttpRequestMethod: "POST",
    iamRequestBody: Buffer.from(BODY).toString("base64"),
    iamRequestHeaders: Buffer.from(JSON.stringify(signed.headers)).toString("base64"),
  };
}

export async function startFakeSts(principals: FakeAwsPrincipal[] = []): Promise<FakeSts> {
  const byKey = new Map(principals.map((p) => [p.accessKeyId, p]));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      void answer(req, body).then(({ status, payload }) => {
        fake.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, status });
        const json = (req.headers.accept ?? "").includes("application/json");
        res.writeHead(status, { "content-type": json ? "application/json" : "text/xml" });
        res.end(json ? JSON.stringify(payload) : xml(payload));
      });
    });
  });

  const answer = async (req: IncomingMessage, body: string): Promise<{ status: number; payload: unknown }> => {
    const auth =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(
        String(req.headers.authorization ?? ""),
      );
    if (auth === null) return error(403, "IncompleteSignature", "Authorization header requires a SigV4 signature.");
    const [, accessKeyId = "", , region = "", service = "", signedHeaders = "", signature = ""] = auth;
    const principal = byKey.get(accessKeyId);
    if (principal === undefined) {
      return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (service !== "sts" || date === null) return signatureMismatch();
    const headers: Record<string, string> = {};
    for (const name of signedHeaders.split(";")) headers[name] = String(req.headers[name] ?? "");
    const signer = new SignatureV4({
      credentials: principal,
      region,
      service: "sts",
      sha256: Sha256,
      applyChecksum: false,
    });
    const [, y, mo, d, h, mi, s] = date.map(Number);
    const again = await signer.sign(
      {
        method: req.method ?? "POST",
        protocol: "https:",
        hostname: headers.host ?? "",
        path: "/",
        query: {},
        headers,
        body,
      },
      { signingDate: new Date(Date.UTC(y!, mo! - 1, d, h, mi, s)) },
    );
    const expected = /Signature=([0-9a-f]+)$/.exec(String(again.headers.authorization))?.[1];
    if (
      expected !== signature ||
      (principal.sessionToken !== undefined && !signedHeaders.includes("x-amz-security-token"))
    ) {
      return signatureMismatch();
    }
    if (new URLSearchParams(body).get("Action") !== "GetCallerIdentity") {
      return error(400, "InvalidAction", "Could not find operation for this request.");
    }
    return {
      status: 200,
      payload: {
        GetCallerIdentityResponse: {
          GetCallerIdentityResult: {
            Account: principal.account ?? principal.arn.split(":")[4],
            Arn: principal.arn,
            UserId: principal.userId ?? `AIDA${principal.accessKeyId}`,
          },
          ResponseMetadata: { RequestId: "00000000-0000-4000-8000-000000000000" },
        },
      },
    };
  };

  const fake: FakeSts = {
    url: "",
    addPrincipal: (p) => void byKey.set(p.accessKeyId, p),
    requests: [],
    close: async () => undefined,
  };
  ({ url: fake.url, close: fake.close } = await listenOnLoopback(server));
  return fake;
}

const error = (status: number, code: string, message: string) => ({
  status,
  payload: { Error: { Type: "Sender", Code: code, Message: message } },
});

const signatureMismatch = () =>
  error(
    403,
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access " +
      "Key and signing method. Consult the service documentation for details.",
  );

/** STS's XML shape, for a caller that did not ask for JSON. */
function xml(payload: unknown): string {
  const render = (value: unknown): string =>
    value !== null && typeof value === "object"
      ? Object.entries(value as Record<string, unknown>)
          .map(([k, v]) => `<${k}>${render(v)}</${k}>`)
          .join("")
      : String(value);
  return `<?xml version="1.0" encoding="UTF-8"?>${render(payload)}`;
}
