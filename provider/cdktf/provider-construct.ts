// Hand-written in the shape `cdktf get` generates for a provider (getters, setters, reset*, *Input, both synthesis
// paths), so it reads like any generated binding but needs neither the cdktf CLI nor a registry download.
import type { Construct } from "constructs";
import type * as cdktf from "cdktf";
import type { Cdktf } from "./library";
import { GENERATOR_METADATA, PROVIDER_SOURCE, PROVIDER_TYPE } from "./names";

export interface InfisicalAuth0ProviderUniversalAuth {
  /** Machine identity client id (universal auth). Default: INFISICAL_UNIVERSAL_AUTH_CLIENT_ID. */
  readonly clientId?: string;
  /** Machine identity client secret; default INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET. Pass a sensitive variable. */
  readonly clientSecret?: string;
}

export interface InfisicalAuth0ProviderOidcAuth {
  /** The machine identity's ID. Default: INFISICAL_MACHINE_IDENTITY_ID. */
  readonly identityId?: string;
  /** The environment variable holding the JWT, e.g. TFC_WORKLOAD_IDENTITY_TOKEN. Default: INFISICAL_AUTH_JWT. */
  readonly tokenEnvironmentVariableName?: string;
  /** In GitHub Actions: fetch a fresh ID token for this audience at every login. */
  readonly githubActionsAudience?: string;
}

export interface InfisicalAuth0ProviderKubernetesAuth {
  /** The machine identity's ID. Default: INFISICAL_MACHINE_IDENTITY_ID. */
  readonly identityId?: string;
  /** The service-account token; default INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN. Pass a sensitive variable. */
  readonly serviceAccountToken?: string;
  /** The token's file, read at every login. Default: the pod's mounted service-account token. */
  readonly serviceAccountTokenPath?: string;
}

export interface InfisicalAuth0ProviderAwsIamAuth {
  /** The machine identity's ID. Default: INFISICAL_MACHINE_IDENTITY_ID. */
  readonly identityId?: string;
}

export interface InfisicalAuth0ProviderAuth {
  /** Universal auth with a machine identity's client ID and secret. */
  readonly universal?: InfisicalAuth0ProviderUniversalAuth;
  /** OIDC auth: a machine identity and the CI's workload-identity JWT. */
  readonly oidc?: InfisicalAuth0ProviderOidcAuth;
  /** Kubernetes auth: a machine identity and the pod's service-account token. */
  readonly kubernetes?: InfisicalAuth0ProviderKubernetesAuth;
  /** AWS IAM auth: a machine identity and the AWS default credential chain. */
  readonly awsIam?: InfisicalAuth0ProviderAwsIamAuth;
  /** A machine identity access token; default INFISICAL_TOKEN. Pass a sensitive TerraformVariable, not a literal. */
  readonly token?: string;
  /** The sub-organization to log in to. Default: INFISICAL_AUTH_ORGANIZATION_SLUG. */
  readonly organizationSlug?: string;
}

export interface InfisicalAuth0ProviderConfig {
  /** Infisical URL, e.g. `https://app.infisical.com`. Defaults to the provider's own default (INFISICAL_HOST). */
  readonly host?: string;
  /** Credentials; when absent the provider reads INFISICAL_UNIVERSAL_AUTH_CLIENT_ID/SECRET or INFISICAL_TOKEN. */
  readonly auth?: InfisicalAuth0ProviderAuth;
  /** Alias for using more than one configuration of the provider in a stack. */
  readonly alias?: string;
}

export interface InfisicalAuth0Provider extends cdktf.TerraformProvider {
  host: string | undefined;
  resetHost(): void;
  readonly hostInput: string | undefined;
  auth: InfisicalAuth0ProviderAuth | undefined;
  resetAuth(): void;
  readonly authInput: InfisicalAuth0ProviderAuth | undefined;
  alias: string | undefined;
  resetAlias(): void;
  readonly aliasInput: string | undefined;
}

export interface InfisicalAuth0ProviderClass {
  new (scope: Construct, id: string, config?: InfisicalAuth0ProviderConfig): InfisicalAuth0Provider;
  readonly tfResourceType: typeof PROVIDER_TYPE;
}

type Synthesized = { [name: string]: unknown };

function authToTerraform(cdk: Cdktf, auth: InfisicalAuth0ProviderAuth | undefined): Synthesized | undefined {
  if (auth === undefined) return undefined;
  return {
    universal:
      auth.universal === undefined
        ? undefined
        : {
            client_id: cdk.stringToTerraform(auth.universal.clientId),
            client_secret: cdk.stringToTerraform(auth.universal.clientSecret),
          },
    oidc:
      auth.oidc === undefined
        ? undefined
        : {
            identity_id: cdk.stringToTerraform(auth.oidc.identityId),
            token_environment_variable_name: cdk.stringToTerraform(auth.oidc.tokenEnvironmentVariableName),
            github_actions_audience: cdk.stringToTerraform(auth.oidc.githubActionsAudience),
          },
    kubernetes:
      auth.kubernetes === undefined
        ? undefined
        : {
            identity_id: cdk.stringToTerraform(auth.kubernetes.identityId),
            service_account_token: cdk.stringToTerraform(auth.kubernetes.serviceAccountToken),
            service_account_token_path: cdk.stringToTerraform(auth.kubernetes.serviceAccountTokenPath),
          },
    aws_iam: auth.awsIam === undefined ? undefined : { identity_id: cdk.stringToTerraform(auth.awsIam.identityId) },
    token: cdk.stringToTerraform(auth.token),
    organization_slug: cdk.stringToTerraform(auth.organizationSlug),
  };
}

function simple(value: unknown, storageClassType: string): Synthesized {
  return { value, isBlock: false, type: "simple", storageClassType };
}

/** Generated code drops unset attributes from the HCL form the same way. */
export function withoutUndefined(attrs: Synthesized): Synthesized {
  return Object.fromEntries(
    Object.entries(attrs).filter(
      ([, value]) => value !== undefined && (value as { value?: unknown }).value !== undefined,
    ),
  );
}

/**
 * A nested *attribute* (not a block) for the HCL renderer. cdktf's generator marks these `isBlock: true`, which
 * renders `credentials { ... }`: block syntax Terraform rejects for an attribute. Type `any` renders
 * `credentials = { ... }`, which is what the schema wants.
 */
export function nestedAttributeForHcl(value: unknown, storageClassType: string): Synthesized {
  return { value: plainObject(value), isBlock: false, type: "any", storageClassType };
}

function plainObject(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  // A token (IResolvable) stays whole: cdktf resolves it into an expression later.
  if (typeof (value as { resolve?: unknown }).resolve === "function") return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [k, plainObject(v)]));
}

export function defineProvider(cdk: Cdktf): InfisicalAuth0ProviderClass {
  return class InfisicalAuth0Provider extends cdk.TerraformProvider {
    public static readonly tfResourceType = PROVIDER_TYPE;

    private _host?: string;
    private _auth?: InfisicalAuth0ProviderAuth;
    private _alias?: string;

    public constructor(scope: Construct, id: string, config: InfisicalAuth0ProviderConfig = {}) {
      super(scope, id, {
        terraformResourceType: PROVIDER_TYPE,
        terraformGeneratorMetadata: { ...GENERATOR_METADATA },
        terraformProviderSource: PROVIDER_SOURCE,
      });
      this._host = config.host;
      this._auth = config.auth;
      this._alias = config.alias;
    }

    // host - computed: false, optional: true, required: false
    public get host(): string | undefined {
      return this._host;
    }
    public set host(value: string | undefined) {
      this._host = value;
    }
    public resetHost(): void {
      this._host = undefined;
    }
    public get hostInput(): string | undefined {
      return this._host;
    }

    // auth - computed: false, optional: true, required: false
    public get auth(): InfisicalAuth0ProviderAuth | undefined {
      return this._auth;
    }
    public set auth(value: InfisicalAuth0ProviderAuth | undefined) {
      this._auth = value;
    }
    public resetAuth(): void {
      this._auth = undefined;
    }
    public get authInput(): InfisicalAuth0ProviderAuth | undefined {
      return this._auth;
    }

    public override get alias(): string | undefined {
      return this._alias;
    }
    public override set alias(value: string | undefined) {
      this._alias = value;
    }
    public resetAlias(): void {
      this._alias = undefined;
    }
    public get aliasInput(): string | undefined {
      return this._alias;
    }

    protected override synthesizeAttributes(): Synthesized {
      return {
        host: cdk.stringToTerraform(this._host),
        auth: authToTerraform(cdk, this._auth),
        alias: cdk.stringToTerraform(this._alias),
      };
    }

    protected override synthesizeHclAttributes(): Synthesized {
      return withoutUndefined({
        host: simple(cdk.stringToHclTerraform(this._host), "string"),
        auth: nestedAttributeForHcl(authToTerraform(cdk, this._auth), "InfisicalAuth0ProviderAuth"),
        alias: simple(cdk.stringToHclTerraform(this._alias), "string"),
      });
    }
  };
}
