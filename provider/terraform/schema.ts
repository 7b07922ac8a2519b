// The Terraform schemas: the provider block in the shape Infisical's own provider uses, and the
// infisicalauth0_app_connection resource.
import { attr, defineSchema, type Model } from "./plugin";

export const PROVIDER_TYPE = "infisicalauth0";
export const PROVIDER_SOURCE = "registry.terraform.io/infisical-iac/infisicalauth0";
export const RESOURCE_TYPE = "infisicalauth0_app_connection";

export const providerSchema = defineSchema({
  version: 0,
  description: "Manages Infisical's Auth0 App Connections.",
  attributes: {
    host: attr.string({
      optional: true,
      description: "Infisical's URL. Env: INFISICAL_HOST. Default: https://app.infisical.com.",
    }),
    auth: attr.single(
      {
        universal: attr.single(
          {
            client_id: attr.string({
              optional: true,
              description: "Machine identity client id. Env: INFISICAL_UNIVERSAL_AUTH_CLIENT_ID.",
            }),
            client_secret: attr.string({
              optional: true,
              sensitive: true,
              description: "Machine identity client secret. Env: INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET.",
            }),
          },
          { optional: true, description: "Universal auth (machine identity)." },
        ),
        token: attr.string({
          optional: true,
          sensitive: true,
          description: "A machine-identity access token. Env: INFISICAL_TOKEN.",
        }),
      },
      { optional: true, description: "How to authenticate to Infisical." },
    ),
  },
});

export type ProviderConfig = Model<typeof providerSchema.attributes>;

export const connectionSchema = defineSchema({
  version: 0,
  description: "An Infisical App Connection to Auth0 (client credentials), at organization or project level.",
  attributes: {
    id: attr.string({ computed: true, description: "The connection's id (a uuid)." }),
    name: attr.string({
      required: true,
      description: "1-64 lowercase letters, digits and hyphens; unique across all apps in the scope.",
    }),
    description: attr.string({ optional: true, description: "At most 256 characters." }),
    project_id: attr.string({
      optional: true,
      requiresReplace: true,
      description: "Project id for a project-level connection; omit for an org-level one. Changing it replaces.",
    }),
    method: attr.string({
      optional: true,
      computed: true,
      requiresReplace: true,
      default: "client-credentials",
      description: 'Authentication method; only "client-credentials" exists.',
    }),
    credentials: attr.single(
      {
        domain: attr.string({ required: true, description: "Auth0 tenant domain, e.g. my-tenant.us.auth0.com." }),
        client_id: attr.string({ required: true, description: "Auth0 application client id." }),
        audience: attr.string({ required: true, description: "API audience (a URL)." }),
        client_secret: attr.string({
          optional: true,
          sensitive: true,
          description: "Auth0 client secret, kept in state. Set this or client_secret_wo.",
        }),
        client_secret_wo: attr.string({
          optional: true,
          sensitive: true,
          writeOnly: true,
          description:
            "Auth0 client secret, never stored (Terraform >= 1.11). Bump client_secret_wo_version to send a new one.",
        }),
        client_secret_wo_version: attr.number({
          optional: true,
          description: "Change it to send client_secret_wo again. Required with client_secret_wo.",
        }),
      },
      { required: true, description: "Auth0 client-credentials application." },
    ),
    adopt_existing: attr.bool({
      optional: true,
      description: "On create, take over a connection of the same name in the scope instead of failing.",
    }),
    ignore_credential_refresh: attr.bool({
      optional: true,
      description: "Do not report Infisical's own Auth0 token refresh (a credentials_hash-only change) as drift.",
    }),
    org_id: attr.string({ computed: true, description: "Organization id." }),
    credentials_hash: attr.string({ computed: true, description: "Infisical's hash of the stored credentials." }),
    created_at: attr.string({ computed: true }),
    updated_at: attr.string({ computed: true }),
  },
});

export type ConnectionModel = Model<typeof connectionSchema.attributes>;
export type CredentialsModel = Exclude<ConnectionModel["credentials"], null | import("./plugin").Unknown>;
