// The core's errors in a Terraform user's words: attribute names (`credentials.client_secret`, `adopt_existing`),
// `import {}` blocks and Terraform commands. The facts come from the error's code and params; the core's own message
// is the fallback for codes whose wording needs nothing Terraform-specific.
import {
  type ConnectionError,
  type ConnectionErrorCode,
  type FieldNamer,
  type LookupCandidate,
  candidateLabel,
  explainAuth0Rejection,
  explainLookup,
  facts,
  scopeLabel,
} from "../connection";
import type { InfisicalErrorReason } from "../infisical/errors";

export interface TerraformMessage {
  summary: string;
  detail: string;
}

const SUMMARIES: Record<ConnectionErrorCode, string> = {
  "invalid-input": "Invalid configuration",
  "input-unknown": "Configuration not known",
  "name-taken": "App Connection name already taken",
  "name-taken-identical": "App Connection already exists",
  "name-taken-different": "App Connection name already taken",
  "name-taken-other-app": "App Connection name already taken",
  "create-outcome-unknown": "App Connection may have been created",
  "rename-taken": "App Connection name already taken",
  "gone-on-update": "App Connection no longer exists",
  "in-use": "App Connection is in use",
  "replace-required": "App Connection must be replaced",
  "import-id-invalid": "Invalid import ID",
  "import-not-found": "App Connection not found",
  "auth0-rejected": "Auth0 rejected the credentials",
  "lookup-invalid": "Invalid App Connection lookup",
  "lookup-not-found": "App Connection not found",
  "lookup-ambiguous": "App Connection name is ambiguous",
  "lookup-other-app": "Not an Auth0 App Connection",
};

/** Summaries for the client's failures that are about the Infisical settings, not about one connection. */
const INFISICAL_SUMMARIES: Record<InfisicalErrorReason, string> = {
  "login-rejected": "Infisical login refused",
  "login-locked": "Infisical identity locked out",
  "login-failed-earlier": "Infisical login refused",
  "not-infisical": "Host is not an Infisical server",
  unreachable: "Infisical not reachable",
  "token-rejected": "Infisical access token refused",
  config: "Invalid Infisical provider configuration",
  "create-outcome-unknown": "App Connection may have been created",
};

/**
 * A client failure with a known reason, in a summary that says what went wrong ("Infisical not reachable") instead of
 * the step that failed ("Apply failed"); its message, which names the settings to check, is the detail. Anything else
 * is not ours to word: `undefined`.
 */
export function infisicalMessage(e: unknown): TerraformMessage | undefined {
  // By name, not `instanceof`: the provider bundles the Infisical client as a chunk of its own, loaded only when a
  // resource needs it, so its errors are instances of that chunk's copy of the class.
  if (!(e instanceof Error) || e.name !== "InfisicalApiError") return undefined;
  const reason = (e as { reason?: unknown }).reason;
  if (typeof reason !== "string" || !Object.hasOwn(INFISICAL_SUMMARIES, reason)) return undefined;
  return { summary: INFISICAL_SUMMARIES[reason as InfisicalErrorReason], detail: e.message };
}

const ADDRESS_NOTE =
  "(Terraform prints this resource's address beside this message, e.g. " +
  '"with infisicalauth0_app_connection.main[3]".)';

const IMPORT_FORMS =
  "Accepted forms: the connection's id (a uuid); its name, for an org-level connection (e.g. auth0-prod); or " +
  "<project_id>/<name>, for a project-level connection (e.g. 8b0d5b1e-1234-4cde-9f00-aa11bb22cc33/auth0-prod).";

function importBlock(id: string): string {
  return `  import {\n    to = <this resource's address>\n    id = "${id}"\n  }`;
}

/** The import id that finds a connection by name: `<project_id>/<name>` or `<name>`. */
function nameImportId(name: string, projectId: string | null | undefined): string {
  return projectId ? `${projectId}/${name}` : name;
}

/** An import by name that found nothing: the import IDs that find the connections of that name elsewhere. */
function importCandidates(name: string, candidates: LookupCandidate[] | undefined): string {
  if (!candidates?.length) return "";
  if (candidates.length === 1) {
    const [only] = candidates as [LookupCandidate];
    const scope = candidateLabel(only);
    return ` ${scope.charAt(0).toUpperCase()}${scope.slice(1)} has one: import it with the ID "${nameImportId(name, only.projectId)}".`;
  }
  const ids = candidates.map((c) => `"${nameImportId(name, c.projectId)}" (${candidateLabel(c)})`);
  return ` Other scopes have one: import the one you mean with its ID: ${ids.join(", ")}.`;
}

function detail(e: ConnectionError, fieldName: FieldNamer): string {
  const p = e.params;
  switch (e.code) {
    case "name-taken-identical":
      return (
        `${facts.identical(p)} To manage it from here, either add this import block and apply again:\n\n` +
        `${importBlock(p.id ?? "")}\n\n${ADDRESS_NOTE}\nor set adopt_existing = true on this resource: the next ` +
        `apply takes it over and sends the declared values, the client secret included.`
      );
    case "name-taken-different":
      return facts.different(p, fieldName);
    case "name-taken-other-app":
      return `${facts.otherApp(p)} adopt_existing cannot take over another app's connection: choose another name.`;
    case "create-outcome-unknown":
      return (
        `${facts.outcomeUnknown(p)}, and it is not in Terraform's state. To converge in one step, set ` +
        `adopt_existing = true on this resource and run terraform apply again: it takes the connection over if it ` +
        `exists, or creates it if not. A plain terraform apply is safe too: it creates the connection, or, if it ` +
        `exists, says how to import it (an import block with id "${nameImportId(p.name ?? "", p.projectId)}").`
      );
    case "gone-on-update":
      return (
        `${facts.gone(p)} Run terraform apply again: its refresh notices the connection is gone and plans to ` +
        `create it.`
      );
    case "in-use":
      return `${facts.inUse(p)}: terraform state rm <this resource's address>. ${ADDRESS_NOTE}`;
    case "import-id-invalid":
      return `Import ID ${JSON.stringify(p.importId)} is not valid: ${p.problem}. ${IMPORT_FORMS}`;
    case "import-not-found":
      return `${e.message}${importCandidates(p.name ?? "", p.candidates)} ${IMPORT_FORMS}`;
    case "auth0-rejected":
      return explainAuth0Rejection(p.rejection ?? "other", p, fieldName);
    case "name-taken":
      return (
        `An App Connection named "${p.name}" already exists in ${scopeLabel(p.projectId)} (Infisical: ` +
        `${p.infisical}), and looking it up failed. Names are unique across all apps in a scope: change ` +
        `${fieldName("name")}, or, if it is the Auth0 connection this resource declares, import it with an import ` +
        `block whose id is "${nameImportId(p.name ?? "", p.projectId)}".`
      );
    case "rename-taken":
      return (
        `Cannot change ${fieldName("name")} to "${p.name}": ${p.infisical} in ${scopeLabel(p.projectId)}. Names ` +
        `are unique across all apps in a scope: choose another value for ${fieldName("name")}.`
      );
    case "replace-required":
      return (
        `${(p.fields ?? []).map(fieldName).join(", ")} cannot change in place: the plan should have replaced ` +
        `App Connection "${p.name}" (${p.id}). This is a provider bug; run terraform apply -replace=<this ` +
        `resource's address> to replace it. ${ADDRESS_NOTE}`
      );
    case "invalid-input":
      return (p.failures ?? []).map((f) => `${fieldName(f.path)}: ${f.message}`).join("; ") || e.message;
    case "input-unknown":
      return `${e.message} Values known only after apply cannot be written yet: apply what they depend on first.`;
    case "lookup-invalid":
    case "lookup-not-found":
    case "lookup-ambiguous":
    case "lookup-other-app":
      return explainLookup(e.code, p, fieldName);
  }
}

/** A core error as a diagnostic's summary and detail, naming fields with `fieldName` (Terraform attributes). */
export function terraformMessage(e: ConnectionError, fieldName: FieldNamer): TerraformMessage {
  return { summary: SUMMARIES[e.code], detail: detail(e, fieldName) };
}
