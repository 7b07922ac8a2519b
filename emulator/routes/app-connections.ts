import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { apiListItem, sortByLowerName } from "../connection-view";
import { projectQuery } from "../schemas";

/** A representative slice of Infisical's app list; Auth0 is the one this project cares about. */
const APP_OPTIONS = [
  { name: "AWS", app: "aws", methods: ["assume-role", "access-key"] },
  { name: "GitHub", app: "github", methods: ["github-app", "oauth"] },
  { name: "GCP", app: "gcp", methods: ["service-account-impersonation"] },
  { name: "Azure Key Vault", app: "azure-key-vault", methods: ["oauth", "client-secret"] },
  { name: "Auth0", app: "auth0", methods: ["client-credentials"] },
];

export function registerAppConnectionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get("/api/v1/app-connections/options", { config: { auth: true } }, async () => ({
    appConnectionOptions: APP_OPTIONS,
  }));

  app.get("/api/v1/app-connections", { config: { auth: true } }, async (req) => {
    const { projectId } = projectQuery.parse(req.query);
    const rows = ctx.connections.all().filter((c) => projectId === undefined || c.projectId === projectId);
    return { appConnections: sortByLowerName(rows).map((row) => apiListItem(ctx.store.state, row)) };
  });
}
