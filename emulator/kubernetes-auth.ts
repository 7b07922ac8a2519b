import type { EmulatorContext } from "./context";
import type { TokenReply } from "./access-tokens";
import type { KubernetesAuthRow } from "./state";
import { ApiError, badRequest, unauthorized } from "./errors";
import { jsonOf, send, type OutboundResponse } from "./outbound";
import { commaItems, globMatch } from "./globs";
import { withKubernetesScheme } from "./auth-methods";

/** Infisical caps the TokenReview answer (a few KB; the echoed token is the largest part). */
const MAX_RESPONSE_BYTES = 64 * 1024;
const SERVICE = "Kubernetes API server";
const DEFAULT_401 =
  "Token reviewer JWT is invalid or expired. Please verify the token reviewer JWT is correct and has not expired.";
const DEFAULT_403 =
  "Token reviewer JWT does not have permission to perform TokenReviews. Ensure the service account has the " +
  "'system:auth-delegator' ClusterRole binding.";

interface TokenReviewStatus {
  authenticated?: boolean;
  error?: string;
  user?: { username?: string };
  audiences?: string[];
}

/**
 * Kubernetes login, in Infisical's order ("api" review mode): the identity's configuration, a TokenReview of the
 * caller's service-account token at `<kubernetesHost>/apis/authentication.k8s.io/v1/tokenreviews` (as the stored
 * token reviewer JWT, or as the caller's own token when none is stored), then the review's verdict, the
 * `system:serviceaccount:<namespace>:<name>` user, the allowed namespaces, names and audience, the sub-organization.
 */
export async function kubernetesLogin(
  ctx: EmulatorContext,
  body: { identityId: string; jwt: string; organizationSlug?: string },
): Promise<TokenReply> {
  const { row, identity } = ctx.authMethods.forLogin("kubernetes", body.identityId);
  if (row.tokenReviewMode === "gateway") {
    // The emulator has no gateways to configure.
    throw badRequest("Gateway or Gateway Pool is required when token review mode is set to Gateway");
  }
  if (!row.kubernetesHost) throw badRequest("Kubernetes host is required when token review mode is set to API");
  const status = await tokenReview(ctx, row, body.jwt);

  if ("error" in status) throw new ApiError(401, "KubernetesTokenReviewError", status.error);
  if (!status.authenticated)
    throw new ApiError(401, "KubernetesTokenReviewError", "Kubernetes token not authenticated");
  const { namespace, name } = serviceAccountOf(String(status.user?.username));
  const allowed = (list: string, value: string) =>
    !list || commaItems(list).some((pattern) => globMatch(value, pattern));
  if (!allowed(row.allowedNamespaces, namespace)) throw unauthorized("Access denied: K8s namespace not allowed.");
  if (!allowed(row.allowedNames, name)) throw unauthorized("Access denied: K8s name not allowed.");
  if (row.allowedAudience && !(status.audiences ?? []).includes(row.allowedAudience)) {
    throw unauthorized("Access denied: K8s audience not allowed.");
  }
  return ctx.authMethods.issue(identity, row, body.organizationSlug);
}

async function tokenReview(ctx: EmulatorContext, row: KubernetesAuthRow, jwt: string): Promise<TokenReviewStatus> {
  const host = row.kubernetesHost ?? "";
  const url = `${withKubernetesScheme(host)}/apis/authentication.k8s.io/v1/tokenreviews`;
  const spec = { token: jwt, ...(row.allowedAudience ? { audiences: [row.allowedAudience] } : {}) };
  let res: OutboundResponse;
  try {
    res = await send({
      url,
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${row.tokenReviewerJwt || jwt}` },
      body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec }),
      ca: row.caCert,
      timeoutMs: ctx.outboundTimeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
    });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw connectionError(err as { code?: string; message: string }, host);
  }
  if (res.status < 200 || res.status > 299) throw httpError(res);
  const review = jsonOf(res) as { status?: TokenReviewStatus } | undefined;
  // Infisical reads `status` unguarded: an answer without one is a 500.
  if (review?.status === undefined) throw new Error("TokenReview answer without a status");
  return review.status;
}

/** Infisical's mapping of network failures (`handleAxiosNetworkError`, then the generic fallback). */
function connectionError(err: { code?: string; message: string }, target: string): ApiError {
  const fail = (name: string, message: string) => new ApiError(400, name, message);
  switch (err.code) {
    case "ECONNREFUSED":
      return fail(
        "KubernetesConnectionRefused",
        `Failed to connect to ${SERVICE} at ${target}: Connection refused. Verify the host URL and ensure the ` +
          `${SERVICE.toLowerCase()} is accessible.`,
      );
    case "ENOTFOUND":
      return fail(
        "KubernetesHostNotFound",
        `Failed to resolve ${SERVICE} hostname: ${target}. Verify the hostname is correct.`,
      );
    case "ETIMEDOUT":
    case "ECONNABORTED":
      return fail(
        "KubernetesConnectionTimeout",
        `Connection to ${SERVICE} at ${target} timed out. Verify network connectivity and firewall rules.`,
      );
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
      return fail(
        "KubernetesCertificateError",
        `SSL certificate verification failed for ${SERVICE} at ${target}. The server uses a self-signed ` +
          `certificate. Please provide the CA certificate in the configuration.`,
      );
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "CERT_HAS_EXPIRED":
      return fail(
        "KubernetesCertificateError",
        `SSL certificate verification failed for ${SERVICE} at ${target}. Verify the CA certificate is correct and ` +
          `the server certificate is valid.`,
      );
    default:
      return fail("KubernetesConnectionError", `Failed to communicate with ${SERVICE} at ${target}: ${err.message}`);
  }
}

/** Infisical's mapping of HTTP errors from the API server (`handleAxiosHttpError`). */
function httpError(res: OutboundResponse): ApiError {
  const data = jsonOf(res);
  let message = (data as { message?: unknown } | undefined)?.message;
  if (typeof message !== "string" || message === "") message = data === undefined && res.text ? res.text : undefined;
  if (res.status === 401) return new ApiError(401, "KubernetesTokenReviewerUnauthorized", message ?? DEFAULT_401);
  if (res.status === 403) return new ApiError(401, "KubernetesTokenReviewerForbidden", message ?? DEFAULT_403);
  return new ApiError(
    400,
    "KubernetesTokenReviewRequestError",
    message ?? `Kubernetes returned HTTP ${res.status}: ${res.statusText || "Unknown error"}`,
  );
}

/** `system:serviceaccount:<namespace>:<name>`, else Infisical's KubernetesUsernameParseError. */
function serviceAccountOf(username: string): { namespace: string; name: string } {
  const parts = username.split(":");
  if (parts.length === 4 && parts[0] === "system" && parts[1] === "serviceaccount") {
    return { namespace: parts[2] ?? "", name: parts[3] ?? "" };
  }
  throw new ApiError(
    401,
    "KubernetesUsernameParseError",
    `Invalid Kubernetes service account username format: "${username}". Expected format: ` +
      `system:serviceaccount:<namespace>:<name>`,
  );
}
