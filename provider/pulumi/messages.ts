/**
 * The core's errors in a Pulumi user's words: inputs as the program writes them (`adoptExisting`,
 * `credentials.clientSecret`), stack config keys and Pulumi commands. Codes whose core message needs nothing
 * Pulumi-specific keep it.
 */
import { type ConnectionError, coreFieldName, explainLookup, facts } from "../connection";

/** Contract 3: how the client names a setting in its messages, for settings taken from stack config. */
const STACK_SETTING_NAMES: Record<string, string> = {
  host: "infisical:host (pulumi config set infisical:host <url>) or INFISICAL_HOST",
  clientId: "infisical:clientId (pulumi config set infisical:clientId <id>) or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID",
  clientSecret:
    "infisical:clientSecret (pulumi config set --secret infisical:clientSecret <secret>) or " +
    "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET",
  token: "infisical:token (pulumi config set --secret infisical:token <token>) or INFISICAL_TOKEN",
  authMethod:
    "infisical:authMethod (pulumi config set infisical:authMethod oidc|kubernetes|aws-iam|universal|token) or " +
    "INFISICAL_AUTH_METHOD",
  identityId: "infisical:identityId (pulumi config set infisical:identityId <id>) or INFISICAL_MACHINE_IDENTITY_ID",
  jwt: "infisical:jwt (pulumi config set --secret infisical:jwt <jwt>) or INFISICAL_AUTH_JWT",
  tokenEnvironmentVariableName: "infisical:tokenEnvironmentVariableName or INFISICAL_OIDC_AUTH_TOKEN_NAME",
  githubActionsAudience: "infisical:githubActionsAudience (pulumi config set infisical:githubActionsAudience <aud>)",
  serviceAccountToken:
    "infisical:serviceAccountToken (pulumi config set --secret infisical:serviceAccountToken <token>) or " +
    "INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN",
  serviceAccountTokenPath:
    "infisical:serviceAccountTokenPath (pulumi config set infisical:serviceAccountTokenPath <file>) or " +
    "INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH",
  organizationSlug:
    "infisical:organizationSlug (pulumi config set infisical:organizationSlug <slug>) or " +
    "INFISICAL_AUTH_ORGANIZATION_SLUG",
};

export const stackSettingName = (key: string): string => STACK_SETTING_NAMES[key] ?? `infisical:${key}`;

/** For a resource that carries its own `infisical` settings. */
export const resourceSettingName = (key: string): string => `the resource's infisical.${key} input`;

export function pulumiMessage(e: ConnectionError): string {
  const p = e.params;
  switch (e.code) {
    case "name-taken-identical":
      return (
        `${facts.identical(p)} To manage it from here, set adoptExisting: true on this resource and run pulumi up ` +
        `again: it takes the connection over and sends the declared values, the client secret included (Pulumi ` +
        `cannot import dynamic resources).`
      );
    case "name-taken-other-app":
      return `${facts.otherApp(p)} adoptExisting cannot take over another app's connection: choose another name.`;
    case "create-outcome-unknown":
      return (
        `${facts.outcomeUnknown(p)}, and it is not in the stack's state. To converge in one step, set ` +
        `adoptExisting: true on this resource and run pulumi up again: it takes the connection over if it exists, ` +
        `or creates it if not.`
      );
    case "gone-on-update":
      return `${facts.gone(p)} Run pulumi refresh, then pulumi up: it is created again.`;
    case "in-use":
      return `${facts.inUse(p)}: pulumi state delete <this resource's URN>.`;
    case "import-not-found":
      // Only Auth0AppConnection.get looks a connection up by its id.
      return (
        `Auth0AppConnection.get: no Auth0 App Connection with id ${p.id} in the Infisical organization the ` +
        `stack's settings reach (infisical:host, infisical:clientId / infisical:token). Check the id (the ` +
        `connectionId output of the stack that manages it, or the id Infisical's UI shows) and those settings.`
      );
    case "lookup-invalid":
    case "lookup-not-found":
    case "lookup-ambiguous":
    case "lookup-other-app":
      // Pulumi inputs are the core's camelCase names (id, name, projectId).
      return explainLookup(e.code, p, coreFieldName);
    default:
      return e.message;
  }
}
