// The `infisicalauth0_app_connection` data source, in the shape `cdktf get` generates for a data source: typed
// config (id, or name with an optional projectId), token getters for every attribute, setters/reset*/ *Input for the
// configurable ones, and both synthesis paths. It reads an existing connection; it never holds a secret.
import type { Construct } from "constructs";
import type * as cdktf from "cdktf";
import type { Cdktf } from "./library";
import { DATA_APP_CONNECTION_TYPE, GENERATOR_METADATA } from "./names";
import { withoutUndefined } from "./provider-construct";

export interface DataAppConnectionConfig extends cdktf.TerraformMetaArguments {
  /** The connection's ID (a UUID). Set exactly one of `id` and `name`. */
  readonly id?: string;
  /**
   * The connection's name. Set exactly one of `id` and `name`. Without `projectId`, the org-level connection of that
   * name is read (as Infisical's own name lookup does).
   */
  readonly name?: string;
  /** With `name`: the project whose connection of that name is read. Not allowed with `id`. */
  readonly projectId?: string;
}

/** The `credentials` attribute as Infisical returns it (read-only): never the client secret. */
export interface DataAppConnectionCredentialsOutputReference extends cdktf.ComplexObject {
  readonly domain: string;
  readonly clientId: string;
  readonly audience: string;
}

export interface DataAppConnection extends cdktf.TerraformDataSource {
  id: string;
  resetId(): void;
  readonly idInput: string | undefined;
  name: string;
  resetName(): void;
  readonly nameInput: string | undefined;
  projectId: string;
  resetProjectId(): void;
  readonly projectIdInput: string | undefined;
  readonly description: string;
  readonly orgId: string;
  readonly method: string;
  readonly credentials: DataAppConnectionCredentialsOutputReference;
  readonly credentialsHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DataAppConnectionClass {
  new (scope: Construct, id: string, config: DataAppConnectionConfig): DataAppConnection;
  readonly tfResourceType: typeof DATA_APP_CONNECTION_TYPE;
}

type Synthesized = { [name: string]: unknown };

export function defineDataAppConnection(cdk: Cdktf): DataAppConnectionClass {
  class DataAppConnectionCredentialsOutputReference extends cdk.ComplexObject {
    public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
      super(terraformResource, terraformAttribute, false);
    }

    // domain, client_id, audience - computed: true, optional: false, required: false
    public get domain(): string {
      return this.getStringAttribute("domain");
    }
    public get clientId(): string {
      return this.getStringAttribute("client_id");
    }
    public get audience(): string {
      return this.getStringAttribute("audience");
    }
  }

  return class DataAppConnection extends cdk.TerraformDataSource {
    public static readonly tfResourceType = DATA_APP_CONNECTION_TYPE;

    private _id?: string;
    private _name?: string;
    private _projectId?: string;
    private _credentials = new DataAppConnectionCredentialsOutputReference(this, "credentials");

    public constructor(scope: Construct, id: string, config: DataAppConnectionConfig) {
      super(scope, id, {
        terraformResourceType: DATA_APP_CONNECTION_TYPE,
        terraformGeneratorMetadata: { ...GENERATOR_METADATA },
        provider: config.provider,
        dependsOn: config.dependsOn,
        count: config.count,
        lifecycle: config.lifecycle,
        forEach: config.forEach,
      });
      this._id = config.id;
      this._name = config.name;
      this._projectId = config.projectId;
    }

    // id - computed: true, optional: true, required: false
    public get id(): string {
      return this.getStringAttribute("id");
    }
    public set id(value: string) {
      this._id = value;
    }
    public resetId(): void {
      this._id = undefined;
    }
    public get idInput(): string | undefined {
      return this._id;
    }

    // name - computed: true, optional: true, required: false
    public get name(): string {
      return this.getStringAttribute("name");
    }
    public set name(value: string) {
      this._name = value;
    }
    public resetName(): void {
      this._name = undefined;
    }
    public get nameInput(): string | undefined {
      return this._name;
    }

    // project_id - computed: true, optional: true, required: false
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

    // description, org_id, method - computed: true, optional: false, required: false
    // credentials, credentials_hash, created_at, updated_at - computed: true, optional: false, required: false
    public get description(): string {
      return this.getStringAttribute("description");
    }
    public get orgId(): string {
      return this.getStringAttribute("org_id");
    }
    public get method(): string {
      return this.getStringAttribute("method");
    }
    public get credentials(): DataAppConnectionCredentialsOutputReference {
      return this._credentials;
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

    protected override synthesizeAttributes(): Synthesized {
      return {
        id: cdk.stringToTerraform(this._id),
        name: cdk.stringToTerraform(this._name),
        project_id: cdk.stringToTerraform(this._projectId),
      };
    }

    protected override synthesizeHclAttributes(): Synthesized {
      const simple = (value: unknown): Synthesized => ({
        value,
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      });
      return withoutUndefined({
        id: simple(cdk.stringToHclTerraform(this._id)),
        name: simple(cdk.stringToHclTerraform(this._name)),
        project_id: simple(cdk.stringToHclTerraform(this._projectId)),
      });
    }
  };
}
