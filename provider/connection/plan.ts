import type { Auth0Connection, UpdateAuth0ConnectionInput } from "./port";
import {
  type ConnectionState,
  type DesiredConnection,
  type MaybeUnknown,
  type PlannedConnection,
  type ReplaceField,
  type UpdateField,
  isUnknown,
} from "./model";

export type CredentialsDrift =
  /** credentialsHash is what this tool last wrote (or a refresh the user ignores: see refreshState). */
  | "none"
  /** The credentials were rewritten outside this tool: the desired ones are sent again. */
  | "rewritten";

/**
 * Options the engine records beside the connection (never sent to Infisical) whose change is an update of the
 * record alone. `adoptExisting` is not one of them: it only matters at create, so changing it later is no change.
 */
export interface RecordedOptions {
  ignoreCredentialRefresh: boolean;
}
export type OptionField = keyof RecordedOptions;

export interface ChangePlan {
  action: "none" | "update" | "replace";
  replaceFields: ReplaceField[];
  updateFields: UpdateField[];
  /** Recorded options that changed: an update without any API call. */
  optionFields: OptionField[];
  /** The PATCH must carry `credentials` (all four fields): a credential field changed, or drift is repaired. */
  sendCredentials: boolean;
  credentialsDrift: CredentialsDrift;
}

const CREDENTIAL_VIEW_FIELDS = ["domain", "clientId", "audience"] as const;

/** Infisical stores "" and null alike as "no description". */
function normalizeDescription(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

function differs<T>(desired: MaybeUnknown<T>, actual: T): boolean {
  return isUnknown(desired) || desired !== actual;
}

/** True when the recorded credentialsHash is not the one this tool's last credential write produced. */
export function credentialsRewritten(state: ConnectionState): boolean {
  return (
    state.appliedCredentialsHash !== null &&
    state.credentialsHash !== null &&
    state.credentialsHash !== state.appliedCredentialsHash
  );
}

/**
 * The one place that decides what a change needs, for every engine: what forces a replace, what is updated in place,
 * and whether credentials are (re-)sent. No API call. `secretChanged` is the engine's own finding (Pulumi compares a
 * salted fingerprint, Terraform the prior value or the write-only version); unknown counts as changed. `recorded`
 * are the options as last recorded, for engines that keep them in their own state (Terraform compares its
 * attributes itself).
 */
export function planChange(
  prior: ConnectionState,
  desired: PlannedConnection,
  secretChanged: MaybeUnknown<boolean>,
  recorded?: RecordedOptions,
): ChangePlan {
  const replaceFields: ReplaceField[] = [];
  if (differs(desired.projectId, prior.projectId)) replaceFields.push("projectId");
  if (differs(desired.method, prior.method)) replaceFields.push("method");

  const updateFields: UpdateField[] = [];
  if (differs(desired.name, prior.name)) updateFields.push("name");
  const desiredDescription = isUnknown(desired.description)
    ? desired.description
    : normalizeDescription(desired.description);
  if (differs(desiredDescription, normalizeDescription(prior.description))) updateFields.push("description");
  for (const field of CREDENTIAL_VIEW_FIELDS) {
    if (differs(desired.credentials[field], prior.credentials[field])) updateFields.push(`credentials.${field}`);
  }
  if (secretChanged !== false) updateFields.push("credentials.clientSecret");

  const optionFields: OptionField[] = [];
  if (recorded && differs(desired.ignoreCredentialRefresh, recorded.ignoreCredentialRefresh)) {
    optionFields.push("ignoreCredentialRefresh");
  }

  const credentialsDrift: CredentialsDrift = credentialsRewritten(prior) ? "rewritten" : "none";
  const sendCredentials = updateFields.some((f) => f.startsWith("credentials.")) || credentialsDrift === "rewritten";

  const changed = updateFields.length > 0 || sendCredentials || optionFields.length > 0;
  const action = replaceFields.length > 0 ? "replace" : changed ? "update" : "none";
  return { action, replaceFields, updateFields, optionFields, sendCredentials, credentialsDrift };
}

/** The PATCH body for a plan: only what changed; credentials only when the plan says so. */
export function buildPatch(plan: ChangePlan, desired: DesiredConnection): UpdateAuth0ConnectionInput {
  const patch: UpdateAuth0ConnectionInput = {};
  if (plan.updateFields.includes("name")) patch.name = desired.name;
  if (plan.updateFields.includes("description")) patch.description = normalizeDescription(desired.description);
  if (plan.sendCredentials) patch.credentials = { ...desired.credentials };
  return patch;
}

/**
 * The declared fields an existing connection differs in (name, description, domain, client ID, audience; the secret
 * cannot be compared: Infisical never returns it). Empty: it is what the declaration would create.
 */
export function differingFields(existing: Auth0Connection, desired: DesiredConnection): string[] {
  const fields: string[] = [];
  if (existing.name !== desired.name) fields.push("name");
  if (normalizeDescription(existing.description) !== normalizeDescription(desired.description)) {
    fields.push("description");
  }
  for (const field of CREDENTIAL_VIEW_FIELDS) {
    if (existing.credentials[field] !== desired.credentials[field]) fields.push(`credentials.${field}`);
  }
  return fields;
}

/** Whether two states show the same user-visible connection (everything Infisical returns but hash and times). */
export function sameReturnedFields(a: ConnectionState, b: ConnectionState): boolean {
  return (
    a.name === b.name &&
    normalizeDescription(a.description) === normalizeDescription(b.description) &&
    a.projectId === b.projectId &&
    a.method === b.method &&
    CREDENTIAL_VIEW_FIELDS.every((f) => a.credentials[f] === b.credentials[f])
  );
}
