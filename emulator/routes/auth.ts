import { z, type ZodType } from "zod";
import type { EmulatorApp } from "../server";
import type { EmulatorContext } from "../context";
import { loginBody, messageReply, tokenBody, tokenReply } from "../schemas";
import {
  awsAttachBody,
  awsAuthView,
  awsLoginBody,
  awsPatchBody,
  identityIdParams,
  jwtLoginBody,
  kubernetesAttachBody,
  kubernetesAuthView,
  kubernetesPatchBody,
  oidcAttachBody,
  oidcAuthView,
  oidcPatchBody,
} from "../auth-schemas";
import type { ConfigOf, MethodKey } from "../auth-methods";
import { oidcLogin } from "../oidc-auth";
import { kubernetesLogin } from "../kubernetes-auth";
import { awsLogin } from "../aws-auth";
import { DISCOVERY_PATH, JWKS_PATH, discoveryDocument, jwks } from "../oidc-issuer";

const AUTHED = { auth: true };

/**
 * Logins and token renew/revoke: unauthenticated, in the write rate-limit bucket. Each login method proves who the
 * caller is and then asks `ctx.tokens` for a token. Then Infisical's routes that configure the OIDC, Kubernetes and
 * AWS IAM methods on an identity (Bearer token required), and the emulator's own OpenID provider documents.
 */
export function registerAuthRoutes(app: EmulatorApp, ctx: EmulatorContext): void {
  app.post(
    "/api/v1/auth/universal-auth/login",
    { schema: { body: loginBody, response: { 200: tokenReply } } },
    async (req) => ctx.universalAuth.login(req.body.clientId, req.body.clientSecret, req.body.organizationSlug),
  );

  app.post(
    "/api/v1/auth/oidc-auth/login",
    { schema: { body: jwtLoginBody, response: { 200: tokenReply } } },
    async (req) => oidcLogin(ctx, req.body),
  );

  app.post(
    "/api/v1/auth/kubernetes-auth/login",
    { schema: { body: jwtLoginBody, response: { 200: tokenReply } } },
    async (req) => kubernetesLogin(ctx, req.body),
  );

  app.post(
    "/api/v1/auth/aws-auth/login",
    { schema: { body: awsLoginBody, response: { 200: tokenReply } } },
    async (req) => awsLogin(ctx, req.body),
  );

  app.post("/api/v1/auth/token/renew", { schema: { body: tokenBody, response: { 200: tokenReply } } }, async (req) =>
    ctx.tokens.renew(req.body.accessToken),
  );

  app.post(
    "/api/v1/auth/token/revoke",
    { schema: { body: tokenBody, response: { 200: messageReply } } },
    async (req) => {
      await ctx.tokens.revoke(req.body.accessToken);
      return { message: "Successfully revoked access token" };
    },
  );

  registerConfigRoutes(app, ctx, "oidc", "oidc-auth", "identityOidcAuth", {
    view: oidcAuthView,
    attach: oidcAttachBody,
    patch: oidcPatchBody,
  });
  registerConfigRoutes(app, ctx, "kubernetes", "kubernetes-auth", "identityKubernetesAuth", {
    view: kubernetesAuthView,
    attach: kubernetesAttachBody,
    patch: kubernetesPatchBody,
  });
  registerConfigRoutes(app, ctx, "aws", "aws-auth", "identityAwsAuth", {
    view: awsAuthView,
    attach: awsAttachBody,
    patch: awsPatchBody,
  });

  const document = z.record(z.string(), z.unknown());
  app.get(DISCOVERY_PATH, { schema: { response: { 200: document } } }, async () => discoveryDocument(ctx.url));
  app.get(JWKS_PATH, { schema: { response: { 200: document } } }, async () => jwks(ctx.store.state.oidcIssuer));
}

/** `POST|PATCH|GET|DELETE /api/v1/auth/<path>/identities/:identityId`, answering `{ <replyKey>: configuration }`. */
function registerConfigRoutes<K extends MethodKey>(
  app: EmulatorApp,
  ctx: EmulatorContext,
  key: K,
  path: string,
  replyKey: string,
  schemas: { view: ZodType; attach: ZodType; patch: ZodType },
): void {
  const url = `/api/v1/auth/${path}/identities/:identityId`;
  const reply = z.strictObject({ [replyKey]: schemas.view });
  const wrap = (row: unknown) => ({ [replyKey]: row });
  const params = identityIdParams;
  const { authMethods } = ctx;
  app.post(url, { config: AUTHED, schema: { params, body: schemas.attach, response: { 200: reply } } }, async (req) =>
    wrap(authMethods.attach(key, req.params.identityId, req.body as ConfigOf<K>)),
  );
  app.patch(url, { config: AUTHED, schema: { params, body: schemas.patch, response: { 200: reply } } }, async (req) =>
    wrap(authMethods.update(key, req.params.identityId, req.body as Partial<ConfigOf<K>>)),
  );
  app.get(url, { config: AUTHED, schema: { params, response: { 200: reply } } }, async (req) =>
    wrap(authMethods.get(key, req.params.identityId)),
  );
  app.delete(url, { config: AUTHED, schema: { params, response: { 200: reply } } }, async (req) =>
    wrap(authMethods.remove(key, req.params.identityId)),
  );
}
