// The words of the client's errors, exactly: durations and attempt counts, the re-login refusal, the scope label,
// and the advice for each refused workload-identity login, chosen from Infisical's own message.
import { describe, expect, it } from "vitest";
import {
  identityLoginAdvice,
  identityWords,
  scopeLabel,
  words,
  type IdentityMethod,
} from "../../provider/infisical/messages";

const name = (k: string) => `<${k}>`;
const SETTINGS = "Infisical: Organization > Access Control > Identities > the identity > Authentication";

describe("durations and attempts", () => {
  const over = (attempts: number | undefined, ms: number | undefined) =>
    words.gaveUp("lost", attempts, ms).replace("lost; gave up after ", "");

  it("count the attempts, and say how long only for more than one", () => {
    expect(over(undefined, 5_000)).toBe("1 attempt");
    expect(over(1, 5_000)).toBe("1 attempt");
    expect(over(3, undefined)).toBe("3 attempts");
    expect(over(2, 999)).toBe("2 attempts over 999 ms");
    expect(over(2, 12.4)).toBe("2 attempts over 12 ms");
  });

  it("milliseconds below a second, seconds below a minute, then minutes and seconds", () => {
    const cases: [number, string][] = [
      [1_000, "1 s"],
      [1_400, "1.4 s"],
      [59_000, "59 s"],
      [60_000, "1 min"],
      [120_000, "2 min"],
      [125_000, "2 min 5 s"],
      [61_400, "1 min 1 s"],
    ];
    for (const [ms, text] of cases) expect(over(2, ms)).toBe(`2 attempts over ${text}`);
  });

  it("unreachable names the host, the request, what happened and the attempts", () => {
    expect(words.unreachable("http://h", "GET /x", "ECONNREFUSED", 3, 1_400, name)).toBe(
      "Could not reach Infisical at http://h: ECONNREFUSED (GET /x, 3 attempts over 1.4 s). Check <host>, and that " +
        "Infisical is running and reachable from this machine.",
    );
  });
});

describe("other words", () => {
  it("a fresh token refused: one or several fresh logins, of universal auth unless another method is named", () => {
    expect(words.freshTokenRejected("Token missing", 1)).toBe(
      "Infisical refused the universal-auth access token even after a fresh login (Token missing).",
    );
    expect(words.freshTokenRejected("Token missing", 2, "OIDC")).toBe(
      "Infisical refused the OIDC access token even after 2 fresh logins (Token missing).",
    );
  });

  it("the scope of a connection", () => {
    expect(scopeLabel("p-1")).toBe("project p-1");
    for (const none of [null, undefined, ""]) expect(scopeLabel(none)).toBe("the organization (org-level)");
  });

  it("a refused identity login: Infisical's text without its final dots, then the advice", () => {
    expect(identityWords.rejected("http://h", "aws-iam", "id-1", "Access denied..", "ADVICE")).toBe(
      "Infisical at http://h refused the AWS IAM login of machine identity id-1: Access denied. ADVICE",
    );
  });
});

describe("identityLoginAdvice", () => {
  const ctx = { identityId: "id-1", source: "the variable CI_JWT", name };
  const advice = (method: IdentityMethod, detail: string) => identityLoginAdvice(method, detail, ctx);

  const notAttached = (label: string) =>
    `The machine identity id-1 has no ${label} auth (or does not exist): attach ${label} auth to it (${SETTINGS}), ` +
    `or check <identityId>.`;
  const claim = "A claim of the JWT does not match the identity's OIDC Claims: compare the token's claims with them.";
  const signature =
    "The JWT (the variable CI_JWT) is not a token of the identity provider the identity trusts (its signature does " +
    "not verify with the keys of the OIDC Discovery URL): present a token from that provider.";
  const serviceAccount =
    "The pod's service account (its namespace or name) is not among the identity's Kubernetes Allowed Namespaces / " +
    "Allowed Names: run under an allowed service account, or change the identity's settings.";
  const awsNotAllowed =
    "The AWS account or principal that signed the request is not allowed by the identity's AWS auth: run with " +
    "credentials of an allowed (non-root) principal, or change the identity's Allowed Account IDs.";

  const cases: [IdentityMethod, string, string][] = [
    ["oidc", "OIDC auth method not found for identity", notAttached("OIDC")],
    ["kubernetes", "Did you configure Kubernetes auth?", notAttached("Kubernetes")],
    [
      "oidc",
      "Access denied: jwt expired",
      "The JWT (the variable CI_JWT) has expired. CI ID tokens live minutes: make the pipeline put a fresh one there " +
        "right before the run. It is read again at every login, so a refreshed token is picked up without a restart " +
        "where the source can change (a file, or <githubActionsAudience> in GitHub Actions).",
    ],
    [
      "oidc",
      "jwt issuer mismatch",
      "The JWT's issuer (iss) is not the identity's OIDC Issuer: set the identity's Issuer to the token's iss exactly " +
        "(e.g. https://token.actions.githubusercontent.com, https://app.terraform.io, https://gitlab.com), or present " +
        "a token of the issuer it names (the variable CI_JWT).",
    ],
    [
      "oidc",
      "OIDC subject not allowed",
      "The JWT's subject (sub) does not match the identity's OIDC Subject: change the identity's Subject to match " +
        'it (a glob in which * does not cross "/", e.g. repo:acme/infra:ref:refs/heads/main or repo:acme/infra:*), or ' +
        "run from the repository, branch or workspace it allows.",
    ],
    [
      "kubernetes",
      "audience not allowed",
      "The service-account token's audience is not the identity's Kubernetes Allowed Audience: project the token " +
        "for that audience (serviceAccountToken audience in the pod spec), or change the identity's setting.",
    ],
    [
      "oidc",
      "OIDC audience not allowed",
      "The JWT's audience (aud) is not among the identity's OIDC Audiences: request the token for an allowed " +
        "audience (HCP Terraform: TFC_WORKLOAD_IDENTITY_AUDIENCE; GitHub Actions: <githubActionsAudience>; GitLab: " +
        "id_tokens aud), or add its audience to the identity.",
    ],
    ["oidc", "Access denied: OIDC claim not allowed", claim],
    ["oidc", "token has no groups field", claim],
    ["oidc", "invalid signature", signature],
    ["oidc", "Invalid JWT", signature],
    ["kubernetes", "namespace not allowed", serviceAccount],
    ["kubernetes", "service account name not allowed", serviceAccount],
    [
      "kubernetes",
      "Kubernetes token not authenticated",
      "The cluster did not accept the service-account token (the variable CI_JWT) in its TokenReview: present the " +
        "pod's current token (projected tokens rotate; the file is read again at every login), and check the " +
        "identity's Kubernetes Host, CA certificate and Token Reviewer JWT (its service account needs the " +
        "system:auth-delegator ClusterRole).",
    ],
    [
      "aws-iam",
      "AWS principal ARN not allowed",
      "The AWS principal that signed the request is not among the identity's Allowed Principal ARNs: add it (for " +
        "an assumed role, its role ARN arn:aws:iam::<account>:role/<name>), or run with credentials of an allowed " +
        "principal (AWS_PROFILE, AWS_ACCESS_KEY_ID, the instance or task role).",
    ],
    ["aws-iam", "AWS account ID not allowed", awsNotAllowed],
    ["aws-iam", "Root principals are not allowed", awsNotAllowed],
    ["aws-iam", "Missing AWS region in the request", "Set AWS_REGION to the region of the AWS credentials."],
    ["aws-iam", "something else", `Check <identityId> and the identity's AWS IAM auth settings (${SETTINGS}).`],
    ["oidc", "something else", `Check <identityId> and the identity's OIDC auth settings (${SETTINGS}).`],
  ];
  for (const [method, detail, expected] of cases) {
    it(`${method}: ${detail}`, () => expect(advice(method, detail)).toBe(expected));
  }

  it("a 'jwt issuer invalid' is the issuer advice too", () => {
    expect(advice("oidc", "jwt issuer invalid. expected: x")).toMatch(/^The JWT's issuer \(iss\)/);
  });
});
