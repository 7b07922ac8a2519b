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
        organization_slug: attr.string({
          optional: true,
          description:
            "The sub-organization to log in to, sent with every login. Env: INFISICAL_AUTH_ORGANIZATION_SLUG.",
        }),
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
        oidc: attr.single(
          {
            identity_id: attr.string({
              optional: true,
              description: "The machine identity's ID. Env: INFISICAL_MACHINE_IDENTITY_ID.",
            }),
            token_environment_variable_name: attr.string({
              optional: true,
              description:
                "The environment variable holding the JWT (read again at every login), e.g. " +
                "TFC_WORKLOAD_IDENTITY_TOKEN on HCP Terraform. Env: INFISICAL_OIDC_AUTH_TOKEN_NAME. Default: " +
                "INFISICAL_AUTH_JWT.",
            }),
            github_actions_audience: attr.string({
              optional: true,
              description:
                "In GitHub Actions: fetch a fresh ID token for this audience at every login instead of reading a " +
                "variable (the job needs permissions: id-token: write). Not in Infisical's own provider.",
            }),
          },
          {
            optional: true,
            description: "OIDC auth: a machine identity and a JWT from the CI's workload identity.",
          },
        ),
        kubernetes: attr.single(
          {
            identity_id: attr.string({
              optional: true,
              description: "The machine identity's ID. Env: INFISICAL_MACHINE_IDENTITY_ID.",
            }),
            service_account_token: attr.string({
              optional: true,
              sensitive: true,
              description:
                "The service-account token itself. Env: INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN. Without it, " +
                "the token is read from service_account_token_path at every login.",
            }),
            service_account_token_path: attr.string({
              optional: true,
              description:
                "The file holding the service-account token, read at every login. Env: " +
                "INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH. Default: " +
                "/var/run/secrets/kubernetes.io/serviceaccount/token.",
            }),
          },
          { optional: true, description: "Kubernetes auth: a machine identity and the pod's service-account token." },
        ),
        aws_iam: attr.single(
          {
            identity_id: attr.string({
              optional: true,
              description: "The machine identity's ID. Env: INFISICAL_MACHINE_IDENTITY_ID.",
            }),
          },
          {
            optional: true,
            description:
              "AWS IAM auth: a machine identity and a signed sts:GetCallerIdentity request, with credentials from " +
              "the AWS default chain (AWS_* variables, profile, web identity, container or instance role).",
          },
        ),
        token: attr.string({
          optional: true,
          sensitive: true,
          description: "A machine-identity access token. Env: INFISICAL_TOKEN.",
        }),
      },
      {
        optional: true,
        description:
          "How to authenticate to Infisical: one of universal, oidc, kubernetes, aws_iam or token (as in " +
          "Infisical's own provider). Without one, INFISICAL_AUTH_METHOD, then INFISICAL_TOKEN, then the " +
          "universal-auth variables decide.",
      },
    ),
  },
});

export type ProviderConfig = Model<typeof providerSchema.attributes>;

export const connectionSchema = defineSchema({
  version: 0,
  description:
    "An Infisical App Connection to Auth0: the credentials of an Auth0 machine-to-machine application (client " +
    "credentials) that Infisical's secret rotations and syncs use, at organization or project level.",
  attributes: {
    id: attr.string({ computed: true, description: "The connection's ID in Infisical (a UUID)." }),
    name: attr.string({
      required: true,
      description:
        "The connection's name: 1-64 lowercase letters, digits and single hyphens (e.g. auth0-prod). Unique within " +
        "its scope across all apps' connections. Changing it renames the connection in place.",
    }),
    description: attr.string({
      optional: true,
      description:
        "A free-text description shown in Infisical, at most 256 characters. Omit it (or set it to an empty " +
        "string) for none.",
    }),
    project_id: attr.string({
      optional: true,
      requiresReplace: true,
      description:
        "The ID of the Infisical project the connection belongs to. Omit it for an organization-level connection. " +
        "Changing it replaces the connection (the new one is created first).",
    }),
    method: attr.string({
      optional: true,
      computed: true,
      requiresReplace: true,
      default: "client-credentials",
      description: 'The authentication method. Only "client-credentials" exists, and it is the default.',
    }),
    credentials: attr.single(
      {
        domain: attr.string({
          required: true,
          description: "The Auth0 tenant's domain, e.g. my-tenant.us.auth0.com (or a custom domain).",
        }),
        client_id: attr.string({
          required: true,
          description: "The client ID of the Auth0 machine-to-machine application.",
        }),
        audience: attr.string({
          required: true,
          description:
            "The API the application requests tokens for (a URL), usually the tenant's Management API: " +
            "https://<domain>/api/v2/. The application must be authorized for it in Auth0.",
        }),
        client_secret: attr.string({
          optional: true,
          sensitive: true,
          description:
            "The application's client secret, stored (marked sensitive) in Terraform state. Set exactly one of " +
            "client_secret and client_secret_wo.",
        }),
        client_secret_wo: attr.string({
          optional: true,
          sensitive: true,
          writeOnly: true,
          description:
            "The application's client secret as a write-only attribute (Terraform 1.11 or later): never stored in " +
            "plan or state. Requires client_secret_wo_version; change that number to send a new secret.",
        }),
        client_secret_wo_version: attr.number({
          optional: true,
          description:
            "Required with client_secret_wo: any number; change it to send the current client_secret_wo again " +
            "(Terraform cannot see a change of a value it never stores).",
        }),
      },
      {
        required: true,
        description:
          "The Auth0 application's client credentials. Infisical checks them against Auth0 (it requests a token) " +
          "whenever they are sent.",
      },
    ),
    adopt_existing: attr.bool({
      optional: true,
      writeOnly: true,
      description:
        "Write-only (Terraform 1.11 or later), used only when the connection is created: if an Auth0 connection of " +
        "the same name already exists in the scope, take it over and set it to this configuration (credentials " +
        "included) instead of failing. Never stored, so changing it later is no change.",
    }),
    ignore_credential_refresh: attr.bool({
      optional: true,
      description:
        "Infisical rewrites the stored credentials (a new credentials_hash) whenever it refreshes its Auth0 token. " +
        "By default any hash change made outside Terraform is drift and the next apply sends the credentials again; " +
        "set this to true to ignore a change of the hash alone while every returned field still matches.",
    }),
    org_id: attr.string({ computed: true, description: "The ID of the Infisical organization the connection is in." }),
    credentials_hash: attr.string({
      computed: true,
      description:
        "Infisical's hash of the stored (encrypted) credentials; it changes whenever they are rewritten, by an edit " +
        "or by Infisical's own token refresh.",
    }),
    created_at: attr.string({
      computed: true,
      description: "When the connection was created in Infisical (an RFC 3339 timestamp).",
    }),
    updated_at: attr.string({
      computed: true,
      description:
        "When Infisical last wrote the connection (an RFC 3339 timestamp), including its own credential refreshes.",
    }),
  },
});

export type ConnectionModel = Model<typeof connectionSchema.attributes>;
export type CredentialsModel = Exclude<ConnectionModel["credentials"], null | import("./plugin").Unknown>;
