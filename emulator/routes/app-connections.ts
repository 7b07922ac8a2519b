import type { EmulatorApp } from "../server";
import type { EmulatorContext } from "../context";
import { apiConnection, sortByLowerName, withProject } from "../connection-view";
import { anyConnectionListReply, optionsReply, projectQuery } from "../schemas";

/** A representative slice of Infisical's app list; Auth0 is the one this project cares about. */
const APP_OPTIONS = [
  { name: "AWS", app: "aws", methods: ["assume-role", "access-key"] },
  { name: "GitHub", app: "github", methods: ["github-app", "oauth"] },
  { name: "GCP", app: "gcp", methods: ["service-account-impersonation"] },
  { name: "Azure Key Vault", app: "azure-key-vault", methods: ["oauth", "client-secret"] },
  { name: "Auth0", app: "auth0", methods: ["client-credentials"] },
];

const AUTHED = { auth: true };

export function registerAppConnectionRoutes(app: EmulatorApp, ctx: EmulatorContext): void {
  app.get(
    "/api/v1/app-connections/options",
    { config: AUTHED, schema: { response: { 200: optionsReply } } },
    async () => ({ appConnectionOptions: APP_OPTIONS }),
  );

  app.get(
    "/api/v1/app-connections",
    { config: AUTHED, schema: { querystring: projectQuery, response: { 200: anyConnectionListReply } } },
    async (req) => {
      const { projectId } = req.query;
      const rows = ctx.connections.all().filter((c) => projectId === undefined || c.projectId === projectId);
      const { state } = ctx.store;
      return { appConnections: sortByLowerName(rows).map((row) => withProject(state, apiConnection(state, row))) };
    },
  );
}
