import type { EmulatorApp } from "../server";
import type { EmulatorContext } from "../context";
import { apiAuth0Connection, sortByLowerName, withProject } from "../connection-view";
import type { ConnectionRow } from "../state";
import { checkAuth0Credentials } from "../auth0-check";
import { badRequest } from "../errors";
import {
  auth0ConnectionReply,
  auth0ListReply,
  availableReply,
  connectionIdParams,
  connectionNameParams,
  createAuth0Body,
  projectQuery,
  updateAuth0Body,
} from "../schemas";

const IN_USE = "Cannot delete App Connection with existing connections. Remove all existing connections and try again.";
const BASE = "/api/v1/app-connections/auth0";
const AUTHED = { auth: true };

/** The Auth0 app-connection routes, in Infisical's order of checks inside the service. */
export function registerAuth0Routes(app: EmulatorApp, ctx: EmulatorContext): void {
  const { connections, store } = ctx;
  const view = (row: ConnectionRow) => apiAuth0Connection(store.state, row);

  app.post(
    BASE,
    { config: AUTHED, schema: { body: createAuth0Body, response: { 200: auth0ConnectionReply } } },
    async (req) => {
      const body = req.body;
      const projectId = body.projectId ?? null;
      if (projectId !== null) connections.assertProjectExists(projectId);
      await checkAuth0Credentials(body.credentials, store.state.tenants, ctx.outboundTimeoutMs);
      // Other requests ran while Auth0 answered: `create` checks the project and the name again, synchronously.
      const row = connections.create({
        app: "auth0",
        method: body.method,
        name: body.name,
        description: body.description ?? null,
        projectId,
        credentials: body.credentials,
      });
      return { appConnection: view(row) };
    },
  );

  app.get(
    BASE,
    { config: AUTHED, schema: { querystring: projectQuery, response: { 200: auth0ListReply } } },
    async (req) => {
      const { projectId } = req.query;
      const rows = connections
        .all()
        .filter((c) => c.app === "auth0" && (projectId === undefined || c.projectId === projectId));
      return { appConnections: sortByLowerName(rows).map((row) => withProject(store.state, view(row))) };
    },
  );

  app.get(
    `${BASE}/available`,
    { config: AUTHED, schema: { querystring: projectQuery, response: { 200: availableReply } } },
    async (req) => {
      const { projectId } = req.query;
      // Usable from a project: its own connections and the org-level ones.
      const rows = connections
        .all()
        .filter((c) => c.app === "auth0" && (c.projectId === null || c.projectId === projectId));
      return {
        appConnections: sortByLowerName(rows).map((c) => ({
          app: "auth0" as const,
          name: c.name,
          id: c.id,
          projectId: c.projectId,
          orgId: c.orgId,
        })),
      };
    },
  );

  app.get(
    `${BASE}/connection-name/:connectionName`,
    {
      config: AUTHED,
      schema: { params: connectionNameParams, querystring: projectQuery, response: { 200: auth0ConnectionReply } },
    },
    async (req) => {
      const { connectionName } = req.params;
      return { appConnection: view(connections.byNameForApp(connectionName, req.query.projectId ?? null, "auth0")) };
    },
  );

  app.get(
    `${BASE}/:connectionId`,
    { config: AUTHED, schema: { params: connectionIdParams, response: { 200: auth0ConnectionReply } } },
    async (req) => ({ appConnection: view(connections.byIdForApp(req.params.connectionId, "auth0")) }),
  );

  app.patch(
    `${BASE}/:connectionId`,
    {
      config: AUTHED,
      schema: { params: connectionIdParams, body: updateAuth0Body, response: { 200: auth0ConnectionReply } },
    },
    async (req) => {
      const { connectionId } = req.params;
      const body = req.body;
      connections.byIdForApp(connectionId, "auth0");
      if (body.credentials !== undefined)
        await checkAuth0Credentials(body.credentials, store.state.tenants, ctx.outboundTimeoutMs);
      // The connection may have been deleted (or renamed) while Auth0 answered: look it up again after the wait.
      const row = connections.byIdForApp(connectionId, "auth0");
      const updated = connections.update(row, {
        name: body.name,
        description: body.description,
        credentials: body.credentials,
      });
      return { appConnection: view(updated) };
    },
  );

  app.delete(
    `${BASE}/:connectionId`,
    { config: AUTHED, schema: { params: connectionIdParams, response: { 200: auth0ConnectionReply } } },
    async (req) => {
      const row = connections.byIdForApp(req.params.connectionId, "auth0");
      if (row.inUse) throw badRequest(IN_USE);
      const deleted = view(row);
      connections.remove(row);
      return { appConnection: deleted };
    },
  );
}
