/**
 * The Pulumi type token of `Auth0AppConnection` (`pulumi-nodejs:dynamic/<module>:<type>`), what policies target.
 * Its own module, free of imports, so the policy pack can use it without loading the resource.
 */
export const AUTH0_APP_CONNECTION_MODULE = "infisical";
export const AUTH0_APP_CONNECTION_TYPE_NAME = "Auth0AppConnection";
export const AUTH0_APP_CONNECTION_TYPE = `pulumi-nodejs:dynamic/${AUTH0_APP_CONNECTION_MODULE}:${AUTH0_APP_CONNECTION_TYPE_NAME}`;
