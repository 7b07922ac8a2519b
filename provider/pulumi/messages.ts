/**
 * The core's errors in a Pulumi user's words: inputs as the program writes them (`adoptExisting`,
 * `credentials.clientSecret`), stack config keys and Pulumi commands. Codes whose core message needs nothing
 * Pulumi-specific keep it.
 */
import { type ConnectionError, scopeLabel } from "../connection";

/** Contract 3: how the client names a setting in its messages, for settings taken from stack config. */
const STACK_SETTING_NAMES: Record<string, string> = {
  host: "infisical:host (pulumi config set infisical:host <url>) or INFISICAL_HOST",
  clientId: "infisical:clientId (pulumi config set infisical:clientId <id>) or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID",
  clientSecret:
    "infisical:clientSecret (pulumi config set --secret infisical:clientSecret <secret>) or " +
    "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET",
  token: "infisical:token (pulumi config set --secret infisical:token <token>) or INFISICAL_TOKEN",
};

export const stackSettingName = (key: string): string => STACK_SETTING_NAMES[key] ?? `infisical:${key}`;

/** For a resource that carries its own `infisical` settings. */
export const resourceSettingName = (key: string): string => `the resource's infisical.${key} input`;

export function pulumiMessage(e: ConnectionError): string {
  const p = e.params;
  const name = p.name ?? "";
  const where = `in ${scopeLabel(p.projectId)}`;
  const infisical = p.infisical ? ` (Infisical: ${p.infisical})` : "";
  switch (e.code) {
    case "name-taken-identical":
      return (
        `An Auth0 App Connection named "${name}" already exists ${where} (id ${p.id}), with this resource's name, ` +
        `description, domain, clientId and audience: most likely an earlier pulumi up created it and was ` +
        `interrupted before recording it. To manage it from here, set adoptExisting: true on this resource and run ` +
        `pulumi up again: it takes the connection over and sends the declared values, the client secret included ` +
        `(Pulumi cannot import dynamic resources).`
      );
    case "name-taken-different":
      return (
        `An Auth0 App Connection named "${name}" already exists ${where} (id ${p.id}), but it differs from this ` +
        `resource in ${(p.fields ?? []).join(", ")}: it is not the connection declared here. Choose another name, ` +
        `or rename or delete the existing connection in Infisical.`
      );
    case "name-taken-other-app":
      return (
        `The name "${name}" belongs to an App Connection of another app (not Auth0) ${where}${infisical}. Names ` +
        `are unique across all apps in a scope, and adoptExisting cannot take over another app's connection: ` +
        `choose another name.`
      );
    case "create-outcome-unknown":
      return (
        `Creating the Auth0 App Connection "${name}" ${where} may or may not have taken effect: Infisical's ` +
        `answer was lost and the look-up that should settle it failed too${infisical}. The connection MAY exist ` +
        `now, and it is not in the stack's state. To converge in one step, set adoptExisting: true on this ` +
        `resource and run pulumi up again: it takes the connection over if it exists, or creates it if not.`
      );
    case "gone-on-update":
      return (
        `App Connection ${p.id} ("${name}") no longer exists in Infisical: it was deleted outside Pulumi. Run ` +
        `pulumi refresh, then pulumi up: it is created again.`
      );
    case "in-use":
      return (
        `Cannot delete App Connection "${name}" (${p.id})${infisical}: Infisical still uses it for secret syncs ` +
        `or rotations. Remove those in Infisical first, then run the update again; or stop managing it without ` +
        `deleting it: pulumi state delete <this resource's URN>.`
      );
    default:
      return e.message;
  }
}
