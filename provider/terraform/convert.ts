// Translation between the resource's Terraform values (snake_case, plugin Unknown) and the core's model
// (camelCase, core UNKNOWN). No business rule here: what changes, what drifts and what is sent is the core's.
import {
  type ConnectionState,
  type RawConnectionInput,
  UNKNOWN as CORE_UNKNOWN,
  type RuleFailure,
} from "../connection";
import { type AttributePath, isUnknown } from "./plugin";
import type { ConnectionModel, CredentialsModel } from "./schema";

/** Which of the two secret attributes a configuration (or state) uses. */
export type SecretForm = "plain" | "write-only" | "none";

const given = (v: unknown) => v !== null && v !== undefined;

export function credentialsOf(model: ConnectionModel): CredentialsModel | null {
  const c = model.credentials;
  return c === null || isUnknown(c) ? null : c;
}

/** The form a configuration uses (an unknown value counts as set). */
export function configSecretForm(config: ConnectionModel): SecretForm {
  const c = credentialsOf(config);
  if (!c) return "none";
  if (given(c.client_secret)) return "plain";
  if (given(c.client_secret_wo)) return "write-only";
  return "none";
}

/** The form recorded in state: write-only leaves only its version behind. */
export function stateSecretForm(state: ConnectionModel): SecretForm {
  const c = credentialsOf(state);
  if (!c) return "none";
  if (given(c.client_secret)) return "plain";
  if (given(c.client_secret_wo_version)) return "write-only";
  return "none";
}

const core = (v: unknown): unknown => (isUnknown(v) ? CORE_UNKNOWN : v);

/** The configuration as the core's raw input; the secret is whichever form is set. */
export function rawInput(config: ConnectionModel): RawConnectionInput {
  const c = config.credentials;
  let credentials: unknown;
  if (isUnknown(c)) credentials = CORE_UNKNOWN;
  else if (c === null) credentials = null;
  else {
    credentials = {
      domain: core(c.domain),
      clientId: core(c.client_id),
      audience: core(c.audience),
      clientSecret: core(given(c.client_secret) ? c.client_secret : c.client_secret_wo),
    };
  }
  return {
    name: core(config.name),
    description: core(config.description),
    projectId: core(config.project_id),
    method: core(config.method),
    credentials,
    adoptExisting: core(config.adopt_existing),
    ignoreCredentialRefresh: core(config.ignore_credential_refresh),
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

/** The core's words for fields, in Terraform's attribute names. */
export function terraformWording(message: string, form: SecretForm): string {
  // The core sometimes already names both spellings: "adoptExisting (Terraform: adopt_existing)".
  const once = message.replace(/\b\w+ \(Terraform: (\w+)\)/g, "$1");
  return once.replace(
    /\b(credentials\.)?(projectId|adoptExisting|ignoreCredentialRefresh|clientId|clientSecret)\b/g,
    (_m, prefix: string | undefined, name: string) => {
      const snake =
        name === "clientSecret" && form === "write-only" ? "client_secret_wo" : (TERRAFORM_NAMES[name] ?? name);
      return `${prefix ?? ""}${snake}`;
    },
  );
}

export function failurePath(failure: RuleFailure, form: SecretForm): AttributePath {
  return attributePath(failure.path, form);
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The core's view of a managed connection from the stored Terraform state and the private state. */
export function connectionState(model: ConnectionModel, appliedCredentialsHash: string | null): ConnectionState {
  const c = credentialsOf(model);
  return {
    id: str(model.id) ?? "",
    name: str(model.name) ?? "",
    description: str(model.description),
    projectId: str(model.project_id),
    orgId: str(model.org_id) ?? "",
    method: "client-credentials",
    credentials: {
      domain: str(c?.domain) ?? "",
      clientId: str(c?.client_id) ?? "",
      audience: str(c?.audience) ?? "",
    },
    credentialsHash: str(model.credentials_hash),
    appliedCredentialsHash,
    createdAt: str(model.created_at) ?? "",
    updatedAt: str(model.updated_at) ?? "",
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

export interface Carried {
  clientSecret: string | null;
  clientSecretWoVersion: number | null;
  adoptExisting: boolean | null;
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
    adopt_existing: carried.adoptExisting,
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
  const num = c?.client_secret_wo_version;
  const bool = (v: unknown) => (typeof v === "boolean" ? v : null);
  return {
    clientSecret: str(c?.client_secret),
    clientSecretWoVersion: typeof num === "number" ? num : null,
    adoptExisting: bool(model.adopt_existing),
    ignoreCredentialRefresh: bool(model.ignore_credential_refresh),
  };
}
