// The infisicalauth0 provider: its block configures one Infisical client per process (the client's shared token
// cache then logs in once), and it serves the infisicalauth0_app_connection resource and data source.
import type { Logger as ClientLogger } from "../infisical/types";
import { type ProviderContext, appConnectionResource } from "./app-connection";
import { appConnectionDataSource } from "./data-source";
import { DiagnosticError, defineProvider, error } from "./plugin";
import { createLogger } from "./plugin/logger";
import { PROVIDER_TYPE, type ProviderConfig, providerSchema } from "./schema";
import { settingsFromConfig } from "./settings";

const log = createLogger(`provider.terraform-provider-${PROVIDER_TYPE}`);

// The client promises never to put a secret in a message or field; only flat values are passed on.
const clientLogger: ClientLogger = (level, msg, fields = {}) => {
  const flat: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") flat[k] = v;
  }
  log.log(level, msg, flat);
};

export const infisicalAuth0Provider = defineProvider<typeof providerSchema.attributes, ProviderContext>({
  typeName: PROVIDER_TYPE,
  schema: providerSchema,
  // `terraform validate` must pass without credentials in the environment: only mistakes in the block itself.
  validate({ config }) {
    const result = settingsFromConfig(config as ProviderConfig, undefined, { validateOnly: true });
    return result.kind === "invalid" ? result.diagnostics : [];
  },
  configure({ config }): ProviderContext {
    const result = settingsFromConfig(config as ProviderConfig, clientLogger);
    if (result.kind === "invalid") throw new DiagnosticError(result.diagnostics);
    if (result.kind === "unknown") {
      return {
        client() {
          throw new DiagnosticError(
            error(
              "Provider configuration not known yet",
              "The infisicalauth0 provider block uses values known only after apply; apply those first (-target).",
            ),
          );
        },
      };
    }
    const input = result.input;
    return {
      // Loaded on first use: the HTTP client (undici, zod) would otherwise slow every one of the ~3 provider starts
      // per terraform command, most of which never call Infisical.
      client: () => (require("../infisical") as typeof import("../infisical")).getInfisicalClient(input),
    };
  },
  resources: [appConnectionResource],
  dataSources: [appConnectionDataSource],
});
