// CDKTF constructs for the `infisicalauth0` Terraform provider. The ready-made classes below are built on cdktf
// (or cdktn when cdktf is not installed); `defineInfisicalAuth0Constructs` builds them on a library of your choice.
import { defineInfisicalAuth0Constructs } from "./define";
import { loadDefaultLibrary } from "./default-library";
import type { InfisicalAuth0Provider as ProviderInstance } from "./provider-construct";
import type { AppConnection as AppConnectionInstance } from "./app-connection";
import type { DataAppConnection as DataAppConnectionInstance } from "./data-app-connection";

export { defineInfisicalAuth0Constructs, type InfisicalAuth0Constructs } from "./define";
export type { CdkLibrary } from "./library";
export type {
  InfisicalAuth0ProviderAuth,
  InfisicalAuth0ProviderAwsIamAuth,
  InfisicalAuth0ProviderKubernetesAuth,
  InfisicalAuth0ProviderOidcAuth,
  InfisicalAuth0ProviderClass,
  InfisicalAuth0ProviderConfig,
  InfisicalAuth0ProviderUniversalAuth,
} from "./provider-construct";
export type { AppConnectionClass, AppConnectionConfig } from "./app-connection";
export type { AppConnectionCredentials, AppConnectionCredentialsOutputReference } from "./credentials";
export type {
  DataAppConnectionClass,
  DataAppConnectionConfig,
  DataAppConnectionCredentialsOutputReference,
} from "./data-app-connection";
export {
  APP_CONNECTION_TYPE,
  DATA_APP_CONNECTION_TYPE,
  PROVIDER_SOURCE,
  PROVIDER_TYPE,
  PROVIDER_VERSION,
  PROVIDER_VERSION_CONSTRAINT,
} from "./names";

const constructs = defineInfisicalAuth0Constructs(loadDefaultLibrary());

export const InfisicalAuth0Provider = constructs.InfisicalAuth0Provider;
export type InfisicalAuth0Provider = ProviderInstance;
export const AppConnection = constructs.AppConnection;
export type AppConnection = AppConnectionInstance;
export const DataAppConnection = constructs.DataAppConnection;
export type DataAppConnection = DataAppConnectionInstance;
