// The infisicalauth0_app_connection resource: Terraform's calls translated to the connection core's functions.
// Every rule (what replaces, what is patched, what counts as drift, when credentials are re-sent) is the core's.
import {
  type ConnectionApi,
  ConnectionError,
  type DesiredConnection,
  type MaybeUnknown,
  UNKNOWN as CORE_UNKNOWN,
  type ValidatedConnection,
  createConnection,
  deleteConnection,
  importConnection,
  planChange,
  readConnection,
  updateConnection,
  validateConnectionInput,
} from "../connection";
import {
  attributePath,
  carriedFrom,
  configSecretForm,
  connectionState,
  credentialsOf,
  modelFromState,
  rawInput,
  type SecretForm,
  stateSecretForm,
  terraformFieldName,
} from "./convert";
import { infisicalMessage, terraformMessage } from "./messages";
import {
  type AttributePath,
  type Diagnostic,
  DiagnosticError,
  UNKNOWN,
  defineResource,
  error,
  isUnknown,
  withPrivate,
} from "./plugin";
import { decodePrivate, encodePrivate } from "./private-state";
import { type ConnectionModel, RESOURCE_TYPE, connectionSchema } from "./schema";

export interface ProviderContext {
  /** The Infisical client for the provider's settings (throws when they are not usable). */
  client(): ConnectionApi;
}

const isSet = (v: unknown) => v !== null && v !== undefined;

/** Terraform-only shape rules: exactly one secret form, and the version that goes with the write-only one. */
function secretFormDiagnostics(config: ConnectionModel): Diagnostic[] {
  const c = credentialsOf(config);
  if (!c) return [];
  const out: Diagnostic[] = [];
  const plain = isSet(c.client_secret);
  const writeOnly = isSet(c.client_secret_wo);
  const oneOf =
    "Set exactly one of credentials.client_secret and credentials.client_secret_wo (write-only, Terraform >= 1.11).";
  if (plain && writeOnly)
    out.push(error("Conflicting client secret attributes", oneOf, ["credentials", "client_secret_wo"]));
  if (!plain && !writeOnly) out.push(error("Missing client secret", oneOf, ["credentials", "client_secret"]));
  if (writeOnly && !isSet(c.client_secret_wo_version)) {
    out.push(
      error(
        "Missing client_secret_wo_version",
        "credentials.client_secret_wo_version is required with client_secret_wo: Terraform never stores a write-only " +
          "value, so changing this number is how a new secret is sent.",
        ["credentials", "client_secret_wo_version"],
      ),
    );
  }
  if (!writeOnly && isSet(c.client_secret_wo_version)) {
    out.push(
      error(
        "client_secret_wo_version without client_secret_wo",
        "credentials.client_secret_wo_version only applies to client_secret_wo; remove it.",
        ["credentials", "client_secret_wo_version"],
      ),
    );
  }
  return out;
}

/** A configuration checked once: Terraform's own shape rules and the core's, in Terraform's attribute names. */
interface CheckedConfig {
  diagnostics: Diagnostic[];
  /** The core's normalised values (meaningful when there is no error). */
  value: ValidatedConnection;
}

/** Validates a configuration: the one call of the core's validation per Terraform call. */
function checkConfig(config: ConnectionModel): CheckedConfig {
  const form = configSecretForm(config);
  const { value, failures } = validateConnectionInput(rawInput(config), terraformFieldName(form));
  const diagnostics = [
    ...secretFormDiagnostics(config),
    ...failures
      // With neither secret set, secretFormDiagnostics already says what to do.
      .filter((f) => !(f.path === "credentials.clientSecret" && form === "none"))
      .map((f) => {
        const path = attributePath(f.path, form);
        return error(`Invalid ${path.join(".")}`, f.message, path);
      }),
  ];
  return { diagnostics, value };
}

const containsCoreUnknown = (v: unknown): boolean =>
  v === CORE_UNKNOWN || (v !== null && typeof v === "object" && Object.values(v).some(containsCoreUnknown));

/** The desired connection from a fully known configuration (apply time). */
function desiredFrom({ diagnostics, value }: CheckedConfig): DesiredConnection {
  if (diagnostics.length > 0) throw new DiagnosticError(diagnostics);
  if (containsCoreUnknown(value)) {
    throw new DiagnosticError(error("Configuration not known", "Some values are not known yet."));
  }
  return value as DesiredConnection;
}

/**
 * Whether the secret must be (re)sent: the value changed (plain form), the version changed (write-only form), or
 * the form switched (which includes an imported connection, whose state holds no secret). Unknown counts as changed.
 */
function secretChanged(prior: ConnectionModel, config: ConnectionModel): MaybeUnknown<boolean> {
  const before: SecretForm = stateSecretForm(prior);
  const after: SecretForm = configSecretForm(config);
  if (before !== after) return true;
  const was = credentialsOf(prior);
  const now = credentialsOf(config);
  if (after === "plain") {
    if (isUnknown(now?.client_secret)) return CORE_UNKNOWN;
    return now?.client_secret !== was?.client_secret;
  }
  if (after === "write-only") {
    const version = now?.client_secret_wo_version;
    if (isUnknown(version)) return CORE_UNKNOWN;
    return String(version) !== String(was?.client_secret_wo_version);
  }
  return false;
}

/** The applied hash from private state; an object without one (written by another tool) baselines on its state. */
function appliedHash(privateState: Buffer, model: ConnectionModel): string | null {
  const recorded = decodePrivate(privateState).appliedCredentialsHash;
  return recorded ?? (typeof model.credentials_hash === "string" ? model.credentials_hash : null);
}

/**
 * Core errors become diagnostics in Terraform's words, on the attribute they are about; the client's failures with a
 * known reason get a summary naming it; others pass through.
 */
async function translated<T>(config: ConnectionModel | null, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof ConnectionError) {
      const form = config ? configSecretForm(config) : "plain";
      const { summary, detail } = terraformMessage(e, terraformFieldName(form));
      throw new DiagnosticError(error(summary, detail, e.field ? attributePath(e.field, form) : undefined));
    }
    const client = infisicalMessage(e);
    if (client) throw new DiagnosticError(error(client.summary, client.detail));
    throw e;
  }
}

export const appConnectionResource = defineResource<typeof connectionSchema.attributes, ProviderContext>({
  typeName: RESOURCE_TYPE,
  schema: connectionSchema,

  validate: ({ config }) => checkConfig(config).diagnostics,

  // Defaults and computed-on-create come from the schema's declarations (request.planned); what an update recomputes
  // is the core's decision.
  plan({ prior, planned: declared, config, priorPrivate }) {
    if (prior === null) return { planned: declared };
    const planned: ConnectionModel = { ...declared };
    const priorState = connectionState(prior, appliedHash(priorPrivate, prior));
    const { value } = checkConfig(config);
    const change = planChange(priorState, value, secretChanged(prior, config));
    const requiresReplace = change.replaceFields.map((f): AttributePath => [
      f === "projectId" ? "project_id" : "method",
    ]);
    if (change.action === "update") {
      planned.updated_at = UNKNOWN;
      if (change.sendCredentials) planned.credentials_hash = UNKNOWN;
    }
    return {
      planned,
      requiresReplace,
      plannedPrivate: encodePrivate(priorState),
    };
  },

  async create({ planned, config }, { provider }) {
    const desired = desiredFrom(checkConfig(config));
    const { state } = await translated(config, () => createConnection(provider.client(), desired));
    return withPrivate(modelFromState(state, planned, carriedFrom(planned)), encodePrivate(state));
  },

  async update({ planned, prior, config, plannedPrivate }, { provider }) {
    const desired = desiredFrom(checkConfig(config));
    const priorState = connectionState(prior, appliedHash(plannedPrivate, prior));
    const changed = secretChanged(prior, config);
    const change = planChange(priorState, desired, changed === CORE_UNKNOWN ? true : changed);
    const next = await translated(config, () => updateConnection(provider.client(), priorState, desired, change));
    return withPrivate(modelFromState(next, planned, carriedFrom(planned)), encodePrivate(next));
  },

  async read({ state, privateState }, { provider }) {
    const prior = connectionState(state, appliedHash(privateState, state));
    const next = await translated(null, () =>
      readConnection(provider.client(), prior, { ignoreCredentialRefresh: state.ignore_credential_refresh === true }),
    );
    if (!next) return null;
    return withPrivate(modelFromState(next, state, carriedFrom(state)), encodePrivate(next));
  },

  async delete({ state }, { provider }) {
    const id = typeof state.id === "string" ? state.id : "";
    const name = typeof state.name === "string" ? state.name : id;
    await translated(null, () => deleteConnection(provider.client(), { id, name }));
  },

  async importState({ id }, { provider }) {
    const state = await translated(null, () => importConnection(provider.client(), id));
    const none = { clientSecret: null, clientSecretWoVersion: null, ignoreCredentialRefresh: null };
    return withPrivate(modelFromState(state, null, none), encodePrivate(state));
  },
});
