/** The fixed names of the Terraform provider these constructs configure (see provider/terraform). */
export const PROVIDER_TYPE = "infisicalauth0";
export const PROVIDER_SOURCE = "registry.terraform.io/infisical-iac/infisicalauth0";
export const PROVIDER_VERSION = "0.1.0";
export const PROVIDER_VERSION_CONSTRAINT = "~> 0.1";
export const APP_CONNECTION_TYPE = "infisicalauth0_app_connection";
/** The data source of the same name (`data "infisicalauth0_app_connection"`). */
export const DATA_APP_CONNECTION_TYPE = "infisicalauth0_app_connection";

export const GENERATOR_METADATA = {
  providerName: PROVIDER_TYPE,
  providerVersion: PROVIDER_VERSION,
  providerVersionConstraint: PROVIDER_VERSION_CONSTRAINT,
} as const;
