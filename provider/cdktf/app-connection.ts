// The `infisicalauth0_app_connection` resource, in the shape `cdktf get` generates: typed config, token getters for
// every attribute, setters/reset*/ *Input for configurable ones, and both synthesis paths.
import type { Construct } from "constructs";
import type * as cdktf from "cdktf";
import type { Cdktf } from "./library";
import { APP_CONNECTION_TYPE, GENERATOR_METADATA } from "./names";
import { nestedAttributeForHcl, withoutUndefined } from "./provider-construct";
import {
  credentialsToTerraform,
  defineCredentialsReference,
  type AppConnectionCredentials,
  type AppConnectionCredentialsOutputReference,
} from "./credentials";

export interface AppConnectionConfig extends cdktf.TerraformMetaArguments {
  /** Lowercase slug (`^[a-z0-9]+(-[a-z0-9]+)*$`, at most 64 chars), unique per scope across all apps. */
  readonly name: string;
  /** Free text shown in Infisical, at most 256 characters. */
  readonly description?: string;
  /** Makes a project-level connection; absent: org-level. Changing it replaces the connection. */
  readonly projectId?: string;
  /** Only `client-credentials` exists today; computed when absent. */
  readonly method?: string;
  /** The Auth0 machine-to-machine application's client credentials. */
  readonly credentials: AppConnectionCredentials;
  /**
   * Write-only (Terraform >= 1.11), used only at create: take over an existing Auth0 connection with the same name
   * and scope (and set it to this configuration, credentials included) instead of failing on the duplicate.
   */
  readonly adoptExisting?: boolean | cdktf.IResolvable;
  /** Treat a changed credentials hash as Infisical's own token refresh, not as drift. */
  readonly ignoreCredentialRefresh?: boolean | cdktf.IResolvable;
}

export interface AppConnection extends cdktf.TerraformResource {
  readonly id: string;
  name: string;
  readonly nameInput: string | undefined;
  description: string;
  resetDescription(): void;
  readonly descriptionInput: string | undefined;
  projectId: string;
  resetProjectId(): void;
  readonly projectIdInput: string | undefined;
  method: string;
  resetMethod(): void;
  readonly methodInput: string | undefined;
  readonly credentials: AppConnectionCredentialsOutputReference;
  putCredentials(value: AppConnectionCredentials): void;
  readonly credentialsInput: AppConnectionCredentials | cdktf.IResolvable | undefined;
  adoptExisting: boolean | cdktf.IResolvable;
  resetAdoptExisting(): void;
  readonly adoptExistingInput: boolean | cdktf.IResolvable | undefined;
  ignoreCredentialRefresh: boolean | cdktf.IResolvable;
  resetIgnoreCredentialRefresh(): void;
  readonly ignoreCredentialRefreshInput: boolean | cdktf.IResolvable | undefined;
  readonly orgId: string;
  readonly credentialsHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AppConnectionClass {
  new (scope: Construct, id: string, config: AppConnectionConfig): AppConnection;
  readonly tfResourceType: typeof APP_CONNECTION_TYPE;
  /** Emits an `import` block that makes `terraform plan` generate configuration for an existing connection. */
  generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: cdktf.TerraformProvider,
  ): cdktf.ImportableResource;
  /** Declares a connection that already exists in Infisical and brings it under management on apply (terraform
   * import block). `connectionId`: its uuid, its name (org-level) or `<projectId>/<name>` (project-level). */
  importFrom(scope: Construct, id: string, connectionId: string, config: AppConnectionConfig): AppConnection;
}

type Synthesized = { [name: string]: unknown };

export function defineAppConnection(cdk: Cdktf): AppConnectionClass {
  const CredentialsReference = defineCredentialsReference(cdk);

  return class AppConnection extends cdk.TerraformResource {
    public static readonly tfResourceType = APP_CONNECTION_TYPE;

    public static generateConfigForImport(
      scope: Construct,
      importToId: string,
      importFromId: string,
      provider?: cdktf.TerraformProvider,
    ): cdktf.ImportableResource {
      return new cdk.ImportableResource(scope, importToId, {
        terraformResourceType: APP_CONNECTION_TYPE,
        importId: importFromId,
        provider,
      });
    }

    public static importFrom(
      scope: Construct,
      id: string,
      connectionId: string,
      config: AppConnectionConfig,
    ): AppConnection {
      const resource = new AppConnection(scope, id, config);
      resource.importFrom(connectionId, config.provider);
      return resource;
    }

    private _name?: string;
    private _description?: string;
    private _projectId?: string;
    private _method?: string;
    private _credentials = new CredentialsReference(this, "credentials");
    private _adoptExisting?: boolean | cdktf.IResolvable;
    private _ignoreCredentialRefresh?: boolean | cdktf.IResolvable;

    public constructor(scope: Construct, id: string, config: AppConnectionConfig) {
      super(scope, id, {
        terraformResourceType: APP_CONNECTION_TYPE,
        terraformGeneratorMetadata: { ...GENERATOR_METADATA },
        provider: config.provider,
        dependsOn: config.dependsOn,
        count: config.count,
        lifecycle: config.lifecycle,
        provisioners: config.provisioners,
        connection: config.connection,
        forEach: config.forEach,
      });
      this._name = config.name;
      this._description = config.description;
      this._projectId = config.projectId;
      this._method = config.method;
      this._credentials.internalValue = config.credentials;
      this._adoptExisting = config.adoptExisting;
      this._ignoreCredentialRefresh = config.ignoreCredentialRefresh;
    }

    // id - computed: true, optional: false, required: false
    public get id(): string {
      return this.getStringAttribute("id");
    }

    // name - computed: false, optional: false, required: true
    public get name(): string {
      return this.getStringAttribute("name");
    }
    public set name(value: string) {
      this._name = value;
    }
    public get nameInput(): string | undefined {
      return this._name;
    }

    // description - computed: false, optional: true, required: false
    public get description(): string {
      return this.getStringAttribute("description");
    }
    public set description(value: string) {
      this._description = value;
    }
    public resetDescription(): void {
      this._description = undefined;
    }
    public get descriptionInput(): string | undefined {
      return this._description;
    }

    // project_id - computed: false, optional: true, required: false (forces replacement)
    public get projectId(): string {
      return this.getStringAttribute("project_id");
    }
    public set projectId(value: string) {
      this._projectId = value;
    }
    public resetProjectId(): void {
      this._projectId = undefined;
    }
    public get projectIdInput(): string | undefined {
      return this._projectId;
    }

    // method - computed: true, optional: true, required: false
    public get method(): string {
      return this.getStringAttribute("method");
    }
    public set method(value: string) {
      this._method = value;
    }
    public resetMethod(): void {
      this._method = undefined;
    }
    public get methodInput(): string | undefined {
      return this._method;
    }

    // credentials - computed: false, optional: false, required: true
    public get credentials(): AppConnectionCredentialsOutputReference {
      return this._credentials;
    }
    public putCredentials(value: AppConnectionCredentials): void {
      this._credentials.internalValue = value;
    }
    public get credentialsInput(): AppConnectionCredentials | cdktf.IResolvable | undefined {
      return this._credentials.internalValue;
    }

    // adopt_existing - computed: false, optional: true, required: false, write-only (always null when read)
    public get adoptExisting(): boolean | cdktf.IResolvable {
      return this.getBooleanAttribute("adopt_existing");
    }
    public set adoptExisting(value: boolean | cdktf.IResolvable) {
      this._adoptExisting = value;
    }
    public resetAdoptExisting(): void {
      this._adoptExisting = undefined;
    }
    public get adoptExistingInput(): boolean | cdktf.IResolvable | undefined {
      return this._adoptExisting;
    }

    // ignore_credential_refresh - computed: false, optional: true, required: false
    public get ignoreCredentialRefresh(): boolean | cdktf.IResolvable {
      return this.getBooleanAttribute("ignore_credential_refresh");
    }
    public set ignoreCredentialRefresh(value: boolean | cdktf.IResolvable) {
      this._ignoreCredentialRefresh = value;
    }
    public resetIgnoreCredentialRefresh(): void {
      this._ignoreCredentialRefresh = undefined;
    }
    public get ignoreCredentialRefreshInput(): boolean | cdktf.IResolvable | undefined {
      return this._ignoreCredentialRefresh;
    }

    // org_id, credentials_hash, created_at, updated_at - computed: true, optional: false, required: false
    public get orgId(): string {
      return this.getStringAttribute("org_id");
    }
    public get credentialsHash(): string {
      return this.getStringAttribute("credentials_hash");
    }
    public get createdAt(): string {
      return this.getStringAttribute("created_at");
    }
    public get updatedAt(): string {
      return this.getStringAttribute("updated_at");
    }

    // cdktn (CDK Terrain) checks write-only attributes against the project's declared Terraform versions; cdktf
    // has no such hook, so the value passes through unchanged there.
    private writeOnly = (mapped: unknown): unknown => {
      const hook = (this as unknown as { markWriteOnlyAttribute?: (value: unknown) => unknown }).markWriteOnlyAttribute;
      return typeof hook === "function" ? hook.call(this, mapped) : mapped;
    };

    protected override synthesizeAttributes(): Synthesized {
      return {
        name: cdk.stringToTerraform(this._name),
        description: cdk.stringToTerraform(this._description),
        project_id: cdk.stringToTerraform(this._projectId),
        method: cdk.stringToTerraform(this._method),
        credentials: credentialsToTerraform(cdk, this._credentials.internalValue, this.writeOnly),
        adopt_existing: this.writeOnly(cdk.booleanToTerraform(this._adoptExisting)),
        ignore_credential_refresh: cdk.booleanToTerraform(this._ignoreCredentialRefresh),
      };
    }

    protected override synthesizeHclAttributes(): Synthesized {
      const simple = (value: unknown, storageClassType: string): Synthesized => ({
        value,
        isBlock: false,
        type: "simple",
        storageClassType,
      });
      return withoutUndefined({
        name: simple(cdk.stringToHclTerraform(this._name), "string"),
        description: simple(cdk.stringToHclTerraform(this._description), "string"),
        project_id: simple(cdk.stringToHclTerraform(this._projectId), "string"),
        method: simple(cdk.stringToHclTerraform(this._method), "string"),
        credentials: nestedAttributeForHcl(
          credentialsToTerraform(cdk, this._credentials.internalValue, this.writeOnly),
          "AppConnectionCredentials",
        ),
        adopt_existing: simple(this.writeOnly(cdk.booleanToHclTerraform(this._adoptExisting)), "boolean"),
        ignore_credential_refresh: simple(cdk.booleanToHclTerraform(this._ignoreCredentialRefresh), "boolean"),
      });
    }
  };
}
