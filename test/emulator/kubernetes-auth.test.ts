import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type KubernetesAuthInput, type RunningEmulator } from "../../emulator/index";
import { AUTH0, api } from "./helpers";
import { startFakeKubernetes, type FakeKubernetes } from "./fake-kubernetes";
import { closedPort } from "./loopback-server";

const LOGIN = "/api/v1/auth/kubernetes-auth/login";
const REVIEWER = "reviewer-jwt-value";
const POD = "pod-sa-token-ci-runner";

describe("emulator Kubernetes login", () => {
  let em: RunningEmulator;
  let k8s: FakeKubernetes;

  beforeAll(async () => {
    em = await startEmulator({ rateLimit: false, outboundTimeoutMs: 300 });
    k8s = await startFakeKubernetes();
    k8s.addReviewer(REVIEWER);
    k8s.addServiceAccount(POD, { namespace: "ci", name: "runner", audiences: ["vault", "infisical"] });
  });
  afterAll(async () => {
    await em?.close();
    await k8s?.close();
  });

  const login = (identityId: string, jwt = POD, extra: Record<string, unknown> = {}) =>
    api(em.url, "POST", LOGIN, { body: { identityId, jwt, ...extra } });

  async function identityWith(config: Partial<KubernetesAuthInput> = {}) {
    const { identityId } = await em.admin.addIdentity();
    await em.admin.attachKubernetesAuth(identityId, {
      kubernetesHost: k8s.url,
      tokenReviewerJwt: REVIEWER,
      ...config,
    });
    return identityId;
  }

  function expectError(
    res: { status: number; body: { error: string; message: string } },
    status: number,
    error: string,
    message: string,
  ) {
    expect({ status: res.status, error: res.body.error, message: res.body.message }).toEqual({
      status,
      error,
      message,
    });
  }

  it("reviews the pod's token as the token reviewer, and the token it gets works", async () => {
    const identityId = await identityWith({ allowedNamespaces: "ci", allowedNames: "runner", accessTokenTTL: 600 });
    k8s.reviews.length = 0;
    const res = await login(identityId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expiresIn: 600, accessTokenMaxTTL: 2_592_000, tokenType: "Bearer" });
    expect(k8s.reviews).toEqual([
      {
        bearer: REVIEWER,
        body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: POD } },
      },
    ]);
    expect((await api(em.url, "GET", AUTH0, { token: res.body.accessToken })).status).toBe(200);
  });

  it("lets the pod's own token review itself when no reviewer JWT is stored", async () => {
    const self = "self-reviewing-token";
    k8s.addServiceAccount(self, { namespace: "ops", name: "deployer", canReview: true });
    const identityId = await identityWith({ tokenReviewerJwt: undefined });
    k8s.reviews.length = 0;
    expect((await login(identityId, self)).status).toBe(200);
    expect(k8s.reviews[0]?.bearer).toBe(self);
    // A token without system:auth-delegator cannot: Kubernetes answers 403, Infisical's 401 KubernetesTokenReviewerForbidden.
    expectError(
      await login(identityId),
      401,
      "KubernetesTokenReviewerForbidden",
      'tokenreviews.authentication.k8s.io is forbidden: User "system:serviceaccount:ci:runner" cannot create resource ' +
        '"tokenreviews" in API group "authentication.k8s.io" at the cluster scope',
    );
  });

  it("sends allowedAudience in the review and requires it among the answer's audiences", async () => {
    const identityId = await identityWith({ allowedAudience: "vault" });
    k8s.reviews.length = 0;
    expect((await login(identityId)).status).toBe(200);
    expect(k8s.reviews[0]?.body.spec).toEqual({ token: POD, audiences: ["vault"] });
    // A cluster refuses a token without that audience itself (status.error).
    const other = await identityWith({ allowedAudience: "other" });
    const refused = await login(other);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("KubernetesTokenReviewError");
    expect(refused.body.message).toMatch(
      /token audiences \["vault","infisical"\] is invalid for the target audiences \["other"\]/,
    );
    // An answer that authenticates without the audience.
    k8s.override = {
      status: 201,
      body: { status: { authenticated: true, user: { username: "system:serviceaccount:ci:runner" }, audiences: [] } },
    };
    try {
      expectError(await login(identityId), 401, "UnauthorizedError", "Access denied: K8s audience not allowed.");
    } finally {
      k8s.override = undefined;
    }
  });

  it("refuses a token the cluster rejects, one not authenticated, and a user that is not a service account", async () => {
    const identityId = await identityWith();
    expectError(
      await login(identityId, "some-other-token"),
      401,
      "KubernetesTokenReviewError",
      "[invalid bearer token, token lookup failed]",
    );
    try {
      k8s.override = { status: 201, body: { status: { authenticated: false } } };
      expectError(await login(identityId), 401, "KubernetesTokenReviewError", "Kubernetes token not authenticated");
      k8s.override = { status: 201, body: { status: { authenticated: true, user: { username: "alice" } } } };
      expectError(
        await login(identityId),
        401,
        "KubernetesUsernameParseError",
        'Invalid Kubernetes service account username format: "alice". Expected format: system:serviceaccount:<namespace>:<name>',
      );
    } finally {
      k8s.override = undefined;
    }
  });

  it("checks namespaces and names as comma lists of globs", async () => {
    expect((await login(await identityWith({ allowedNamespaces: "dev, c*", allowedNames: "web,run*" }))).status).toBe(
      200,
    );
    expectError(
      await login(await identityWith({ allowedNamespaces: "dev,prod" })),
      401,
      "UnauthorizedError",
      "Access denied: K8s namespace not allowed.",
    );
    expectError(
      await login(await identityWith({ allowedNames: "deployer" })),
      401,
      "UnauthorizedError",
      "Access denied: K8s name not allowed.",
    );
  });

  it("maps the API server's HTTP errors as Infisical does", async () => {
    expectError(
      await login(await identityWith({ tokenReviewerJwt: "expired-reviewer" })),
      401,
      "KubernetesTokenReviewerUnauthorized",
      "Unauthorized",
    );
    const identityId = await identityWith();
    try {
      k8s.override = { status: 401, body: "" };
      expectError(
        await login(identityId),
        401,
        "KubernetesTokenReviewerUnauthorized",
        "Token reviewer JWT is invalid or expired. Please verify the token reviewer JWT is correct and has not expired.",
      );
      k8s.override = { status: 403, body: "" };
      expectError(
        await login(identityId),
        401,
        "KubernetesTokenReviewerForbidden",
        "Token reviewer JWT does not have permission to perform TokenReviews. Ensure the service account has the " +
          "'system:auth-delegator' ClusterRole binding.",
      );
      k8s.override = { status: 500, body: { message: "etcdserver: request timed out" } };
      expectError(await login(identityId), 400, "KubernetesTokenReviewRequestError", "etcdserver: request timed out");
      k8s.override = { status: 503, body: "" };
      expectError(
        await login(identityId),
        400,
        "KubernetesTokenReviewRequestError",
        "Kubernetes returned HTTP 503: Service Unavailable",
      );
    } finally {
      k8s.override = undefined;
    }
  });

  it("reports a refused connection and a timeout naming the host", async () => {
    const port = await closedPort();
    expectError(
      await login(await identityWith({ kubernetesHost: `http://127.0.0.1:${port}` })),
      400,
      "KubernetesConnectionRefused",
      `Failed to connect to Kubernetes API server at http://127.0.0.1:${port}: Connection refused. Verify the host ` +
        "URL and ensure the kubernetes api server is accessible.",
    );
    const identityId = await identityWith();
    k8s.silent = true;
    try {
      expectError(
        await login(identityId),
        400,
        "KubernetesConnectionTimeout",
        `Connection to Kubernetes API server at ${k8s.url} timed out. Verify network connectivity and firewall rules.`,
      );
    } finally {
      k8s.silent = false;
    }
  });

  it("answers 404 without Kubernetes auth, 422 for a bad body, and refuses a host that is not loopback", async () => {
    const { identityId } = await em.admin.addIdentity();
    expectError(
      await login(identityId),
      404,
      "NotFound",
      "Kubernetes auth method not found for identity, did you configure Kubernetes auth?",
    );
    const bad = await api(em.url, "POST", LOGIN, { body: { identityId } });
    expect(bad.status).toBe(422);
    expect(bad.body.message.map((i: { path: string[] }) => i.path.join("."))).toEqual(["jwt"]);
    await expect(em.admin.attachKubernetesAuth(identityId, { kubernetesHost: "10.0.0.1:6443" })).rejects.toThrow(
      /https:\/\/10\.0\.0\.1:6443 is not one/,
    );
  });

  it("scopes to a sub-organization after the review", async () => {
    const identityId = await identityWith();
    await em.admin.addIdentity({ organizationSlugs: ["platform"] });
    expectError(
      await login(identityId, POD, { organizationSlug: "platform" }),
      401,
      "UnauthorizedError",
      "Identity not authorized to access sub organization platform",
    );
    // The review fails first: the order is Infisical's.
    expectError(
      await login(identityId, "unknown", { organizationSlug: "nowhere" }),
      401,
      "KubernetesTokenReviewError",
      "[invalid bearer token, token lookup failed]",
    );
  });
});
