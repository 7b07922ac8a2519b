import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { apiConnection, apiListItem, sortByLowerName } from "../connection-view";
import { checkAuth0Credentials } from "../auth0-check";
import { badRequest } from "../errors";
import { connectionIdParams, connectionNameParams, createAuth0Body, projectQuery, updateAuth0Body } from "../schemas";

const IN_USE = "Cannot delete App Connection with existing connections. Remove all existing connections and try again.";
const BASE = "/api/v1/app-connections/auth0";
const AUTHED = { config: { auth: true } };

/** The Auth0 app-connection routes, in Infisical's order of checks inside the service. */
export function registerAuth0Routes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { connections, store } = ctx;
  const view = (row: Parameters<typeof apiConnection>[1]) => apiConnection(store.state, row);

  app.post(BASE, AUTHED, async (req) => {
    const body = createAuth0Body.parse(req.body);
    const projectId = body.projectId ?? null;
    if (projectId !== null) connections.assertProjectExists(projectId);
    await checkAuth0Credentials(body.credentials, store.state.tenants);
    const row = connections.create({
      app: "auth0",
      method: body.method,
      name: body.name,
      description: body.description ?? null,
      projectId,
      credentials: body.credentials,
    });
    return { appConnection: view(row) };
  });

  app.get(BASE, AUTHED, async (req) => {
    const { projectId } = projectQuery.parse(req.query);
    const rows = connections
      .all()
      .filter((c) => c.app === "auth0" && (projectId === undefined || c.projectId === projectId));
    return { appConnections: sortByLowerName(rows).map((row) => apiListItem(store.state, row)) };
  });

  app.get(`${BASE}/available`, AUTHED, async (req) => {
    const { projectId } = projectQuery.parse(req.query);
    // Usable from a project: its own connections and the org-level ones.
    const rows = connections
      .all()
      .filter((c) => c.app === "auth0" && (c.projectId === null || c.projectId === projectId));
    return {
      appConnections: sortByLowerName(rows).map((c) => ({
        app: c.app,
        name: c.name,
        id: c.id,
        projectId: c.projectId,
        orgId: c.orgId,
      })),
    };
  });

  app.get(`${BASE}/connection-name/:connectionName`, AUTHED, async (req) => {
    const { connectionName } = connectionNameParams.parse(req.params);
    const { projectId } = projectQuery.parse(req.query);
    return { appConnection: view(connections.byNameForApp(connectionName, projectId ?? null, "auth0")) };
  });

  app.get(`${BASE}/:connectionId`, AUTHED, async (req) => {
    const { connectionId } = connectionIdParams.parse(req.params);
    return { appConnection: view(connections.byIdForApp(connectionId, "auth0")) };
  });

  app.patch(`${BASE}/:connectionId`, AUTHED, async (req) => {
    const { connectionId } = connectionIdParams.parse(req.params);
    const body = updateAuth0Body.parse(req.body);
    const row = connections.byIdForApp(connectionId, "auth0");
    if (body.credentials !== undefined) await checkAuth0Credentials(body.credentials, store.state.tenants);
    const updated = connections.update(row, {
      name: body.name,
      description: body.description,
      credentials: body.credentials,
    });
    return { appConnection: view(updated) };
  });

  app.delete(`${BASE}/:connectionId`, AUTHED, async (req) => {
    const { connectionId } = connectionIdParams.parse(req.params);
    const row = connections.byIdForApp(connectionId, "auth0");
    if (row.inUse) throw badRequest(IN_USE);
    const deleted = view(row);
    connections.remove(row);
    return { appConnection: deleted };
  });
}
