/**
 * CrossGuard policies for `Auth0AppConnection`. Use them all with defaults:
 *
 *     new PolicyPack("infisical-auth0", { policies: auth0AppConnectionPolicies });
 *
 * or build them with the team's defaults through the factories; either way every setting can be overridden in the
 * policy pack config.
 */
import type { Policies } from "@pulumi/policy";
import { audiencePolicy } from "./audience";
import { connectionDescriptionPolicy } from "./description";
import { connectionNameFormatPolicy } from "./name-format";
import { connectionScopePolicy } from "./scope";
import { tenantAllowlistPolicy } from "./tenant-allowlist";
import { uniqueConnectionNamesPolicy } from "./unique-names";

export { AUDIENCE_POLICY, AUDIENCE_RULES, audiencePolicy } from "./audience";
export type { AudienceDefaults, AudienceRule } from "./audience";
export { PolicyConfigError, deploymentContext } from "./config";
export type { DeploymentContext, PolicyDefaults } from "./config";
export { DESCRIPTION_POLICY, connectionDescriptionPolicy } from "./description";
export type { DescriptionDefaults } from "./description";
export { AUTH0_APP_CONNECTION_TYPE } from "./inputs";
export { NAME_FORMAT_POLICY, connectionNameFormatPolicy, expandNamePattern } from "./name-format";
export type { NameFormatDefaults } from "./name-format";
export { SCOPE_POLICY, connectionScopePolicy } from "./scope";
export type { ScopeDefaults } from "./scope";
export { DEFAULT_ALLOWED_DOMAINS, TENANT_ALLOWLIST_POLICY, tenantAllowlistPolicy } from "./tenant-allowlist";
export type { TenantAllowlistDefaults } from "./tenant-allowlist";
export { UNIQUE_NAMES_POLICY, uniqueConnectionNamesPolicy } from "./unique-names";
export type { UniqueNamesDefaults } from "./unique-names";

export const connectionNameFormat = connectionNameFormatPolicy();
export const connectionDescription = connectionDescriptionPolicy();
export const tenantAllowlist = tenantAllowlistPolicy();
export const audience = audiencePolicy();
export const connectionScope = connectionScopePolicy();
export const uniqueConnectionNames = uniqueConnectionNamesPolicy();

/** Every policy, with its default settings. */
export const auth0AppConnectionPolicies: Policies = [
  connectionNameFormat,
  connectionDescription,
  tenantAllowlist,
  audience,
  connectionScope,
  uniqueConnectionNames,
];
