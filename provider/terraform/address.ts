// The provider's registry address, in a module of its own so that the install helpers (shipped in the npm package
// and run as its `infisical-auth0-iac-terraform` bin) load nothing of the provider itself. Same values as schema.ts
// (a test checks).
export const PROVIDER_TYPE = "infisicalauth0";
export const PROVIDER_SOURCE = `registry.terraform.io/infisical-iac/${PROVIDER_TYPE}`;
