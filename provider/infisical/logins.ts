/**
 * The workload-identity logins (OIDC, Kubernetes, AWS IAM) as `LoginMethod`s behind the shared token cache and
 * failure memory of `auth.ts`, and the choice of a client's login from its resolved settings.
 */
import {
  cachedTokens,
  fixedToken,
  loginRequest,
  secretHash,
  universalAuth,
  withOrganization,
  type LoginAttempt,
  type LoginMethod,
  type LoginRoute,
  type TokenSource,
} from "./auth";
import type { AwsIamProof } from "./aws-iam";
import { describeSource, fetchGitHubActionsToken, readSource, sourceCacheKey, type SourceKeys } from "./credentials";
import { InfisicalApiError } from "./errors";
import { identityLoginAdvice, identityWords, type IdentityMethod } from "./messages";
import type { Handler } from "./pipeline";
import type { CredentialSource, InfisicalSettings, ResolvedAuth } from "./types";

export const LOGIN_PATHS = {
  oidc: "/api/v1/auth/oidc-auth/login",
  kubernetes: "/api/v1/auth/kubernetes-auth/login",
  "aws-iam": "/api/v1/auth/aws-auth/login",
} as const satisfies Record<IdentityMethod, string>;

const LABEL: Record<IdentityMethod, string> = {
  oidc: "OIDC auth",
  kubernetes: "Kubernetes auth",
  "aws-iam": "AWS IAM auth",
};

type IdentityAuth = Extract<ResolvedAuth, { kind: IdentityMethod }>;

function route(settings: InfisicalSettings, auth: IdentityAuth, source: string): LoginRoute {
  const method = auth.kind;
  return {
    path: LOGIN_PATHS[method],
    settings,
    label: LABEL[method],
    settingKeys:
      method === "oidc"
        ? ["identityId", "jwt"]
        : method === "kubernetes"
          ? ["identityId", "serviceAccountToken"]
          : ["identityId"],
    rejected: (detail) =>
      identityWords.rejected(
        settings.host,
        method,
        auth.identityId,
        detail,
        identityLoginAdvice(method, detail, { identityId: auth.identityId, source, name: settings.settingName }),
      ),
  };
}

function cacheKey(settings: InfisicalSettings, auth: IdentityAuth, source: string): string {
  return [auth.kind, settings.host, auth.identityId, source, auth.organizationSlug ?? ""].join("\u0000");
}

/** OIDC or Kubernetes: the identity ID and a JWT read from its source at every login. */
function jwtLogin(
  settings: InfisicalSettings,
  send: Handler,
  auth: IdentityAuth,
  source: CredentialSource,
  keys: SourceKeys,
): LoginMethod {
  const where = describeSource(source, keys, settings);
  const loginRoute = route(settings, auth, where);
  const what = `${LABEL[auth.kind]} of machine identity ${auth.identityId}`;
  // The credentials read so far: every one of them is scrubbed from any later error text.
  const seen = new Set<string>();
  const remember = (...values: string[]) => values.forEach((v) => seen.add(v));
  const send1 = (jwt: string) =>
    loginRequest(send, loginRoute, withOrganization({ identityId: auth.identityId, jwt }, auth), [...seen]);
  return {
    cacheKey: cacheKey(settings, auth, sourceCacheKey(source)),
    secrets: () => [...seen],
    async prepare(): Promise<LoginAttempt> {
      if (source.from === "github-actions") {
        return {
          // A fetched token is new at every fetch: a refusal is remembered for the audience instead.
          key: `github-actions:${source.audience}`,
          async login() {
            const fetched = await fetchGitHubActionsToken(source.audience, settings);
            remember(...fetched.secrets);
            return send1(fetched.token);
          },
        };
      }
      const jwt = await readSource(source, keys, settings, what);
      remember(jwt);
      return { key: secretHash(jwt), login: () => send1(jwt) };
    },
  };
}

/** What a failure to sign the STS request means, in words that name the fix. */
function awsSetupError(proof: Extract<AwsIamProof, { ok: false }>): InfisicalApiError {
  const message =
    proof.problem === "no-region"
      ? `AWS IAM auth signs an sts:GetCallerIdentity request for a region, and found ${proof.detail}: set AWS_REGION.`
      : `AWS IAM auth signs an sts:GetCallerIdentity request with credentials from the AWS default chain, and found ` +
        `none (${proof.detail}). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or ` +
        `AWS_PROFILE, or run where an instance, task or pod role provides them.`;
  return new InfisicalApiError({ kind: "config", reason: "config", settings: [], message });
}

/** The AWS SDK packages AWS IAM auth uses: optional peer dependencies (27 packages, 16 MB nobody else needs). */
export const AWS_SDK_PACKAGES = [
  "@aws-sdk/credential-provider-node",
  "@aws-sdk/ec2-metadata-service",
  "@smithy/config-resolver",
  "@smithy/hash-node",
  "@smithy/node-config-provider",
  "@smithy/signature-v4",
] as const;

async function loadAwsSigner(): Promise<typeof import("./aws-iam")> {
  try {
    return await import("./aws-iam");
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const text = err instanceof Error ? err.message : "";
    if (code !== "MODULE_NOT_FOUND" || !AWS_SDK_PACKAGES.some((name) => text.includes(name))) throw err;
    return Promise.reject(
      new InfisicalApiError({
        kind: "config",
        reason: "config",
        settings: ["authMethod"],
        message:
          `AWS IAM auth signs its login with the AWS SDK, whose packages are optional peer dependencies of ` +
          `infisical-auth0-iac and are not installed here. Install them beside it: npm install ` +
          `${AWS_SDK_PACKAGES.join(" ")}`,
      }),
    );
  }
}

/** AWS IAM: a SigV4-signed sts:GetCallerIdentity request (the AWS SDK's chain and signer), signed at every login. */
function awsIamLogin(settings: InfisicalSettings, send: Handler, auth: IdentityAuth): LoginMethod {
  const loginRoute = route(settings, auth, "the AWS default credential chain");
  const seen = new Set<string>();
  return {
    cacheKey: cacheKey(settings, auth, "aws-default-chain"),
    secrets: () => [...seen],
    // The principal behind the chain does not change within a process; its rotating keys do.
    prepare: async () => ({
      key: "aws-default-chain",
      async login() {
        // Loaded here, only when AWS IAM auth is used: the AWS SDK's packages are not needed otherwise. tsc (and
        // the Terraform provider's bundler) turn this import() into a require of the module's own lazy chunk.
        const { signCallerIdentity } = await loadAwsSigner();
        const proof = await signCallerIdentity();
        if (!proof.ok) throw awsSetupError(proof);
        proof.secrets.forEach((s) => seen.add(s));
        const body = withOrganization({ identityId: auth.identityId, ...proof.request }, auth);
        return loginRequest(send, loginRoute, body, [...seen]);
      },
    }),
  };
}

/** The login method of resolved settings. `send` is the pipeline without the auth layer. */
export function loginMethod(settings: InfisicalSettings, send: Handler): LoginMethod | undefined {
  const auth = settings.auth;
  switch (auth.kind) {
    case "token":
      return undefined;
    case "universal-auth":
      return universalAuth({ ...settings, auth }, send);
    case "oidc":
      return jwtLogin(settings, send, auth, auth.jwt, { value: "jwt" });
    case "kubernetes":
      return jwtLogin(settings, send, auth, auth.serviceAccountToken, {
        value: "serviceAccountToken",
        path: "serviceAccountTokenPath",
      });
    case "aws-iam":
      return awsIamLogin(settings, send, auth);
  }
}

/** The client's token source: the fixed token, or the cached logins of its method. */
export function tokenSource(settings: InfisicalSettings, send: Handler): TokenSource {
  const method = loginMethod(settings, send);
  return method ? cachedTokens(method, settings.clock) : fixedToken((settings.auth as { token: string }).token);
}

/** Who the client is, for keys of process-wide caches (lists): never a credential, only hashes and names. */
export function identityKey(auth: ResolvedAuth): string {
  switch (auth.kind) {
    case "token":
      return `token:${secretHash(auth.token)}`;
    case "universal-auth":
      return `${auth.clientId}:${secretHash(auth.clientSecret)}:${auth.organizationSlug ?? ""}`;
    default:
      return `${auth.kind}:${auth.identityId}:${auth.organizationSlug ?? ""}`;
  }
}
