import type { EmulatorContext } from "./context";
import type { TokenReply } from "./access-tokens";
import { badRequest, unauthorized } from "./errors";
import { jsonOf, sendExpectingSuccess } from "./outbound";
import { commaItems } from "./globs";

export const NO_STS_ENDPOINT =
  "The emulator has no STS endpoint configured, so it cannot check an AWS IAM login (it never calls AWS). Start " +
  "it with --aws-sts-endpoint <url> (or AWS_ENDPOINT_URL_STS, or EmulatorOptions.awsStsEndpoint) naming a fake " +
  "STS on 127.0.0.1.";

interface CallerIdentity {
  Account: string;
  Arn: string;
  UserId: string;
}

/**
 * AWS IAM login, in Infisical's order: the identity's configuration, the signed `sts:GetCallerIdentity` request
 * decoded (headers from base64 JSON, body from base64), the region from the `Credential=` scope of its
 * `Authorization` header, the request replayed as it was signed, then the caller's ARN and account against the
 * configuration, then the sub-organization. Infisical sends the replay to `https://sts.<region>.amazonaws.com`, or
 * to its operator's `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL`; the emulator only ever to its `awsStsEndpoint`
 * option (a loopback URL), and never to the identity's `stsEndpoint`, which Infisical stores but does not call.
 */
export async function awsLogin(
  ctx: EmulatorContext,
  body: {
    identityId: string;
    iamHttpRequestMethod: string;
    iamRequestBody: string;
    iamRequestHeaders: string;
    organizationSlug?: string;
  },
): Promise<TokenReply> {
  const { row, identity } = ctx.authMethods.forLogin("aws", body.identityId);
  // Infisical parses without a guard: headers that are not base64 JSON are a 500.
  const headers = JSON.parse(Buffer.from(body.iamRequestHeaders, "base64").toString()) as Record<string, string>;
  const requestBody = Buffer.from(body.iamRequestBody, "base64").toString();
  const authorization = headers.Authorization || headers.authorization;
  const region = authorization ? regionOf(authorization) : null;
  if (region === null || region.length === 0 || region.length > 20 || !/^[a-z0-9-]+$/.test(region)) {
    throw badRequest("Invalid AWS region");
  }
  if (ctx.awsStsEndpoint === undefined) throw badRequest(NO_STS_ENDPOINT);

  // STS refusing the signature is not wrapped by Infisical either: the axios error becomes a 500.
  const res = await sendExpectingSuccess({
    url: ctx.awsStsEndpoint,
    method: body.iamHttpRequestMethod,
    // axios adds its default Accept (unsigned), which is what makes STS answer JSON.
    headers: { accept: "application/json, text/plain, */*", ...headers },
    body: requestBody,
    timeoutMs: ctx.outboundTimeoutMs,
  });
  const caller = (jsonOf(res) as { GetCallerIdentityResponse: { GetCallerIdentityResult: CallerIdentity } } | undefined)
    ?.GetCallerIdentityResponse.GetCallerIdentityResult;
  if (caller === undefined) throw new Error("STS answered without a GetCallerIdentityResult");
  const { Account, Arn } = caller;

  if (/^arn:aws(-[a-z-]+)?:iam::\d+:root$/.test(Arn)) {
    throw unauthorized("Access denied: AWS account root principals cannot use AWS Auth.");
  }
  if (row.allowedAccountIds && !commaItems(row.allowedAccountIds).includes(Account)) {
    throw unauthorized("Access denied: AWS account ID not allowed.");
  }
  if (row.allowedPrincipalArns) {
    const principal = principalOf(Arn);
    const forms = [principal.iamForm, principal.sameServiceForm];
    const allowed = commaItems(row.allowedPrincipalArns).some((pattern) => {
      const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`);
      return forms.some((form) => regex.test(form));
    });
    if (!allowed)
      throw unauthorized(`Access denied: AWS principal ARN not allowed. [principal-arn=${principal.iamForm}]`);
  }
  return ctx.authMethods.issue(identity, row, body.organizationSlug);
}

/** The region: the third `/` part of `Credential=…` in a SigV4 `Authorization` header. */
function regionOf(authorization: string): string | null {
  for (const field of authorization.split(" ")) {
    if (field.startsWith("Credential=")) {
      const parts = field.split("/");
      if (parts.length >= 3) return parts[2] ?? null;
    }
  }
  return null;
}

/**
 * The caller's ARN normalised as Infisical does: `arn:aws:iam::<account>:<user|role|instance-profile>/<name>`, an
 * `assumed-role/R/session` counting as `role/R` (the form its message reports), plus the same without the service
 * rewritten (`arn:aws:sts::<account>:assumed-role/R/session`), so a pattern written for either matches. An ARN that
 * is not a user, role, instance profile or assumed role is an error Infisical does not wrap (a 500).
 */
function principalOf(arn: string): { iamForm: string; sameServiceForm: string } {
  const parts = arn.split(":");
  const [prefix, , service, , account, resource = ""] = parts;
  if (parts.length !== 6 || prefix !== "arn" || (service !== "iam" && service !== "sts")) {
    throw new Error(`Unrecognized ARN: "${arn}"`);
  }
  const [type, ...rest] = resource.split("/");
  const last = rest[rest.length - 1];
  if (type === "assumed-role" && rest.length >= 2) {
    return { iamForm: `arn:aws:iam::${account}:role/${rest[0]}`, sameServiceForm: arn };
  }
  if ((type === "user" || type === "role" || type === "instance-profile") && last !== undefined) {
    return { iamForm: `arn:aws:iam::${account}:${type}/${last}`, sameServiceForm: arn };
  }
  throw new Error(`Unrecognized principal type in ARN "${arn}"`);
}
