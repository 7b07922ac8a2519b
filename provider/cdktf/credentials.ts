// The `credentials` single nested attribute, shaped like a generated `*OutputReference`: reading a field gives a
// token for `<resource>.credentials.<field>`, writing it sets the configured value.
import type * as cdktf from "cdktf";
import type { Cdktf } from "./library";

export interface AppConnectionCredentials {
  /** Auth0 tenant domain, e.g. `tenant.us.auth0.com`. */
  readonly domain: string;
  /** Client id of the Auth0 machine-to-machine application. */
  readonly clientId: string;
  /** API audience, e.g. `https://tenant.us.auth0.com/api/v2/`. */
  readonly audience: string;
  /** Client secret, kept (marked sensitive) in Terraform state. Use a sensitive TerraformVariable. */
  readonly clientSecret?: string;
  /** Client secret as a sensitive, write-only attribute (Terraform >= 1.11): never stored in plan or state. */
  readonly clientSecretWo?: string;
  /** Bump to send a new `clientSecretWo`. */
  readonly clientSecretWoVersion?: number;
}

export interface AppConnectionCredentialsOutputReference extends cdktf.ComplexObject {
  internalValue: AppConnectionCredentials | cdktf.IResolvable | undefined;
  domain: string;
  readonly domainInput: string | undefined;
  clientId: string;
  readonly clientIdInput: string | undefined;
  audience: string;
  readonly audienceInput: string | undefined;
  clientSecret: string;
  resetClientSecret(): void;
  readonly clientSecretInput: string | undefined;
  clientSecretWo: string;
  resetClientSecretWo(): void;
  readonly clientSecretWoInput: string | undefined;
  clientSecretWoVersion: number;
  resetClientSecretWoVersion(): void;
  readonly clientSecretWoVersionInput: number | undefined;
}

export interface AppConnectionCredentialsOutputReferenceClass {
  new (
    terraformResource: cdktf.IInterpolatingParent,
    terraformAttribute: string,
  ): AppConnectionCredentialsOutputReference;
}

/** `writeOnly` wraps the write-only value (cdktn registers the feature for its Terraform version check). */
export function credentialsToTerraform(
  cdk: Cdktf,
  value: AppConnectionCredentials | cdktf.IResolvable | undefined,
  writeOnly: (mapped: unknown) => unknown = (mapped) => mapped,
): unknown {
  if (!cdk.canInspect(value) || cdk.Tokenization.isResolvable(value)) return value;
  if (cdk.isComplexElement(value)) {
    throw new Error(
      "A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration",
    );
  }
  const credentials = value as AppConnectionCredentials;
  return {
    domain: cdk.stringToTerraform(credentials.domain),
    client_id: cdk.stringToTerraform(credentials.clientId),
    audience: cdk.stringToTerraform(credentials.audience),
    client_secret: cdk.stringToTerraform(credentials.clientSecret),
    client_secret_wo: writeOnly(cdk.stringToTerraform(credentials.clientSecretWo)),
    client_secret_wo_version: cdk.numberToTerraform(credentials.clientSecretWoVersion),
  };
}

export function defineCredentialsReference(cdk: Cdktf): AppConnectionCredentialsOutputReferenceClass {
  return class AppConnectionCredentialsOutputReference extends cdk.ComplexObject {
    private isEmptyObject = false;
    private resolvableValue?: cdktf.IResolvable;
    private _domain?: string;
    private _clientId?: string;
    private _audience?: string;
    private _clientSecret?: string;
    private _clientSecretWo?: string;
    private _clientSecretWoVersion?: number;

    public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
      super(terraformResource, terraformAttribute, false);
    }

    public get internalValue(): AppConnectionCredentials | cdktf.IResolvable | undefined {
      if (this.resolvableValue) return this.resolvableValue;
      const fields = {
        domain: this._domain,
        clientId: this._clientId,
        audience: this._audience,
        clientSecret: this._clientSecret,
        clientSecretWo: this._clientSecretWo,
        clientSecretWoVersion: this._clientSecretWoVersion,
      };
      const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      return this.isEmptyObject || Object.keys(set).length > 0
        ? (set as unknown as AppConnectionCredentials)
        : undefined;
    }

    public set internalValue(value: AppConnectionCredentials | cdktf.IResolvable | undefined) {
      this.resolvableValue = undefined;
      this.isEmptyObject = false;
      if (value !== undefined && cdk.Tokenization.isResolvable(value)) {
        this.resolvableValue = value;
        return;
      }
      const fields: Partial<AppConnectionCredentials> = value ?? {};
      this.isEmptyObject = value !== undefined && Object.keys(value).length === 0;
      this._domain = fields.domain;
      this._clientId = fields.clientId;
      this._audience = fields.audience;
      this._clientSecret = fields.clientSecret;
      this._clientSecretWo = fields.clientSecretWo;
      this._clientSecretWoVersion = fields.clientSecretWoVersion;
    }

    // domain - computed: false, optional: false, required: true
    public get domain(): string {
      return this.getStringAttribute("domain");
    }
    public set domain(value: string) {
      this._domain = value;
    }
    public get domainInput(): string | undefined {
      return this._domain;
    }

    // client_id - computed: false, optional: false, required: true
    public get clientId(): string {
      return this.getStringAttribute("client_id");
    }
    public set clientId(value: string) {
      this._clientId = value;
    }
    public get clientIdInput(): string | undefined {
      return this._clientId;
    }

    // audience - computed: false, optional: false, required: true
    public get audience(): string {
      return this.getStringAttribute("audience");
    }
    public set audience(value: string) {
      this._audience = value;
    }
    public get audienceInput(): string | undefined {
      return this._audience;
    }

    // client_secret - computed: false, optional: true, required: false, sensitive
    public get clientSecret(): string {
      return this.getStringAttribute("client_secret");
    }
    public set clientSecret(value: string) {
      this._clientSecret = value;
    }
    public resetClientSecret(): void {
      this._clientSecret = undefined;
    }
    public get clientSecretInput(): string | undefined {
      return this._clientSecret;
    }

    // client_secret_wo - computed: false, optional: true, required: false, sensitive, write-only (always null when read)
    public get clientSecretWo(): string {
      return this.getStringAttribute("client_secret_wo");
    }
    public set clientSecretWo(value: string) {
      this._clientSecretWo = value;
    }
    public resetClientSecretWo(): void {
      this._clientSecretWo = undefined;
    }
    public get clientSecretWoInput(): string | undefined {
      return this._clientSecretWo;
    }

    // client_secret_wo_version - computed: false, optional: true, required: false
    public get clientSecretWoVersion(): number {
      return this.getNumberAttribute("client_secret_wo_version");
    }
    public set clientSecretWoVersion(value: number) {
      this._clientSecretWoVersion = value;
    }
    public resetClientSecretWoVersion(): void {
      this._clientSecretWoVersion = undefined;
    }
    public get clientSecretWoVersionInput(): number | undefined {
      return this._clientSecretWoVersion;
    }
  };
}
