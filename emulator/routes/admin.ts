import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ADMIN_PREFIX, type EmulatorContext } from "../context";
import { adminView, plainCredentials } from "../connection-view";
import { newIdentity, newProject } from "../state";
import { badRequest } from "../errors";

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
  z.object({ kind: z.literal("delay"), ms: z.number().min(0) }),
  z.object({ kind: z.literal("drop") }),
  z.object({ kind: z.literal("commitThenDrop") }),
]);

const faultRule = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  count: z.number().int().min(1).optional(),
  fault: faultKind,
});

const identityBody = z
  .object({
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    accessTokenTtlSeconds: z.number().int().min(1).optional(),
  })
  .default({});

const projectBody = z.object({ id: z.string().min(1).optional(), name: z.string().min(1).optional() }).default({});

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

const idParams = z.object({ id: z.string() });

/** Default auth method per app, for connections added out of band. */
const METHOD_BY_APP: Record<string, string> = { auth0: "client-credentials", aws: "access-key", github: "oauth" };

/** The test/CLI control surface: no auth, no rate limit, never in the request log. */
export function registerAdminRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store, connections } = ctx;
  const opts = { config: { rateLimit: false } };
  const P = ADMIN_PREFIX;

  app.get(`${P}/seed`, opts, async () => seedOf(ctx));

  app.post(`${P}/identities`, opts, async (req) => {
    const body = identityBody.parse(req.body ?? undefined);
    if (body.clientId !== undefined && store.state.identities.some((i) => i.clientId === body.clientId)) {
      throw badRequest(`An identity with client ID ${body.clientId} already exists`);
    }
    const identity = newIdentity({ ...body, defaultTtlSeconds: ctx.defaultTtlSeconds });
    store.state.identities.push(identity);
    store.commit();
    return { identityId: identity.id, clientId: identity.clientId, clientSecret: identity.clientSecret };
  });

  app.post(`${P}/projects`, opts, async (req) => {
    const body = projectBody.parse(req.body ?? undefined);
    if (body.id !== undefined && store.state.projects.some((p) => p.id === body.id)) {
      throw badRequest(`A project with ID ${body.id} already exists`);
    }
    const project = newProject(body);
    store.state.projects.push(project);
    store.commit();
    return { id: project.id };
  });

  app.post(`${P}/auth0-tenants`, opts, async (req) => {
    const tenant = tenantBody.parse(req.body);
    store.state.tenants = store.state.tenants.filter((t) => t.domain !== tenant.domain);
    store.state.tenants.push(tenant);
    store.commit();
    return {};
  });

  app.get(`${P}/connections`, opts, async () => ({
    connections: connections.all().map((row) => adminView(store.state, row)),
  }));

  app.post(`${P}/connections`, opts, async (req) => {
    const body = connectionBody.parse(req.body);
    const projectId = body.projectId ?? null;
    if (projectId !== null) connections.assertProjectExists(projectId);
    const row = connections.create({
      app: body.app,
      method: METHOD_BY_APP[body.app] ?? "api-key",
      name: body.name,
      description: body.description ?? null,
      projectId,
      credentials: body.credentials ?? null,
    });
    return { id: row.id };
  });

  app.patch(`${P}/connections/:id`, opts, async (req) => {
    const { id } = idParams.parse(req.params);
    const body = editBody.parse(req.body);
    connections.update(connections.byId(id), body);
    return {};
  });

  app.post(`${P}/connections/:id/refresh-credentials`, opts, async (req) => {
    const { id } = idParams.parse(req.params);
    const row = connections.byId(id);
    const plain = plainCredentials(store.state, row);
    if (plain === null) throw badRequest(`App Connection with ID ${id} has no credentials`);
    connections.update(row, { credentials: plain });
    return {};
  });

  app.post(`${P}/connections/:id/in-use`, opts, async (req) => {
    const { id } = idParams.parse(req.params);
    const body = z.object({ inUse: z.boolean().default(true) }).parse(req.body ?? {});
    connections.setInUse(connections.byId(id), body.inUse);
    return {};
  });

  app.delete(`${P}/connections/:id`, opts, async (req) => {
    const { id } = idParams.parse(req.params);
    connections.remove(connections.byId(id));
    return {};
  });

  app.post(`${P}/faults`, opts, async (req) => {
    ctx.faults.add(faultRule.parse(req.body));
    return {};
  });

  app.delete(`${P}/faults`, opts, async () => {
    ctx.faults.clear();
    return {};
  });

  app.post(`${P}/tokens/expire`, opts, async () => {
    ctx.identities.expireAll();
    return {};
  });

  app.get(`${P}/requests`, opts, async () => ({ requests: ctx.requestLog.list() }));

  app.delete(`${P}/requests`, opts, async () => {
    ctx.requestLog.clear();
    return {};
  });

  app.get(`${P}/login-count`, opts, async () => ({ count: ctx.identities.loginCount }));
}

/** The seed without `url` (the caller knows where it is listening). */
export function seedOf(ctx: EmulatorContext) {
  const { state } = ctx.store;
  const identity = state.identities.find((i) => i.clientId === state.seed.identityClientId) ?? state.identities[0];
  const tenant = state.tenants.find((t) => t.domain === state.seed.tenantDomain) ?? state.tenants[0];
  if (identity === undefined || tenant === undefined) throw new Error("emulator state has no seed identity/tenant");
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
  };
}
