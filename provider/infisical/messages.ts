/**
 * The words of the errors a user must act on, in one place. Settings are named through `settingName` (each engine
 * names its own: Terraform attributes, Pulumi config keys); the default names the option and the environment
 * variable. Built from hosts, ids, codes and Infisical's own error text only, never from a secret.
 */
import type { SettingKey } from "./types";

export type SettingName = (key: SettingKey) => string;

/** `12 ms`, `1.4 s`, `2 min 5 s`. */
function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${min} min ${s} s` : `${min} min`;
}

function attemptsOver(attempts: number | undefined, elapsedMs: number | undefined): string {
  const n = attempts ?? 1;
  const plural = n === 1 ? "1 attempt" : `${n} attempts`;
  return elapsedMs !== undefined && n > 1 ? `${plural} over ${duration(elapsedMs)}` : plural;
}

/** Infisical's lockout as its docs state it (facts: 3 failures → 300 s). */
export const LOCKOUT = { failures: 3, seconds: 300 } as const;

export const words = {
  loginRejected: (host: string, clientId: string, detail: string, name: SettingName) =>
    `Infisical at ${host} refused the universal-auth login of client ID "${clientId}": ${detail}. Check ` +
    `${name("clientId")} and ${name("clientSecret")}. This process will not try again with the same secret: ` +
    `Infisical locks an identity's universal auth for everyone using it after ${LOCKOUT.failures} failed logins.`,

  loginLocked: (host: string, clientId: string, detail: string, name: SettingName) =>
    `Infisical at ${host} has temporarily locked universal-auth login for client ID "${clientId}" after repeated ` +
    `failed logins (${detail}). It locks for about ${LOCKOUT.seconds / 60} minutes after ${LOCKOUT.failures} ` +
    `failures, for every user of this identity. Wait, and make sure every stack, pipeline and tool using this ` +
    `identity has the right secret (${name("clientSecret")}).`,

  notInfisical: (host: string, request: string, answer: string, name: SettingName) =>
    `The server at ${host} is not answering as Infisical does: ${request} got ${answer}. Check ${name("host")}: ` +
    `it must be the address of your Infisical server (e.g. https://app.infisical.com or ` +
    `https://eu.infisical.com; the API lives under /api).`,

  unreachable: (
    host: string,
    request: string,
    what: string,
    attempts: number | undefined,
    elapsedMs: number | undefined,
    name: SettingName,
  ) =>
    `Could not reach Infisical at ${host}: ${what} (${request}, ${attemptsOver(attempts, elapsedMs)}). Check ` +
    `${name("host")}, and that Infisical is running and reachable from this machine.`,

  /** A network failure after the request may have been sent (reset, timeout): the count says how hard we tried. */
  gaveUp: (message: string, attempts: number | undefined, elapsedMs: number | undefined) =>
    `${message}; gave up after ${attemptsOver(attempts, elapsedMs)}`,

  fixedTokenRejected: (detail: string, name: SettingName) =>
    `Infisical refused the access token (${name("token")}): it is invalid or expired (${detail}). Set a fresh ` +
    `token, or use universal auth (${name("clientId")} and ${name("clientSecret")}) so the client can log in again.`,

  freshTokenRejected: (detail: string, relogins: number, method = "universal-auth") =>
    `Infisical refused the ${method} access token even after ${relogins === 1 ? "a fresh login" : `${relogins} fresh logins`} ` +
    `(${detail}).`,

  createOutcomeUnknown: (name: string, scope: string, lost: string, lookup: string) =>
    `The create of App Connection "${name}" in ${scope} may or may not have happened: its answer was lost ` +
    `(${lost}) and looking it up by name failed too (${lookup}). The connection MAY exist in Infisical.`,
};

export function scopeLabel(projectId: string | null | undefined): string {
  return projectId ? `project ${projectId}` : "the organization (org-level)";
}

/** The identity-based login methods, as Infisical names them in its UI and messages. */
export type IdentityMethod = "oidc" | "kubernetes" | "aws-iam";

const IDENTITY_LABEL: Record<IdentityMethod, string> = {
  oidc: "OIDC",
  kubernetes: "Kubernetes",
  "aws-iam": "AWS IAM",
};

/** Where in Infisical's UI an identity's login settings are. */
const IDENTITY_SETTINGS = "Infisical: Organization > Access Control > Identities > the identity > Authentication";

/**
 * What to do about a refused workload-identity login, from Infisical's own message (facts §2, §4, §5). `source` says
 * where the credential came from (`the variable TFC_WORKLOAD_IDENTITY_TOKEN`, `the file /var/run/…/token`).
 */
export function identityLoginAdvice(
  method: IdentityMethod,
  detail: string,
  ctx: { identityId: string; source: string; name: SettingName },
): string {
  const label = IDENTITY_LABEL[method];
  const d = detail.toLowerCase();
  if (d.includes("auth method not found") || d.includes("did you configure")) {
    return (
      `The machine identity ${ctx.identityId} has no ${label} auth (or does not exist): attach ${label} auth to it ` +
      `(${IDENTITY_SETTINGS}), or check ${ctx.name("identityId")}.`
    );
  }
  if (d.includes("jwt expired")) {
    return (
      `The JWT (${ctx.source}) has expired. CI ID tokens live minutes: make the pipeline put a fresh one there ` +
      `right before the run. It is read again at every login, so a refreshed token is picked up without a restart ` +
      `where the source can change (a file, or ${ctx.name("githubActionsAudience")} in GitHub Actions).`
    );
  }
  if (d.includes("issuer invalid") || d.includes("issuer mismatch")) {
    return (
      `The JWT's issuer (iss) is not the identity's OIDC Issuer: set the identity's Issuer to the token's iss exactly ` +
      `(e.g. https://token.actions.githubusercontent.com, https://app.terraform.io, https://gitlab.com), or present ` +
      `a token of the issuer it names (${ctx.source}).`
    );
  }
  if (d.includes("subject not allowed")) {
    return (
      `The JWT's subject (sub) does not match the identity's OIDC Subject: change the identity's Subject to match ` +
      `it (a glob in which * does not cross "/", e.g. repo:acme/infra:ref:refs/heads/main or repo:acme/infra:*), or ` +
      `run from the repository, branch or workspace it allows.`
    );
  }
  if (d.includes("audience not allowed")) {
    return method === "kubernetes"
      ? `The service-account token's audience is not the identity's Kubernetes Allowed Audience: project the token ` +
          `for that audience (serviceAccountToken audience in the pod spec), or change the identity's setting.`
      : `The JWT's audience (aud) is not among the identity's OIDC Audiences: request the token for an allowed ` +
          `audience (HCP Terraform: TFC_WORKLOAD_IDENTITY_AUDIENCE; GitHub Actions: ` +
          `${ctx.name("githubActionsAudience")}; GitLab: id_tokens aud), or add its audience to the identity.`;
  }
  if (d.includes("claim not allowed") || /token has no .* field/.test(d)) {
    return `A claim of the JWT does not match the identity's OIDC Claims: compare the token's claims with them.`;
  }
  if (d.includes("failed to fetch") || d.includes("jwks_uri")) {
    return (
      `Infisical could not fetch the identity provider's discovery document or keys from the identity's OIDC ` +
      `Discovery URL: correct that URL (${IDENTITY_SETTINGS}); Infisical's server must be able to reach it.`
    );
  }
  if (d.includes("signature") || d === "invalid jwt") {
    return (
      `The JWT (${ctx.source}) is not a token of the identity provider the identity trusts (its signature does not ` +
      `verify with the keys of the OIDC Discovery URL): present a token from that provider.`
    );
  }
  if (d.includes("namespace not allowed") || d.includes("name not allowed")) {
    return (
      `The pod's service account (its namespace or name) is not among the identity's Kubernetes Allowed ` +
      `Namespaces / Allowed Names: run under an allowed service account, or change the identity's settings.`
    );
  }
  if (method === "kubernetes") {
    return (
      `The cluster did not accept the service-account token (${ctx.source}) in its TokenReview: present the pod's ` +
      `current token (projected tokens rotate; the file is read again at every login), and check the identity's ` +
      `Kubernetes Host, CA certificate and Token Reviewer JWT (its service account needs the ` +
      `system:auth-delegator ClusterRole).`
    );
  }
  if (d.includes("principal arn not allowed")) {
    return (
      `The AWS principal that signed the request is not among the identity's Allowed Principal ARNs: add it (for ` +
      `an assumed role, its role ARN arn:aws:iam::<account>:role/<name>), or run with credentials of an allowed ` +
      `principal (AWS_PROFILE, AWS_ACCESS_KEY_ID, the instance or task role).`
    );
  }
  if (d.includes("account id not allowed") || d.includes("root principals")) {
    return (
      `The AWS account or principal that signed the request is not allowed by the identity's AWS auth: run with ` +
      `credentials of an allowed (non-root) principal, or change the identity's Allowed Account IDs.`
    );
  }
  if (d.includes("aws region")) return `Set AWS_REGION to the region of the AWS credentials.`;
  return `Check ${ctx.name("identityId")} and the identity's ${label} auth settings (${IDENTITY_SETTINGS}).`;
}

export const identityWords = {
  rejected: (host: string, method: IdentityMethod, identityId: string, detail: string, advice: string) =>
    `Infisical at ${host} refused the ${IDENTITY_LABEL[method]} login of machine identity ${identityId}: ` +
    `${detail.replace(/\.+$/, "")}. ${advice}`,
};
