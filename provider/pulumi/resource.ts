import * as pulumi from "@pulumi/pulumi";
import type { InfisicalSettingsInput } from "../infisical/types";
import { makeShim } from "./shim";
import { AUTH0_APP_CONNECTION_MODULE, AUTH0_APP_CONNECTION_TYPE, AUTH0_APP_CONNECTION_TYPE_NAME } from "./type-token";

const shim = makeShim();

export interface Auth0CredentialsArgs {
  /** The Auth0 tenant domain, e.g. `my-tenant.us.auth0.com`. */
  domain: pulumi.Input<string>;
  /** The client ID of an Auth0 machine-to-machine application. */
  clientId: pulumi.Input<string>;
  /** Its client secret. Always stored as a Pulumi secret, whatever is passed. */
  clientSecret: pulumi.Input<string>;
  /** The API audience, usually the Management API: `https://<domain>/api/v2/`. */
  audience: pulumi.Input<string>;
}

export interface Auth0AppConnectionArgs {
  /** Connection name (lowercase letters, numbers, hyphens; 1-64). Defaults to the resource's logical name. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Omit for an org-level connection. Changing it replaces the connection. */
  projectId?: pulumi.Input<string>;
  /** The only method Infisical offers for Auth0. Changing it replaces the connection. */
  method?: pulumi.Input<"client-credentials">;
  credentials: pulumi.Input<Auth0CredentialsArgs>;
  /** Take over an existing connection of the same name in the scope instead of failing on the duplicate name. */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * Infisical rewrites an Auth0 connection's stored credentials each time it refreshes its Auth0 token, which changes
   * `credentialsHash`. By default any hash change counts as drift and the next `up` re-applies the credentials; set
   * this to true to ignore a hash-only change while every returned field still matches.
   */
  ignoreCredentialRefresh?: pulumi.Input<boolean>;
  /** This resource's own Infisical settings (another host or org). Stored as a secret. Default: stack config, env. */
  infisical?: pulumi.Input<InfisicalSettingsInput>;
}

export { AUTH0_APP_CONNECTION_TYPE };

/**
 * The inputs handed to the dynamic provider: `name` defaults to the logical name, the client secret (and any
 * per-resource Infisical settings) are always secrets, and output-only properties are declared so they can be read.
 */
export function auth0AppConnectionInputs(name: string, args: Auth0AppConnectionArgs): pulumi.Inputs {
  const credentials = pulumi.output(args.credentials);
  return {
    name: args.name ?? name,
    description: args.description,
    projectId: args.projectId,
    method: args.method ?? "client-credentials",
    credentials: {
      domain: credentials.apply((c) => c.domain),
      clientId: credentials.apply((c) => c.clientId),
      clientSecret: pulumi.secret(credentials.apply((c) => c.clientSecret)),
      audience: credentials.apply((c) => c.audience),
    },
    adoptExisting: args.adoptExisting,
    ignoreCredentialRefresh: args.ignoreCredentialRefresh,
    infisical: args.infisical === undefined ? undefined : pulumi.secret(args.infisical),
    connectionId: undefined,
    orgId: undefined,
    credentialsHash: undefined,
    createdAt: undefined,
    updatedAt: undefined,
  };
}

/** An Infisical Auth0 App Connection (`/api/v1/app-connections/auth0`). */
export class Auth0AppConnection extends pulumi.dynamic.Resource {
  declare readonly connectionId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | null>;
  declare readonly projectId: pulumi.Output<string | null>;
  declare readonly orgId: pulumi.Output<string>;
  declare readonly method: pulumi.Output<"client-credentials">;
  declare readonly credentials: pulumi.Output<{ domain: string; clientId: string; audience: string }>;
  declare readonly credentialsHash: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: Auth0AppConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim,
      name,
      auth0AppConnectionInputs(name, args),
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["clientSecretFingerprint", "infisical"] }),
      AUTH0_APP_CONNECTION_MODULE,
      AUTH0_APP_CONNECTION_TYPE_NAME,
    );
  }
}
