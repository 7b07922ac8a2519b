import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { api, useEmulatorWithToken } from "./helpers";

const OIDC = (id: string) => `/api/v1/auth/oidc-auth/identities/${id}`;
const K8S = (id: string) => `/api/v1/auth/kubernetes-auth/identities/${id}`;
const AWS = (id: string) => `/api/v1/auth/aws-auth/identities/${id}`;

describe("emulator: Infisical's routes configuring OIDC, Kubernetes and AWS IAM auth", () => {
  let em: RunningEmulator;
  let token: string;
  useEmulatorWithToken((started) => ({ em, token } = started));

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown) =>
    api(em.url, method, path, { token, body });

  it("attaches, reads, updates and removes OIDC auth, normalising comma lists; the login then follows it", async () => {
    const { identityId } = await em.admin.addIdentity();
    const attached = await call("POST", OIDC(identityId), {
      oidcDiscoveryUrl: em.url,
      boundIssuer: em.url,
      boundAudiences: "a ,b",
      boundClaims: { ref: "x,y" },
      accessTokenTTL: 60,
    });
    expect(attached.status).toBe(200);
    expect(attached.body.identityOidcAuth).toMatchObject({
      identityId,
      boundAudiences: "a, b",
      boundClaims: { ref: "x, y" },
      boundSubject: "",
      caCert: "",
      accessTokenTTL: 60,
      accessTokenMaxTTL: 2_592_000,
      accessTokenNumUsesLimit: 0,
      accessTokenTrustedIps: [
        { ipAddress: "0.0.0.0", type: "ipv4", prefix: 0 },
        { ipAddress: "::", type: "ipv6", prefix: 0 },
      ],
    });
    const again = await call("POST", OIDC(identityId), {
      oidcDiscoveryUrl: em.url,
      boundIssuer: em.url,
      boundClaims: {},
    });
    expect(again.body).toMatchObject({
      statusCode: 400,
      message: "Failed to add OIDC Auth to already configured identity",
    });

    const jwt = await em.admin.mintOidcToken({ aud: "b", claims: { ref: "y" } });
    const login = () => api(em.url, "POST", "/api/v1/auth/oidc-auth/login", { body: { identityId, jwt } });
    expect((await login()).status).toBe(200);

    const patched = await call("PATCH", OIDC(identityId), { boundAudiences: "c" });
    expect(patched.body.identityOidcAuth.boundAudiences).toBe("c");
    expect((await login()).body.message).toBe("Access denied: OIDC audience not allowed.");
    expect((await call("GET", OIDC(identityId))).body.identityOidcAuth.boundAudiences).toBe("c");

    expect((await call("DELETE", OIDC(identityId))).status).toBe(200);
    expect((await call("GET", OIDC(identityId))).body.message).toBe("The identity does not have OIDC Auth attached");
    expect((await call("PATCH", OIDC(identityId), {})).body.message).toBe("Failed to update OIDC Auth");
    expect((await login()).status).toBe(404);
  });

  it("needs a token, an existing identity, and a valid body", async () => {
    const { identityId } = await em.admin.addIdentity();
    const noToken = await api(em.url, "POST", OIDC(identityId), { body: {} });
    expect(noToken.body).toMatchObject({ statusCode: 401, message: "Token missing" });
    const unknown = await call("POST", OIDC("nope"), {
      oidcDiscoveryUrl: em.url,
      boundIssuer: em.url,
      boundClaims: {},
    });
    expect(unknown.body).toMatchObject({ statusCode: 404, message: "Failed to find identity with ID nope" });
    const invalid = await call("POST", OIDC(identityId), {
      oidcDiscoveryUrl: "not a url",
      accessTokenTTL: 10,
      accessTokenMaxTTL: 5,
    });
    expect(invalid.status).toBe(422);
    expect(
      invalid.body.message.map((i: { path: string[]; message: string }) => `${i.path.join(".")}: ${i.message}`),
    ).toEqual([
      "oidcDiscoveryUrl: Invalid url",
      expect.stringMatching(/^boundIssuer: /),
      expect.stringMatching(/^boundClaims: /),
    ]);
    const ttl = await call("POST", OIDC(identityId), {
      oidcDiscoveryUrl: em.url,
      boundIssuer: em.url,
      boundClaims: {},
      accessTokenTTL: 10,
      accessTokenMaxTTL: 5,
    });
    expect(ttl.body.message[0].message).toBe("Access Token TTL cannot be greater than Access Token Max TTL.");
    const ips = await call("POST", OIDC(identityId), {
      oidcDiscoveryUrl: em.url,
      boundIssuer: em.url,
      boundClaims: {},
      accessTokenTrustedIps: [{ ipAddress: "10.0.0.0/8" }],
    });
    expect(ips.body.message).toBe(
      "Failed to add IP access range to access token due to plan restriction. Upgrade plan to add IP access range.",
    );
  });

  it("Kubernetes: allow-lists are required keys; the reviewer JWT is returned", async () => {
    const { identityId } = await em.admin.addIdentity();
    const missing = await call("POST", K8S(identityId), { kubernetesHost: "127.0.0.1:6443" });
    expect(missing.status).toBe(422);
    expect(missing.body.message.map((i: { path: string[] }) => i.path.join("."))).toEqual([
      "allowedNamespaces",
      "allowedNames",
      "allowedAudience",
    ]);
    const attached = await call("POST", K8S(identityId), {
      kubernetesHost: "127.0.0.1:6443",
      tokenReviewerJwt: "reviewer",
      allowedNamespaces: "ci",
      allowedNames: "",
      allowedAudience: "",
    });
    expect(attached.body.identityKubernetesAuth).toMatchObject({
      kubernetesHost: "127.0.0.1:6443",
      tokenReviewerJwt: "reviewer",
      tokenReviewMode: "api",
      gatewayId: null,
    });
  });

  it("AWS: validates ARNs and account IDs (422) and normalises them", async () => {
    const { identityId } = await em.admin.addIdentity();
    const bad = await call("POST", AWS(identityId), {
      allowedPrincipalArns: "arn:aws:s3:::bucket",
      allowedAccountIds: "12",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message.map((i: { message: string }) => i.message)).toEqual([
      expect.stringMatching(/^Each ARN must be in the format of 'arn:aws:iam::123456789012:user\/UserName'/),
      "Each account ID must be a 12-digit number.",
    ]);
    const ok = await call("POST", AWS(identityId), {
      allowedPrincipalArns: "arn:aws:iam::123456789012:role/ci ,arn:aws:iam::123456789012:user/*",
      allowedAccountIds: "123456789012,210987654321",
    });
    expect(ok.body.identityAwsAuth).toMatchObject({
      type: "iam",
      stsEndpoint: "https://sts.amazonaws.com/",
      allowedPrincipalArns: "arn:aws:iam::123456789012:role/ci, arn:aws:iam::123456789012:user/*",
      allowedAccountIds: "123456789012, 210987654321",
    });
  });
});
