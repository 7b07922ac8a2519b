import * as pulumi from "@pulumi/pulumi";
import type { InfisicalSettingsInput } from "../infisical/types";
import type { StoredSettingKey } from "./props";
import { makeShim } from "./shim";
import { AUTH0_APP_CONNECTION_MODULE, AUTH0_APP_CONNECTION_TYPE, AUTH0_APP_CONNECTION_TYPE_NAME } from "./type-token";

const shim = makeShim();

/** The Auth0 machine-to-machine application whose credentials the connection holds. */
export interface Auth0CredentialsArgs {
  /**
   * The Auth0 tenant's domain, e.g. `acme.eu.auth0.com` (or a custom domain). Infisical requests tokens from
   * `https://<domain>/oauth/token`.
   */
  domain: pulumi.Input<string>;
  /** The client ID of an Auth0 machine-to-machine application in that tenant. */
  clientId: pulumi.Input<string>;
  /**
   * The application's client secret. Always stored as a Pulumi secret, whatever is passed: read it with
   * `config.requireSecret(...)`. Infisical checks it by requesting a token before storing it; it never returns it.
   */
  clientSecret: pulumi.Input<string>;
  /**
   * The API the application requests tokens for, usually the tenant's Management API: `https://<domain>/api/v2/`.
   * Must be a URL, and the application must be authorized for it in Auth0.
   */
  audience: pulumi.Input<string>;
}

/** Client options that cannot be stored in state (functions, timeouts, retries): refused by the type as well. */
type ClientOnlyOptions = { readonly [K in Exclude<keyof InfisicalSettingsInput, StoredSettingKey>]?: never };

/**
 * A resource's own Infisical settings, for a connection in another Infisical or organization than the stack's. Only
 * what can be kept in the stack's state (as a secret) is accepted: the client's other options (a `logger`,
 * timeouts) are a type error here, and `pulumi preview` refuses any other key, naming it. A setting left out falls
 * back to its environment variable (not to the stack config).
 */
export interface InfisicalSettingsArgs extends ClientOnlyOptions {
  /**
   * The Infisical server's origin, e.g. `https://eu.infisical.com` or a self-hosted URL (a trailing `/` or `/api` is
   * tolerated). Default: `INFISICAL_HOST`, else `https://app.infisical.com`.
   */
  host?: pulumi.Input<string>;
  /** The client ID of a machine identity with universal auth. Default: `INFISICAL_UNIVERSAL_AUTH_CLIENT_ID`. */
  clientId?: pulumi.Input<string>;
  /** That identity's client secret. Default: `INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET`. */
  clientSecret?: pulumi.Input<string>;
  /** A ready machine-identity access token, instead of `clientId` and `clientSecret`. Default: `INFISICAL_TOKEN`. */
  token?: pulumi.Input<string>;
}

/** The arguments for constructing an {@link Auth0AppConnection}. */
export interface Auth0AppConnectionArgs {
  /**
   * The connection's name, unique across all apps' connections in its scope (Infisical's rule: lowercase letters,
   * numbers and hyphens, 1-64). Default: the resource's logical name. A rename is an in-place update.
   */
  name?: pulumi.Input<string>;
  /** A description shown in Infisical, at most 256 characters. Omit it (or pass `""`) for none. */
  description?: pulumi.Input<string>;
  /**
   * The Infisical project the connection belongs to. Omit it for an org-level connection. Changing it replaces the
   * connection (the new one is created first, then the old one deleted).
   */
  projectId?: pulumi.Input<string>;
  /** How Infisical authenticates to Auth0: `client-credentials`, the only method it offers (and the default). */
  method?: pulumi.Input<"client-credentials">;
  /**
   * The Auth0 application's credentials. `clientSecret` is always a secret. Pass a plain object (as in the example)
   * so that `domain`, `clientId` and `audience` stay readable outputs; one secret Output of the whole object makes
   * every field secret.
   */
  credentials: pulumi.Input<Auth0CredentialsArgs>;
  /**
   * Take over an existing Auth0 connection of the same name in the same scope instead of failing on the duplicate
   * name: at create, one PATCH sets it to the declared values, the client secret included (Pulumi cannot import
   * dynamic resources). Another app's connection is never taken over. Only matters at create. Default: false.
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * Infisical rewrites an Auth0 connection's stored credentials each time it refreshes its Auth0 token, which changes
   * `credentialsHash`. By default any hash change counts as drift and the next `up` re-applies the credentials; set
   * this to true to ignore a hash-only change while every returned field still matches. Default: false.
   */
  ignoreCredentialRefresh?: pulumi.Input<boolean>;
  /**
   * This resource's own Infisical settings (another host or organization), stored as a secret. Default: the stack
   * config (`infisical:host`, `infisical:clientId`, `infisical:clientSecret`, `infisical:token`), else the
   * environment (`INFISICAL_*`).
   */
  infisical?: pulumi.Input<InfisicalSettingsArgs>;
}

/** The non-secret credentials Infisical returns for a connection (never the client secret). */
export interface Auth0CredentialsOutput {
  /** The Auth0 tenant's domain. */
  domain: string;
  /** The Auth0 application's client ID. */
  clientId: string;
  /** The API audience tokens are requested for. */
  audience: string;
}

export { AUTH0_APP_CONNECTION_TYPE };

/** The output-only properties, declared so the engine's outputs reach the resource's fields. */
const OUTPUTS_ONLY = {
  connectionId: undefined,
  orgId: undefined,
  credentialsHash: undefined,
  createdAt: undefined,
  updatedAt: undefined,
};
/** What `get` passes: every output's name and no value, so the engine reads with no prior state. */
const LOOKED_UP = {
  ...OUTPUTS_ONLY,
  name: undefined,
  description: undefined,
  projectId: undefined,
  method: undefined,
  credentials: undefined,
  adoptExisting: undefined,
  ignoreCredentialRefresh: undefined,
};

/**
 * The inputs handed to the dynamic provider: `name` defaults to the logical name, the client secret (and any
 * per-resource Infisical settings) are always secrets, and output-only properties are declared so they can be read.
 */
export function auth0AppConnectionInputs(name: string, args: Auth0AppConnectionArgs): pulumi.Inputs {
  const given = args.credentials;
  // A plain object keeps each field's own secretness: a secret clientSecret must not make the domain, client ID and
  // audience (and so their outputs) secret too. An Output or Promise of the whole object can only be split by apply(),
  // whose results carry the whole object's secretness.
  const whole = pulumi.Output.isInstance(given) || given instanceof Promise ? pulumi.output(given) : undefined;
  const field = <K extends keyof Auth0CredentialsArgs>(key: K): pulumi.Input<string> =>
    whole ? whole.apply((c) => c[key]) : (given as Auth0CredentialsArgs)[key];
  return {
    name: args.name ?? name,
    description: args.description,
    projectId: args.projectId,
    method: args.method ?? "client-credentials",
    credentials: {
      domain: field("domain"),
      clientId: field("clientId"),
      clientSecret: pulumi.secret(field("clientSecret")),
      audience: field("audience"),
    },
    adoptExisting: args.adoptExisting,
    ignoreCredentialRefresh: args.ignoreCredentialRefresh,
    infisical: args.infisical === undefined ? undefined : pulumi.secret(args.infisical),
    ...OUTPUTS_ONLY,
  };
}

/**
 * An Infisical **Auth0 App Connection** (`/api/v1/app-connections/auth0`): the credentials of an Auth0
 * machine-to-machine application that Infisical's secret rotations and syncs use, org-level or in a project.
 *
 * Values are checked with Infisical's own rules at `pulumi preview`, before any API call. Create is one POST, an
 * update one PATCH carrying only what changed, refresh one GET, delete one DELETE; changing `projectId` or `method`
 * replaces the connection. The client secret is always a secret and never appears in outputs.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as pulumi from "@pulumi/pulumi";
 * import { Auth0AppConnection } from "infisical-auth0-iac/pulumi";
 *
 * const config = new pulumi.Config();
 * const credentials = {
 *   domain: "acme.eu.auth0.com",
 *   clientId: config.require("auth0ClientId"),
 *   // pulumi config set --secret auth0ClientSecret <the M2M application's client secret>
 *   clientSecret: config.requireSecret("auth0ClientSecret"),
 *   audience: "https://acme.eu.auth0.com/api/v2/",
 * };
 *
 * // An org-level connection (no projectId), named after the resource: "auth0-org".
 * const org = new Auth0AppConnection("auth0-org", {
 *   description: "Auth0 tenant for organization-wide secret rotation",
 *   credentials,
 * });
 *
 * // A project-level connection. adoptExisting takes over the "auth0-prod" connection someone created in the UI
 * // (one PATCH sets it to these values, the secret included) instead of failing on the duplicate name.
 * const project = new Auth0AppConnection("auth0-project", {
 *   name: "auth0-prod",
 *   projectId: config.require("infisicalProjectId"),
 *   credentials,
 *   adoptExisting: true,
 *   ignoreCredentialRefresh: true,
 * });
 *
 * // A connection another stack manages, read by its id (nothing is changed).
 * const shared = Auth0AppConnection.get("shared-auth0", config.require("sharedConnectionId"));
 *
 * export const orgConnectionId = org.connectionId;
 * export const projectConnectionId = project.connectionId;
 * export const sharedTenant = shared.credentials.domain;
 * ```
 *
 * ## Infisical settings
 *
 * Stack config (secrets with `--secret`), else Infisical's environment variables: `infisical:host`
 * (`INFISICAL_HOST`, default `https://app.infisical.com`), `infisical:clientId` and `infisical:clientSecret`
 * (`INFISICAL_UNIVERSAL_AUTH_CLIENT_ID`, `INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET`) of a machine identity with
 * universal auth, or `infisical:token` (`INFISICAL_TOKEN`). A resource may carry its own settings instead
 * (`infisical`).
 *
 * ## Import
 *
 * Pulumi cannot import dynamic resources: set `adoptExisting: true` to take an existing connection over, or use
 * {@link Auth0AppConnection.get} to read one without managing it.
 */
export class Auth0AppConnection extends pulumi.dynamic.Resource {
  /**
   * Get an existing Auth0AppConnection's state with the given name and id: the engine reads it from Infisical (one
   * GET, on every `pulumi up` and `preview`) and never changes or deletes it. An id that names no Auth0 connection
   * is an error naming the id. It reads with the stack's Infisical settings.
   *
   * @param name The _unique_ name of the resulting resource.
   * @param id The connection's id (a uuid), as the `connectionId` output and Infisical's UI show it.
   * @param opts Optional settings to control the behavior of the CustomResource.
   */
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): Auth0AppConnection {
    return new Auth0AppConnection(name, undefined, { ...opts, id });
  }

  /** @internal */
  public static readonly __pulumiType = AUTH0_APP_CONNECTION_TYPE;

  /**
   * Returns true if the given object is an instance of Auth0AppConnection. This is designed to work even when
   * multiple copies of this package or of the Pulumi SDK have been loaded into the same process.
   */
  public static override isInstance(obj: unknown): obj is Auth0AppConnection {
    // An object (not the class itself, whose static marker has the same value) carrying the type token.
    if (obj === null || typeof obj !== "object") return false;
    return (obj as Record<string, unknown>)["__pulumiType"] === Auth0AppConnection.__pulumiType;
  }

  /** The connection's id in Infisical (a uuid), also the resource's `id`. What syncs and rotations refer to. */
  declare public readonly connectionId: pulumi.Output<string>;
  /** The connection's name, as Infisical stores it (trimmed). */
  declare public readonly name: pulumi.Output<string>;
  /** The description, or null when there is none. */
  declare public readonly description: pulumi.Output<string | null>;
  /** The project the connection belongs to, or null for an org-level connection. */
  declare public readonly projectId: pulumi.Output<string | null>;
  /** The Infisical organization that owns the connection. */
  declare public readonly orgId: pulumi.Output<string>;
  /** How Infisical authenticates to Auth0: always `client-credentials`. */
  declare public readonly method: pulumi.Output<"client-credentials">;
  /** The stored credentials as Infisical returns them: domain, client ID and audience (never the client secret). */
  declare public readonly credentials: pulumi.Output<Auth0CredentialsOutput>;
  /**
   * Infisical's hash of the stored credentials. It changes when they are rewritten: by an edit, and also when
   * Infisical refreshes its Auth0 token (see `ignoreCredentialRefresh`).
   */
  declare public readonly credentialsHash: pulumi.Output<string | null>;
  /** Whether the resource was declared with `adoptExisting` (false for a connection read with `get`). */
  declare public readonly adoptExisting: pulumi.Output<boolean>;
  /** Whether a credentialsHash change alone is ignored on refresh (false for a connection read with `get`). */
  declare public readonly ignoreCredentialRefresh: pulumi.Output<boolean>;
  /** When the connection was created (ISO 8601, from Infisical). */
  declare public readonly createdAt: pulumi.Output<string>;
  /** When the connection was last written (ISO 8601, from Infisical); it moves on every write, Infisical's too. */
  declare public readonly updatedAt: pulumi.Output<string>;

  /**
   * Create an Auth0AppConnection resource with the given unique name, arguments, and options.
   *
   * @param name The _unique_ name of the resource (the connection's name unless `args.name` is set).
   * @param args The arguments to use to populate this resource's properties.
   * @param opts A bag of options that control this resource's behavior.
   */
  constructor(name: string, args: Auth0AppConnectionArgs, opts?: pulumi.CustomResourceOptions);
  /** @internal */
  constructor(name: string, args: Auth0AppConnectionArgs | undefined, opts?: pulumi.CustomResourceOptions);
  constructor(name: string, args: Auth0AppConnectionArgs | undefined, opts: pulumi.CustomResourceOptions = {}) {
    // With an id, the engine reads the connection (get): only the output names are passed, no prior state.
    const inputs = opts.id !== undefined ? { ...LOOKED_UP } : auth0AppConnectionInputs(name, argsOf(name, args));
    super(
      shim,
      name,
      inputs,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["clientSecretFingerprint", "infisical"] }),
      AUTH0_APP_CONNECTION_MODULE,
      AUTH0_APP_CONNECTION_TYPE_NAME,
    );
  }
}

function argsOf(name: string, args: Auth0AppConnectionArgs | undefined): Auth0AppConnectionArgs {
  if (args === undefined || args === null) {
    throw new Error(`Auth0AppConnection "${name}": missing args (credentials are required); to read one, use get()`);
  }
  return args;
}
