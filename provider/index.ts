/**
 * The package's engine-neutral entry point: the Infisical client and the connection core that the Pulumi resource
 * (`infisical-auth0-iac/pulumi`), the Terraform provider and the policy pack (`infisical-auth0-iac/policy`) share.
 * Engine-specific entry points are separate so that none of their optional peer dependencies load from here.
 */
export * from "./infisical";
export * from "./connection";
