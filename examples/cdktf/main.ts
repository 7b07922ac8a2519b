// A CDKTF app with two Auth0 App Connections, synthesized in-process (no cdktf CLI): `npx tsx examples/cdktf/main.ts`
// writes cdktf.out/stacks/infisical-auth0/cdk.tf.json, which plain `terraform` then applies (see README.md).
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { AppConnection, InfisicalAuth0Provider } from "../../provider/cdktf";

/** Non-secret settings, read at synth time. Secrets are Terraform variables so they never reach cdk.tf.json. */
export interface ExampleSettings {
  /** Default of the `infisical_host` variable. */
  host: string;
  projectId: string;
  auth0: { domain: string; clientId: string; audience: string };
  /** Prefix for the connection names, so several copies can share an organization. */
  namePrefix: string;
}

export const STACK_NAME = "infisical-auth0";

export class InfisicalAuth0Stack extends TerraformStack {
  public readonly orgConnection: AppConnection;
  public readonly projectConnection: AppConnection;

  constructor(scope: Construct, id: string, settings: ExampleSettings) {
    super(scope, id);
    // No backend block: terraform then keeps terraform.tfstate in the stack directory and, with the provider from
    // dev_overrides, needs no `terraform init` (any backend block, even "local", demands one, and init cannot
    // resolve a dev_overrides-only provider). cdktf would otherwise add a local backend with an absolute path under
    // the synth cwd. For shared state, declare a real backend (S3Backend, ...) instead and run `terraform init`.
    this.addOverride("terraform.backend", undefined);

    const host = new TerraformVariable(this, "infisical_host", { type: "string", default: settings.host });
    const identityId = new TerraformVariable(this, "infisical_client_id", { type: "string" });
    const identitySecret = new TerraformVariable(this, "infisical_client_secret", { type: "string", sensitive: true });
    const auth0Secret = new TerraformVariable(this, "auth0_client_secret", { type: "string", sensitive: true });
    const auth0SecretVersion = new TerraformVariable(this, "auth0_client_secret_version", {
      type: "number",
      default: 1,
      description: "Bump after changing auth0_client_secret to send the new value to the write-only attribute",
    });

    new InfisicalAuth0Provider(this, "infisical", {
      host: host.stringValue,
      auth: { universal: { clientId: identityId.stringValue, clientSecret: identitySecret.stringValue } },
    });

    const tenant = settings.auth0;
    // Org-level, with the write-only secret: Terraform keeps no copy of it in plan or state.
    this.orgConnection = new AppConnection(this, "org", {
      name: `${settings.namePrefix}org`,
      description: "Org-level Auth0 connection managed by CDKTF",
      credentials: {
        ...tenant,
        clientSecretWo: auth0Secret.stringValue,
        clientSecretWoVersion: auth0SecretVersion.numberValue,
      },
    });
    // Project-level, with the sensitive (stored, redacted) secret; its description refers to the org connection.
    this.projectConnection = new AppConnection(this, "project", {
      name: `${settings.namePrefix}project`,
      description: `Same tenant as org connection ${this.orgConnection.id}`,
      projectId: settings.projectId,
      credentials: { ...tenant, clientSecret: auth0Secret.stringValue },
      ignoreCredentialRefresh: true,
    });

    new TerraformOutput(this, "org_connection_id", { value: this.orgConnection.id });
    new TerraformOutput(this, "project_connection_id", { value: this.projectConnection.id });
    new TerraformOutput(this, "project_connection_credentials_hash", { value: this.projectConnection.credentialsHash });
  }
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ExampleSettings {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`Set ${name} (see examples/cdktf/README.md)`);
    return value;
  };
  return {
    host: env.INFISICAL_HOST ?? "https://app.infisical.com",
    projectId: required("INFISICAL_PROJECT_ID"),
    auth0: {
      domain: required("AUTH0_DOMAIN"),
      clientId: required("AUTH0_CLIENT_ID"),
      audience: required("AUTH0_AUDIENCE"),
    },
    namePrefix: env.CONNECTION_NAME_PREFIX ?? "cdktf-auth0-",
  };
}

/** Synthesizes the example into `outdir`; returns the stack directory that holds cdk.tf.json. */
export function synthesizeExample(outdir: string, settings: ExampleSettings): string {
  const app = new App({ outdir });
  new InfisicalAuth0Stack(app, STACK_NAME, settings);
  app.synth();
  return `${outdir}/stacks/${STACK_NAME}`;
}

if (require.main === module) {
  const dir = synthesizeExample(process.env.CDKTF_OUTDIR ?? "cdktf.out", settingsFromEnv());
  console.log(`Synthesized ${dir}/cdk.tf.json`);
}
