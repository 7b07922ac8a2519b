/**
 * Phrases the core's messages and the adapters' wordings share. Field names are passed in as a function, so each
 * engine names its own settings (`credentials.client_secret` for Terraform, `credentials.clientSecret` for Pulumi)
 * around the same facts.
 */
import { type Auth0Rejection, ConnectionError, type ConnectionErrorParams } from "./errors";

/** A core input path (`credentials.clientSecret`) in an engine's words. */
export type FieldNamer = (corePath: string) => string;
export const coreFieldName: FieldNamer = (corePath) => corePath;

export function scopeLabel(projectId: string | null | undefined): string {
  return projectId ? `project ${projectId}` : "the organization (org-level)";
}

function where(p: ConnectionErrorParams): string {
  return `in ${scopeLabel(p.projectId)}`;
}

function infisicalSaid(p: ConnectionErrorParams): string {
  return p.infisical ? ` (Infisical: ${p.infisical})` : "";
}

/**
 * The facts of each situation, in words every engine shares; the core and each adapter add what to do in their own
 * terms.
 */
export const facts = {
  identical: (p: ConnectionErrorParams) =>
    `An Auth0 App Connection named "${p.name}" already exists ${where(p)} (id ${p.id}), with this resource's ` +
    `name, description, domain, client ID and audience: most likely an earlier run created it and was interrupted ` +
    `before recording it.`,
  different: (p: ConnectionErrorParams, name: FieldNamer) =>
    `An Auth0 App Connection named "${p.name}" already exists ${where(p)} (id ${p.id}), but it differs from this ` +
    `resource in ${(p.fields ?? []).map(name).join(", ")}: it is not the connection declared here. Choose another ` +
    `name, or rename or delete the existing connection in Infisical.`,
  otherApp: (p: ConnectionErrorParams) =>
    `The name "${p.name}" belongs to an App Connection of another app (not Auth0) ${where(p)}${infisicalSaid(p)}. ` +
    `Names are unique across all apps in a scope.`,
  outcomeUnknown: (p: ConnectionErrorParams) =>
    `Creating the Auth0 App Connection "${p.name}" ${where(p)} may or may not have taken effect: Infisical's ` +
    `answer was lost and the look-up that should settle it failed too${infisicalSaid(p)}. The connection MAY exist ` +
    `now`,
  gone: (p: ConnectionErrorParams) =>
    `App Connection ${p.id} ("${p.name}") no longer exists in Infisical: it was deleted outside this tool.`,
  inUse: (p: ConnectionErrorParams) =>
    `Cannot delete App Connection "${p.name}" (${p.id})${infisicalSaid(p)}: Infisical still uses it for secret ` +
    `syncs or rotations. Remove those in Infisical first, then retry; or stop managing it without deleting it`,
};

/** The host of an Auth0 domain as Infisical calls it (`https://` prepended unless the domain has a scheme). */
function tenantHost(domain: string): string | undefined {
  try {
    return new URL(/^http/i.test(domain) ? domain : `https://${domain}`).host || undefined;
  } catch {
    return undefined;
  }
}

/** What went wrong with the Auth0 token request and what to check, naming fields with `name`. */
export function explainAuth0Rejection(
  rejection: Auth0Rejection,
  facts: { host?: string; infisical?: string },
  name: FieldNamer,
): string {
  const [domain, clientId, clientSecret, audience] = [
    "credentials.domain",
    "credentials.clientId",
    "credentials.clientSecret",
    "credentials.audience",
  ].map(name);
  const grant =
    "the Auth0 machine-to-machine application must be authorized for that audience (Auth0 dashboard: APIs → the " +
    "API → Machine to Machine Applications)";
  const all = `Check ${domain}, ${clientId}, ${clientSecret} and ${audience}; ${grant}.`;
  const tenant = facts.host ? `"${facts.host}"` : "the tenant";
  const why: Record<Auth0Rejection, string> = {
    unauthorized:
      `Auth0 (${tenant}) refused the client-credentials grant with 401 Unauthorized: the client ID or client ` +
      `secret is wrong for this tenant. Check ${clientSecret} and ${clientId} (of a machine-to-machine application ` +
      `in that tenant), ${domain} and ${audience}; ${grant}.`,
    forbidden:
      `Auth0 (${tenant}) refused the client-credentials grant with 403 Forbidden: the application is most likely ` +
      `not authorized for the audience. Check ${audience}; ${grant}. Then check ${domain}, ${clientId} and ` +
      `${clientSecret}.`,
    "domain-not-found":
      `The Auth0 domain ${tenant} could not be found (DNS). Check ${domain}: the tenant's host name, e.g. ` +
      `acme.eu.auth0.com, or a custom domain that resolves from the Infisical server.`,
    "token-type":
      `${tenant} answered, but not with an Auth0 Bearer token. Check that ${domain} is the Auth0 tenant and ` +
      `${audience} one of its APIs. ${all}`,
    other: `The token request to ${tenant} failed. ${all}`,
  };
  const infisical = facts.infisical ? ` Infisical: ${facts.infisical}` : "";
  return `Infisical could not obtain an Auth0 token with these credentials. ${why[rejection]}${infisical}`;
}

/** The field most likely at fault for each rejection (what a diagnostic is pinned to). */
const REJECTED_FIELD: Record<Auth0Rejection, string> = {
  unauthorized: "credentials.clientSecret",
  forbidden: "credentials.audience",
  "domain-not-found": "credentials.domain",
  "token-type": "credentials.domain",
  other: "credentials.domain",
};

export function auth0RejectedError(
  rejection: Auth0Rejection,
  domain: string,
  infisical: string,
  cause: unknown,
): ConnectionError {
  const params = { rejection, host: tenantHost(domain), infisical };
  return new ConnectionError("auth0-rejected", explainAuth0Rejection(rejection, params, coreFieldName), {
    field: REJECTED_FIELD[rejection],
    params,
    cause,
  });
}
