// The infisicalauth0_app_connection data source: Terraform's calls translated to the core's lookup. The lookup rules
// (what may be combined, where a name is searched, what each miss says) are the core's (provider/connection/lookup).
import {
  type Auth0Connection,
  ConnectionError,
  type LookupInput,
  UNKNOWN,
  lookupConnection,
  lookupInputErrors,
  lookupRef,
} from "../connection";
import type { ProviderContext } from "./app-connection";
import { attributePath, terraformFieldName } from "./convert";
import { infisicalMessage, terraformMessage } from "./messages";
import { type Diagnostic, DiagnosticError, defineDataSource, error, isUnknown } from "./plugin";
import { type ConnectionDataModel, DATA_SOURCE_TYPE, connectionDataSchema } from "./schema";

/** The data source's attributes are named like the resource's: `project_id` for the core's `projectId`. */
const fieldName = terraformFieldName("plain");

/** The configuration as the core's lookup input (the plugin's unknown as the core's: set, value to come). */
function lookupInput(config: ConnectionDataModel): LookupInput {
  const core = (v: unknown) => (isUnknown(v) ? UNKNOWN : v);
  return { id: core(config.id), name: core(config.name), projectId: core(config.project_id) };
}

function diagnostic(e: ConnectionError): Diagnostic {
  const { summary, detail } = terraformMessage(e, fieldName);
  return error(summary, detail, e.field ? attributePath(e.field, "plain") : undefined);
}

/** The configured spelling of id, name and project_id is kept (Terraform requires a set value back unchanged). */
function model(config: ConnectionDataModel, live: Auth0Connection): ConnectionDataModel {
  const keep = (configured: unknown, value: string | null) => (typeof configured === "string" ? configured : value);
  return {
    id: keep(config.id, live.id),
    name: keep(config.name, live.name),
    project_id: keep(config.project_id, live.projectId),
    description: live.description,
    org_id: live.orgId,
    method: live.method,
    credentials: {
      domain: live.credentials.domain,
      client_id: live.credentials.clientId,
      audience: live.credentials.audience,
    },
    credentials_hash: live.credentialsHash,
    created_at: live.createdAt,
    updated_at: live.updatedAt,
  };
}

export const appConnectionDataSource = defineDataSource<typeof connectionDataSchema.attributes, ProviderContext>({
  typeName: DATA_SOURCE_TYPE,
  schema: connectionDataSchema,

  validate: ({ config }) => lookupInputErrors(lookupInput(config), fieldName).map(diagnostic),

  async read({ config }, { provider }) {
    try {
      const live = await lookupConnection(provider.client(), lookupRef(lookupInput(config)));
      return model(config, live);
    } catch (e) {
      if (e instanceof ConnectionError) throw new DiagnosticError(diagnostic(e));
      const client = infisicalMessage(e);
      if (client) throw new DiagnosticError(error(client.summary, client.detail));
      throw e;
    }
  },
});
