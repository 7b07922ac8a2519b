/**
 * Two Auth0 App Connections managed by Pulumi: one for the whole organization, one for a project.
 *
 * Infisical settings come from stack config (`pulumi config set infisical:host ...`, `pulumi config set --secret
 * infisical:clientSecret ...`) or from INFISICAL_* environment variables. examples/pulumi/README.md shows the stack
 * config that points a stack at the embedded emulator; `npm run demo` sets it up by itself.
 */
import * as pulumi from "@pulumi/pulumi";
import { Auth0AppConnection } from "infisical-auth0-iac/pulumi";

const config = new pulumi.Config();
const domain = config.require("auth0Domain");
const credentials = {
  domain,
  clientId: config.require("auth0ClientId"),
  clientSecret: config.requireSecret("auth0ClientSecret"),
  // The tenant's Management API, what Infisical's secret rotation talks to.
  audience: config.get("auth0Audience") ?? `https://${domain}/api/v2/`,
};

const org = new Auth0AppConnection("auth0-org", {
  description: "Auth0 tenant for organization-wide secret rotation",
  credentials,
});

const project = new Auth0AppConnection("auth0-project", {
  name: `auth0-${pulumi.getStack()}`,
  description: "Auth0 tenant for this project's secret syncs",
  projectId: config.require("projectId"),
  credentials,
  // Infisical rewrites the stored credentials whenever it refreshes its Auth0 token; don't call that drift.
  ignoreCredentialRefresh: true,
});

export const orgConnectionId = org.connectionId;
export const projectConnectionId = project.connectionId;
export const projectConnectionName = project.name;
export const credentialsHash = org.credentialsHash;
