// Translation between the resource's Terraform values (snake_case, plugin Unknown) and the core's model
// (camelCase, core UNKNOWN). No business rule here: what changes, what drifts and what is sent is the core's.
import { type ConnectionState, type FieldNamer, type RawConnectionInput, UNKNOWN as CORE_UNKNOWN } from "../connection";
import { type AttributePath, isUnknown } from "./plugin";
import type { ConnectionModel, CredentialsModel } from "./schema";

/** Which of the two secret attributes a configuration (or state) uses. */
export type SecretForm = "plain" | "write-only" | "none";

const isSet = (v: unknown) => v !== null && v !== undefined;

export function credentialsOf(model: ConnectionModel): CredentialsModel | null {
  const c = model.credentials;
  return c === null || isUnknown(c) ? null : c;
}

/** The form a configuration uses (an unknown value counts as set). */
export function configSecretForm(config: ConnectionModel): SecretForm {
  const c = credentialsOf(config);
  if (!c) return "none";
  if (isSet(c.client_secret)) return "plain";
  if (isSet(c.client_secret_wo)) return "write-only";
  return "none";
}

/** The form recorded in state: write-only leaves only its version behind. */
export function stateSecretForm(state: ConnectionModel): SecretForm {
  const c = credentialsOf(state);
  if (!c) return "none";
  if (isSet(c.client_secret)) return "plain";
  if (isSet(c.client_secret_wo_version)) return "write-only";
  return "none";
}

/** The plugin's unknown marker as the core's: the one conversion at this boundary. */
const toCore = (v: unknown): unknown => (isUnknown(v) ? CORE_UNKNOWN : v);

/** The configuration as the core's raw input; the secret is whichever form is set. */
export function rawInput(config: ConnectionModel): RawConnectionInput {
  const c = config.credentials;
  let credentials: unknown;
  if (isUnknown(c)) credentials = CORE_UNKNOWN;
  else if (c === null) credentials = null;
  else {
    credentials = {
      domain: toCore(c.domain),
      clientId: toCore(c.client_id),
      audience: toCore(c.audience),
      clientSecret: toCore(isSet(c.client_secret) ? c.client_secret : c.client_secret_wo),
    };
  }
  return {
    name: toCore(config.name),
    description: toCore(config.description),
    projectId: toCore(config.project_id),
    method: toCore(config.method),
    credentials,
    adoptExisting: toCore(config.adopt_existing),
    ignoreCredentialRefresh: toCore(config.ignore_credential_refresh),
  };
}

const TERRAFORM_NAMES: Record<string, string> = {
  projectId: "project_id",
  adoptExisting: "adopt_existing",
  ignoreCredentialRefresh: "ignore_credential_refresh",
  clientId: "client_id",
  clientSecret: "client_secret",
};

/** A core input path (`credentials.clientSecret`) as the attribute path of the form in use. */
export function attributePath(corePath: string, form: SecretForm): AttributePath {
  return corePath.split(".").map((step) => {
    if (step === "clientSecret" && form === "write-only") return "client_secret_wo";
    return TERRAFORM_NAMES[step] ?? step;
  });
}

/** Core field paths in Terraform's words (`credentials.client_secret_wo` for the write-only form), for messages. */
export function terraformFieldName(form: SecretForm): FieldNamer {
  return (corePath) => attributePath(corePath, form).join(".");
}

const stringOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The core's view of a managed connection from the stored Terraform state and the private state. */
export function connectionState(model: ConnectionModel, appliedCredentialsHash: string | null): ConnectionState {
  const c = credentialsOf(model);
  return {
    id: stringOrNull(model.id) ?? "",
    name: stringOrNull(model.name) ?? "",
    description: stringOrNull(model.description),
    projectId: stringOrNull(model.project_id),
    orgId: stringOrNull(model.org_id) ?? "",
    method: "client-credentials",
    credentials: {
      domain: stringOrNull(c?.domain) ?? "",
      clientId: stringOrNull(c?.client_id) ?? "",
      audience: stringOrNull(c?.audience) ?? "",
    },
    credentialsHash: stringOrNull(model.credentials_hash),
    appliedCredentialsHash,
    createdAt: stringOrNull(model.created_at) ?? "",
    updatedAt: stringOrNull(model.updated_at) ?? "",
  };
}

/**
 * Infisical stores values trimmed and "" as no description. Where what Terraform holds (the plan, or the prior state)
 * means the same as what Infisical returned, the Terraform spelling is kept, so a config with `description = ""` or
 * padded strings neither fails apply's consistency check nor shows a diff forever.
 */
function keepSpelling(reference: unknown, live: string | null): string | null {
  if (typeof reference === "string") {
    const trimmed = reference.trim();
    if (trimmed === (live ?? "")) return reference;
  }
  if (reference === null && live === "") return null;
  return live;
}

/** What Terraform holds that Infisical does not return. (adopt_existing is write-only: never carried.) */
export interface Carried {
  clientSecret: string | null;
  clientSecretWoVersion: number | null;
  ignoreCredentialRefresh: boolean | null;
}

/** The Terraform state for a connection; `reference` is the plan or prior state whose spelling is kept. */
export function modelFromState(
  state: ConnectionState,
  reference: ConnectionModel | null,
  carried: Carried,
): ConnectionModel {
  const refCreds = reference ? credentialsOf(reference) : null;
  return {
    id: state.id,
    name: keepSpelling(reference?.name, state.name) ?? state.name,
    description: keepSpelling(reference?.description ?? null, state.description),
    project_id: keepSpelling(reference?.project_id ?? null, state.projectId),
    method: state.method,
    credentials: {
      domain: keepSpelling(refCreds?.domain, state.credentials.domain) ?? state.credentials.domain,
      client_id: keepSpelling(refCreds?.client_id, state.credentials.clientId) ?? state.credentials.clientId,
      audience: keepSpelling(refCreds?.audience, state.credentials.audience) ?? state.credentials.audience,
      client_secret: carried.clientSecret,
      client_secret_wo: null,
      client_secret_wo_version: carried.clientSecretWoVersion,
    },
    adopt_existing: null,
    ignore_credential_refresh: carried.ignoreCredentialRefresh,
    org_id: state.orgId,
    credentials_hash: state.credentialsHash,
    created_at: state.createdAt,
    updated_at: state.updatedAt,
  };
}

/** Secret, version and the two options as Terraform holds them (state or config), to carry into a new state. */
export function carriedFrom(model: ConnectionModel): Carried {
  const c = credentialsOf(model);
  const version = c?.client_secret_wo_version;
  const ignore = model.ignore_credential_refresh;
  return {
    clientSecret: stringOrNull(c?.client_secret),
    clientSecretWoVersion: typeof version === "number" ? version : null,
    ignoreCredentialRefresh: typeof ignore === "boolean" ? ignore : null,
  };
}
