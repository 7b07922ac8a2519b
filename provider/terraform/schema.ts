// The Terraform schemas: the provider block in the shape Infisical's own provider uses, the
// infisicalauth0_app_connection resource and the infisicalauth0_app_connection data source. Every description is
// written once, in Markdown (see describe.ts); the Registry docs (docs/) are generated from these schemas.
import { described } from "./describe";
import { attr, defineSchema, type Model } from "./plugin";

export const PROVIDER_TYPE = "infisicalauth0";
export const PROVIDER_SOURCE = "registry.terraform.io/infisical-iac/infisicalauth0";
export const RESOURCE_TYPE = "infisicalauth0_app_connection";
export const DATA_SOURCE_TYPE = "infisicalauth0_app_connection";

const IDENTITIES = "https://infisical.com/docs/documentation/platform/identities";
const AUTH0_CONNECTION = "https://infisical.com/docs/integrations/app-connections/auth0";
const WRITE_ONLY = "https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments";

const identityId = (method: string) =>
  attr.string({
    optional: true,
    ...described(
      `The ID of the machine identity that has ${method} configured (Infisical: Access Control → Identities). ` +
        "Env: `INFISICAL_MACHINE_IDENTITY_ID`.",
    ),
  });

export const providerSchema = defineSchema({
  version: 0,
  ...described(
    "Manages Infisical's [Auth0 App Connections](" +
      AUTH0_CONNECTION +
      ") — the Auth0 machine-to-machine credentials that Infisical's secret rotations and syncs use — which " +
      "Infisical's own provider does not cover. Authenticates to Infisical as a machine identity, with the same " +
      "settings and environment variables as Infisical's own provider.",
  ),
  attributes: {
    host: attr.string({
      optional: true,
      ...described(
        "Infisical's URL: `https://app.infisical.com` (the default, US Cloud), `https://eu.infisical.com` (EU " +
          "Cloud) or your self-hosted instance's URL. Env: `INFISICAL_HOST`.",
      ),
    }),
    auth: attr.single(
      {
        organization_slug: attr.string({
          optional: true,
          ...described(
            "The slug of the sub-organization to log in to, sent with every login (the identity must belong to " +
              "it). Env: `INFISICAL_AUTH_ORGANIZATION_SLUG`.",
          ),
        }),
        universal: attr.single(
          {
            client_id: attr.string({
              optional: true,
              ...described(
                "The machine identity's universal-auth client ID. Env: `INFISICAL_UNIVERSAL_AUTH_CLIENT_ID`.",
              ),
            }),
            client_secret: attr.string({
              optional: true,
              sensitive: true,
              ...described(
                "The machine identity's universal-auth client secret. Env: `INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET`.",
              ),
            }),
          },
          {
            optional: true,
            ...described(
              `[Universal auth](${IDENTITIES}/universal-auth): a machine identity's client ID and client secret.`,
            ),
          },
        ),
        oidc: attr.single(
          {
            identity_id: identityId("OIDC auth"),
            token_environment_variable_name: attr.string({
              optional: true,
              ...described(
                "The environment variable holding the JWT, read again at every login: e.g. " +
                  "`TFC_WORKLOAD_IDENTITY_TOKEN` on HCP Terraform. Env: `INFISICAL_OIDC_AUTH_TOKEN_NAME`. Default: " +
                  "`INFISICAL_AUTH_JWT`.",
              ),
            }),
            github_actions_audience: attr.string({
              optional: true,
              ...described(
                "In GitHub Actions: fetch a fresh ID token for this audience at every login instead of reading a " +
                  "variable (the job needs `permissions: id-token: write`). Not in Infisical's own provider.",
              ),
            }),
          },
          {
            optional: true,
            ...described(
              `[OIDC auth](${IDENTITIES}/oidc-auth/general): a machine identity and a JWT from your CI's workload ` +
                "identity (HCP Terraform, GitHub Actions, GitLab CI, ...).",
            ),
          },
        ),
        kubernetes: attr.single(
          {
            identity_id: identityId("Kubernetes auth"),
            service_account_token: attr.string({
              optional: true,
              sensitive: true,
              ...described(
                "The service-account token itself. Env: `INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN`. Without it, " +
                  "the token is read from `service_account_token_path` at every login.",
              ),
            }),
            service_account_token_path: attr.string({
              optional: true,
              ...described(
                "The file holding the service-account token, read at every login (so a rotated token is picked " +
                  "up). Env: `INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH`. Default: " +
                  "`/var/run/secrets/kubernetes.io/serviceaccount/token`.",
              ),
            }),
          },
          {
            optional: true,
            ...described(
              `[Kubernetes auth](${IDENTITIES}/kubernetes-auth): a machine identity and the pod's service-account ` +
                "token.",
            ),
          },
        ),
        aws_iam: attr.single(
          { identity_id: identityId("AWS auth") },
          {
            optional: true,
            ...described(
              `[AWS IAM auth](${IDENTITIES}/aws-auth): a machine identity and a signed \`sts:GetCallerIdentity\` ` +
                "request, with credentials from the AWS default chain (`AWS_*` variables, profile, web identity, " +
                "container or instance role) and `AWS_REGION`.",
            ),
          },
        ),
        token: attr.string({
          optional: true,
          sensitive: true,
          ...described(
            `A machine identity's access token ([token auth](${IDENTITIES}/token-auth)), used as it is. Env: ` +
              "`INFISICAL_TOKEN`.",
          ),
        }),
      },
      {
        optional: true,
        ...described(
          "How to authenticate to Infisical: exactly one of `universal`, `oidc`, `kubernetes`, `aws_iam` or " +
            "`token`, as in Infisical's own provider. Without one, `INFISICAL_AUTH_METHOD` (`universal`, `oidc`, " +
            "`kubernetes`, `aws_iam`, `token`) decides, then `INFISICAL_TOKEN`, then the universal-auth variables.",
        ),
      },
    ),
  },
});

export type ProviderConfig = Model<typeof providerSchema.attributes>;

const NAME_RULE = "1-64 lowercase letters, digits and single hyphens, e.g. `auth0-prod`";

export const connectionSchema = defineSchema({
  version: 0,
  ...described(
    `An Infisical [App Connection to Auth0](${AUTH0_CONNECTION}): the client credentials of an Auth0 ` +
      "machine-to-machine application that Infisical's secret rotations and syncs use, at organization or " +
      "project level. Infisical checks the credentials against Auth0 (it requests a token) whenever they are " +
      "sent. The client secret can stay out of plan and state: use `credentials.client_secret_wo`.",
  ),
  attributes: {
    id: attr.string({ computed: true, ...described("The connection's ID in Infisical (a UUID).") }),
    name: attr.string({
      required: true,
      ...described(
        `The connection's name (${NAME_RULE}), unique within its scope across every app's connections. ` +
          "Changing it renames the connection in place.",
      ),
    }),
    description: attr.string({
      optional: true,
      ...described(
        'A free-text description shown in Infisical, at most 256 characters. Omit it (or set `""`) for none.',
      ),
    }),
    project_id: attr.string({
      optional: true,
      requiresReplace: true,
      ...described(
        "The ID of the Infisical project the connection belongs to; omit it for an organization-level connection. " +
          "Changing it replaces the connection (the new one is created first).",
      ),
    }),
    method: attr.string({
      optional: true,
      computed: true,
      requiresReplace: true,
      default: "client-credentials",
      ...described('The authentication method: `"client-credentials"`, the only one Infisical offers for Auth0.'),
    }),
    credentials: attr.single(
      {
        domain: attr.string({
          required: true,
          ...described("The Auth0 tenant's domain, e.g. `my-tenant.us.auth0.com`, or a custom domain."),
        }),
        client_id: attr.string({
          required: true,
          ...described("The client ID of the Auth0 machine-to-machine application."),
        }),
        audience: attr.string({
          required: true,
          ...described(
            "The API the application requests tokens for (a URL), usually the tenant's Management API: " +
              "`https://<domain>/api/v2/`. The application must be authorized for it in Auth0 (APIs → the API → " +
              "Machine to Machine Applications).",
          ),
        }),
        client_secret: attr.string({
          optional: true,
          sensitive: true,
          ...described(
            "The application's client secret, kept (marked sensitive) in Terraform state. Set exactly one of " +
              "`client_secret` and `client_secret_wo`.",
          ),
        }),
        client_secret_wo: attr.string({
          optional: true,
          sensitive: true,
          writeOnly: true,
          ...described(
            `The application's client secret as a [write-only argument](${WRITE_ONLY}) (Terraform 1.11 or later): ` +
              "never stored in plan or state. Requires `client_secret_wo_version`.",
          ),
        }),
        client_secret_wo_version: attr.number({
          optional: true,
          ...described(
            "Required with `client_secret_wo`: any number. Change it to send the current `client_secret_wo` " +
              "again (Terraform cannot see a change of a value it never stores), e.g. after rotating the secret.",
          ),
        }),
      },
      {
        required: true,
        ...described(
          "The Auth0 application's client credentials. Sent (all four fields) on create and whenever one of " +
            "them, the secret or `client_secret_wo_version` changes.",
        ),
      },
    ),
    adopt_existing: attr.bool({
      optional: true,
      writeOnly: true,
      ...described(
        "Used only when the connection is created: if an Auth0 connection of the same name already exists in the " +
          "scope, take it over and set it to this configuration (credentials included) instead of failing. " +
          `[Write-only](${WRITE_ONLY}) (Terraform 1.11 or later): never stored, so changing it later is no change.`,
      ),
    }),
    ignore_credential_refresh: attr.bool({
      optional: true,
      ...described(
        "Infisical rewrites the stored credentials (a new `credentials_hash`) whenever it refreshes its Auth0 " +
          "token. By default any hash change made outside Terraform is drift and the next apply sends the " +
          "credentials again; set `true` to ignore a change of the hash alone while every returned field matches.",
      ),
    }),
    org_id: attr.string({
      computed: true,
      ...described("The ID of the Infisical organization the connection is in."),
    }),
    credentials_hash: attr.string({
      computed: true,
      ...described(
        "Infisical's hash of the stored (encrypted) credentials. It changes whenever they are rewritten: by an " +
          "edit, or by Infisical's own token refresh (see `ignore_credential_refresh`).",
      ),
    }),
    created_at: attr.string({
      computed: true,
      ...described("When the connection was created in Infisical (an RFC 3339 timestamp)."),
    }),
    updated_at: attr.string({
      computed: true,
      ...described(
        "When Infisical last wrote the connection (an RFC 3339 timestamp), its own credential refreshes included.",
      ),
    }),
  },
});

export type ConnectionModel = Model<typeof connectionSchema.attributes>;
export type CredentialsModel = Exclude<ConnectionModel["credentials"], null | import("./plugin").Unknown>;

export const connectionDataSchema = defineSchema({
  version: 0,
  ...described(
    `Reads an existing Infisical [App Connection to Auth0](${AUTH0_CONNECTION}), managed elsewhere (in the UI, ` +
      "by another configuration): by `id`, or by `name` — alone for the org-level connection of that name, with " +
      "`project_id` for a project-level one, as Infisical's own name lookup does. Returns every field Infisical " +
      "returns; never the client secret, which Infisical does not return.",
  ),
  attributes: {
    id: attr.string({
      optional: true,
      computed: true,
      ...described("The connection's ID (a UUID). Set exactly one of `id` and `name`."),
    }),
    name: attr.string({
      optional: true,
      computed: true,
      ...described(
        "The connection's name. Set exactly one of `id` and `name`. Without `project_id`, " +
          "the org-level connection of that name is read.",
      ),
    }),
    project_id: attr.string({
      optional: true,
      computed: true,
      ...described(
        "With `name`: the project whose connection of that name is read. Not allowed with `id`. Read back as " +
          "the connection's project (null for an org-level connection).",
      ),
    }),
    description: attr.string({
      computed: true,
      ...described("The connection's description, or null when it has none."),
    }),
    org_id: attr.string({
      computed: true,
      ...described("The ID of the Infisical organization the connection is in."),
    }),
    method: attr.string({
      computed: true,
      ...described('The authentication method: `"client-credentials"`.'),
    }),
    credentials: attr.single(
      {
        domain: attr.string({ computed: true, ...described("The Auth0 tenant's domain.") }),
        client_id: attr.string({
          computed: true,
          ...described("The client ID of the Auth0 machine-to-machine application."),
        }),
        audience: attr.string({
          computed: true,
          ...described("The API the application requests tokens for (a URL)."),
        }),
      },
      {
        computed: true,
        ...described("The Auth0 application's credentials as Infisical returns them: never the client secret."),
      },
    ),
    credentials_hash: attr.string({
      computed: true,
      ...described("Infisical's hash of the stored (encrypted) credentials; it changes whenever they are rewritten."),
    }),
    created_at: attr.string({
      computed: true,
      ...described("When the connection was created in Infisical (an RFC 3339 timestamp)."),
    }),
    updated_at: attr.string({
      computed: true,
      ...described("When Infisical last wrote the connection (an RFC 3339 timestamp)."),
    }),
  },
});

export type ConnectionDataModel = Model<typeof connectionDataSchema.attributes>;
