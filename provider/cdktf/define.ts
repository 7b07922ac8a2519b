import { asCdktf, type CdkLibrary } from "./library";
import { defineProvider, type InfisicalAuth0ProviderClass } from "./provider-construct";
import { defineAppConnection, type AppConnectionClass } from "./app-connection";
import { defineDataAppConnection, type DataAppConnectionClass } from "./data-app-connection";

export interface InfisicalAuth0Constructs {
  readonly InfisicalAuth0Provider: InfisicalAuth0ProviderClass;
  readonly AppConnection: AppConnectionClass;
  /** The `infisicalauth0_app_connection` data source: reads an existing connection by id, or by name. */
  readonly DataAppConnection: DataAppConnectionClass;
}

/**
 * Builds the construct classes on a cdktf-compatible library: `require("cdktf")`, or `require("cdktn")` (CDK Terrain,
 * the community fork). The classes must extend the library the App and Stack come from: a cdktn stack cannot
 * synthesize elements built on cdktf.
 */
export function defineInfisicalAuth0Constructs(library: CdkLibrary): InfisicalAuth0Constructs {
  const cdk = asCdktf(library);
  return {
    InfisicalAuth0Provider: defineProvider(cdk),
    AppConnection: defineAppConnection(cdk),
    DataAppConnection: defineDataAppConnection(cdk),
  };
}
