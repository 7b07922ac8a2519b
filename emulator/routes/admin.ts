import { z } from "zod";
import type { EmulatorApp } from "../server";
import { ADMIN_PREFIX, type EmulatorContext } from "../context";
import { adminView, plainCredentials } from "../connection-view";
import { newIdentity, newProject } from "../state";
import { badRequest } from "../errors";
import { MAX_DELAY_MS } from "../faults";
import { slugField } from "../schemas";
import { mint } from "../oidc-issuer";
import {
  awsAdminBody,
  awsAuthView,
  identityIdParams,
  kubernetesAdminBody,
  kubernetesAuthView,
  oidcAdminBody,
  oidcAuthView,
} from "../auth-schemas";

const faultKind = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("status"),
    status: z.number().int().min(100).max(599),
    error: z.string().optional(),
    message: z.string().optional(),
  }),
  z.object({
    kind: z.literal("rateLimit"),
    retryAfterSeconds: z.number().min(0).optional(),
    resetSeconds: z.number().min(0).optional(),
    omitRetryAfter: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal("delay"),
    ms: z
      .number()
      .min(0)
      .max(MAX_DELAY_MS, {
        message: `delay ms must be at most ${MAX_DELAY_MS} (about 24.8 days, the longest timer Node.js can set)`,
      }),
  }),
  z.object({ kind: z.literal("drop") }),
  z.object({ kind: z.literal("commitThenDrop") }),
]);

const faultRule = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  count: z.number().int().min(1).optional(),
  fault: faultKind,
});

/** A body that may be left out: no body (Fastify validates it as `null`) is `{}`. */
const optionalBody = <T extends z.ZodType>(schema: T) => z.preprocess((body) => body ?? {}, schema);

const organizationSlugs = z.array(slugField("Slug"));

const identityBody = optionalBody(
  z.object({
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    accessTokenTtlSeconds: z.number().int().min(1).optional(),
    organizationSlugs: organizationSlugs.optional(),
  }),
);

const organizationsBody = z.object({ organizationSlugs });

const mintBody = optionalBody(
  z.object({
    sub: z.string().optional(),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    claims: z.record(z.string(), z.unknown()).optional(),
    lifetimeSeconds: z.number().int().min(1).max(315_360_000).optional(),
    notBeforeSeconds: z.number().int().optional(),
    expired: z.boolean().optional(),
    kid: z.string().min(1).optional(),
    noKid: z.boolean().optional(),
    issuer: z.string().optional(),
  }),
);

/** The admin's route names of the login methods (as in Infisical's paths). */
const METHOD_PATHS = { "oidc-auth": "oidc", "kubernetes-auth": "kubernetes", "aws-auth": "aws" } as const;
const methodParams = identityIdParams.extend({
  method: z.enum(Object.keys(METHOD_PATHS) as (keyof typeof METHOD_PATHS)[]),
});

const projectBody = optionalBody(z.object({ id: z.string().min(1).optional(), name: z.string().min(1).optional() }));

const tenantBody = z.object({
  domain: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  audience: z.string().optional(),
});

const credentialsRecord = z.record(z.string(), z.string());

const connectionBody = z.object({
  app: z.string().min(1),
  name: z.string().min(1),
  projectId: z.string().optional(),
  description: z.string().optional(),
  credentials: credentialsRecord.optional(),
});

const editBody = z.object({
  name: z.string().min(1).optional(),
  description: z.string().nullable().optional(),
  credentials: credentialsRecord.optional(),
});

const inUseBody = optionalBody(z.object({ inUse: z.boolean().default(true) }));

const idParams = z.object({ id: z.string() });

/* Replies. The seed and a new identity carry secrets on purpose: handing them to the test is what they are for. */
const emptyReply = z.strictObject({});
const idReply = z.strictObject({ id: z.string() });
const seedReply = z.strictObject({
  orgId: z.string(),
  projectId: z.string(),
  identity: z.strictObject({ clientId: z.string(), clientSecret: z.string() }),
  auth0: z.strictObject({ domain: z.string(), clientId: z.string(), clientSecret: z.string(), audience: z.string() }),
  oidc: z.strictObject({ identityId: z.string(), mintUrl: z.string() }),
});
const jwtReply = z.strictObject({ jwt: z.string() });
const identityReply = z.strictObject({ identityId: z.string(), clientId: z.string(), clientSecret: z.string() });
const connectionsReply = z.strictObject({
  connections: z.array(
    z.strictObject({
      id: z.string(),
      app: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      orgId: z.string(),
      projectId: z.string().nullable(),
      credentialsHash: z.string().nullable(),
      credentials: z.strictObject({ domain: z.string(), clientId: z.string(), audience: z.string() }).nullable(),
      inUse: z.boolean(),
      updatedAt: z.string(),
    }),
  ),
});
const requestsReply = z.strictObject({
  requests: z.array(
    z.strictObject({
      method: z.string(),
      path: z.string(),
      query: z.record(z.string(), z.string()),
      status: z.number(),
      bodyKeys: z.array(z.string()),
      at: z.number(),
    }),
  ),
});
const countReply = z.strictObject({ count: z.number() });

/** Default auth method per app, for connections added out of band. */
const METHOD_BY_APP: Record<string, string> = { auth0: "client-credentials", aws: "access-key", github: "oauth" };

/**
 * The test/CLI control surface: no auth, no rate limit, never in the request log, and only for requests addressed
 * to a loopback name (checked in server.ts).
 */
export function registerAdminRoutes(app: EmulatorApp, ctx: EmulatorContext): void {
  const { store, connections } = ctx;
  const config = { rateLimit: false as const };
  const P = ADMIN_PREFIX;

  app.get(`${P}/seed`, { config, schema: { response: { 200: seedReply } } }, async () => seedOf(ctx));

  app.post(
    `${P}/identities/:identityId/organizations`,
    { config, schema: { params: identityIdParams, body: organizationsBody, response: { 200: emptyReply } } },
    async (req) => {
      ctx.authMethods.identity(req.params.identityId).organizationSlugs = req.body.organizationSlugs;
      store.commit();
      return {};
    },
  );

  // Attach (or replace) a login method, as Infisical's attach route does but without a token, and with defaults a
  // test wants: OIDC against the emulator's own issuer, empty allow-lists.
  app.post(
    `${P}/identities/:identityId/oidc-auth`,
    { config, schema: { params: identityIdParams, body: oidcAdminBody, response: { 200: oidcAuthView } } },
    async (req) => {
      const { oidcDiscoveryUrl = ctx.url, boundIssuer = ctx.url, ...rest } = req.body;
      return ctx.authMethods.attach("oidc", req.params.identityId, { ...rest, oidcDiscoveryUrl, boundIssuer }, true);
    },
  );

  app.post(
    `${P}/identities/:identityId/kubernetes-auth`,
    { config, schema: { params: identityIdParams, body: kubernetesAdminBody, response: { 200: kubernetesAuthView } } },
    async (req) => ctx.authMethods.attach("kubernetes", req.params.identityId, req.body, true),
  );

  app.post(
    `${P}/identities/:identityId/aws-auth`,
    { config, schema: { params: identityIdParams, body: awsAdminBody, response: { 200: awsAuthView } } },
    async (req) => ctx.authMethods.attach("aws", req.params.identityId, req.body, true),
  );

  app.delete(
    `${P}/identities/:identityId/:method`,
    { config, schema: { params: methodParams, response: { 200: emptyReply } } },
    async (req) => {
      ctx.authMethods.remove(METHOD_PATHS[req.params.method], req.params.identityId);
      return {};
    },
  );

  app.post(`${P}/oidc/token`, { config, schema: { body: mintBody, response: { 200: jwtReply } } }, async (req) => ({
    jwt: await mint(store.state.oidcIssuer, ctx.url, ctx.now(), req.body),
  }));

  app.post(
    `${P}/identities`,
    { config, schema: { body: identityBody, response: { 200: identityReply } } },
    async (req) => {
      const body = req.body;
      if (body.clientId !== undefined && store.state.identities.some((i) => i.clientId === body.clientId)) {
        throw badRequest(`An identity with client ID ${body.clientId} already exists`);
      }
      const identity = newIdentity({ ...body, defaultTtlSeconds: ctx.defaultTtlSeconds });
      store.state.identities.push(identity);
      store.commit();
      return { identityId: identity.id, clientId: identity.clientId, clientSecret: identity.clientSecret };
    },
  );

  app.post(`${P}/projects`, { config, schema: { body: projectBody, response: { 200: idReply } } }, async (req) => {
    const body = req.body;
    if (body.id !== undefined && store.state.projects.some((p) => p.id === body.id)) {
      throw badRequest(`A project with ID ${body.id} already exists`);
    }
    const project = newProject(body);
    store.state.projects.push(project);
    store.commit();
    return { id: project.id };
  });

  app.post(
    `${P}/auth0-tenants`,
    { config, schema: { body: tenantBody, response: { 200: emptyReply } } },
    async (req) => {
      const tenant = req.body;
      store.state.tenants = store.state.tenants.filter((t) => t.domain !== tenant.domain);
      store.state.tenants.push(tenant);
      store.commit();
      return {};
    },
  );

  app.get(`${P}/connections`, { config, schema: { response: { 200: connectionsReply } } }, async () => ({
    connections: connections.all().map((row) => adminView(store.state, row)),
  }));

  app.post(
    `${P}/connections`,
    { config, schema: { body: connectionBody, response: { 200: idReply } } },
    async (req) => {
      const body = req.body;
      const row = connections.create({
        app: body.app,
        method: METHOD_BY_APP[body.app] ?? "api-key",
        name: body.name,
        description: body.description ?? null,
        projectId: body.projectId ?? null,
        credentials: body.credentials ?? null,
      });
      return { id: row.id };
    },
  );

  app.patch(
    `${P}/connections/:id`,
    { config, schema: { params: idParams, body: editBody, response: { 200: emptyReply } } },
    async (req) => {
      connections.update(connections.byId(req.params.id), req.body);
      return {};
    },
  );

  app.post(
    `${P}/connections/:id/refresh-credentials`,
    { config, schema: { params: idParams, response: { 200: emptyReply } } },
    async (req) => {
      const { id } = req.params;
      const row = connections.byId(id);
      const plain = plainCredentials(store.state, row);
      if (plain === null) throw badRequest(`App Connection with ID ${id} has no credentials`);
      connections.update(row, { credentials: plain });
      return {};
    },
  );

  app.post(
    `${P}/connections/:id/in-use`,
    { config, schema: { params: idParams, body: inUseBody, response: { 200: emptyReply } } },
    async (req) => {
      connections.setInUse(connections.byId(req.params.id), req.body.inUse);
      return {};
    },
  );

  app.delete(
    `${P}/connections/:id`,
    { config, schema: { params: idParams, response: { 200: emptyReply } } },
    async (req) => {
      connections.remove(connections.byId(req.params.id));
      return {};
    },
  );

  app.post(`${P}/faults`, { config, schema: { body: faultRule, response: { 200: emptyReply } } }, async (req) => {
    ctx.faults.add(req.body);
    return {};
  });

  app.delete(`${P}/faults`, { config, schema: { response: { 200: emptyReply } } }, async () => {
    ctx.faults.clear();
    return {};
  });

  app.post(`${P}/tokens/expire`, { config, schema: { response: { 200: emptyReply } } }, async () => {
    ctx.tokens.expireAll();
    return {};
  });

  app.get(`${P}/requests`, { config, schema: { response: { 200: requestsReply } } }, async () => ({
    requests: ctx.requestLog.list(),
  }));

  app.delete(`${P}/requests`, { config, schema: { response: { 200: emptyReply } } }, async () => {
    ctx.requestLog.clear();
    return {};
  });

  app.get(`${P}/login-count`, { config, schema: { response: { 200: countReply } } }, async () => ({
    count: ctx.tokens.issuedCount,
  }));
}

/**
 * Once listening at `url`: OIDC configurations against the emulator's own issuer follow it there, and the seed
 * identity gets one if it has none yet (a fresh start, or a data file from before OIDC).
 */
export function useOwnIssuerAt(ctx: EmulatorContext, url: string): void {
  const { state } = ctx.store;
  ctx.authMethods.followOwnIssuer(state.oidcIssuer.lastUrl, url);
  state.oidcIssuer.lastUrl = url;
  const identity = seedIdentity(ctx);
  if (ctx.authMethods.find("oidc", identity.id) === undefined) {
    ctx.authMethods.attach("oidc", identity.id, {
      oidcDiscoveryUrl: url,
      boundIssuer: url,
      boundAudiences: "",
      boundClaims: {},
      boundSubject: "",
      caCert: "",
      accessTokenTTL: identity.accessTokenTtlSeconds,
      accessTokenMaxTTL: identity.accessTokenMaxTtlSeconds,
      accessTokenNumUsesLimit: 0,
      accessTokenTrustedIps: [{ ipAddress: "0.0.0.0/0" }, { ipAddress: "::/0" }],
    });
  }
  ctx.store.commit();
}

function seedIdentity(ctx: EmulatorContext) {
  const { state } = ctx.store;
  const identity = state.identities.find((i) => i.clientId === state.seed.identityClientId) ?? state.identities[0];
  if (identity === undefined) throw new Error("emulator state has no seed identity");
  return identity;
}

/** The seed without `url` (the caller knows where it is listening). */
export function seedOf(ctx: EmulatorContext) {
  const { state } = ctx.store;
  const identity = seedIdentity(ctx);
  const tenant = state.tenants.find((t) => t.domain === state.seed.tenantDomain) ?? state.tenants[0];
  if (tenant === undefined) throw new Error("emulator state has no seed tenant");
  return {
    orgId: state.orgId,
    projectId: state.seed.projectId,
    identity: { clientId: identity.clientId, clientSecret: identity.clientSecret },
    auth0: {
      domain: tenant.domain,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
      audience: tenant.audience ?? `https://${tenant.domain}/api/v2/`,
    },
    oidc: { identityId: identity.id, mintUrl: `${ctx.url}${ADMIN_PREFIX}/oidc/token` },
  };
}
