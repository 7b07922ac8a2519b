import {
  ConnectionError,
  type ConnectionState,
  type DesiredConnection,
  type RawConnectionInput,
  type ValidatedConnection,
  isUnknown,
  ownField,
  validateConnectionInput,
} from "../connection";
import { fromPulumi, isPulumiUnknown, toPulumi } from "./unknown";

/**
 * What a resource's own `infisical` input may hold: exactly the client settings that can be kept in the stack's state
 * (strings). The client's other options (a `logger` function, timeouts, retry counts) cannot, and are refused.
 */
export const STORED_SETTING_KEYS = ["host", "clientId", "clientSecret", "token"] as const;
export type StoredSettingKey = (typeof STORED_SETTING_KEYS)[number];
export type StoredInfisicalSettings = Partial<Record<StoredSettingKey, string>>;

/** The inputs the dynamic provider receives (the resource class builds them). */
export interface ProviderInputs extends RawConnectionInput {
  infisical?: unknown;
  [key: string]: unknown;
}

/** The outputs recorded in state (never the client secret: a salted fingerprint stands in for it). */
export interface ProviderOutputs {
  connectionId: string;
  name: string;
  description: string | null;
  projectId: string | null;
  orgId: string;
  method: "client-credentials";
  credentials: { domain: string; clientId: string; audience: string };
  credentialsHash: string | null;
  appliedCredentialsHash: string | null;
  clientSecretFingerprint: string;
  createdAt: string;
  updatedAt: string;
  adoptExisting: boolean;
  ignoreCredentialRefresh: boolean;
  infisical?: StoredInfisicalSettings;
}

/** Validates Pulumi inputs (unknowns allowed) with the core's rules. */
export function validateInputs(inputs: ProviderInputs) {
  return validateConnectionInput(fromPulumi(inputs) as RawConnectionInput);
}

/** The desired connection from fully known inputs (create/update time). */
export function desiredFromInputs(inputs: ProviderInputs): DesiredConnection {
  const { value, failures } = validateInputs(inputs);
  if (failures.length > 0) {
    throw new ConnectionError(
      "invalid-input",
      `invalid Auth0AppConnection inputs: ${failures.map((f) => `${f.path}: ${f.message}`).join("; ")}`,
      { field: failures[0]?.path, params: { failures } },
    );
  }
  if (containsUnknown(value)) {
    throw new ConnectionError("input-unknown", "Auth0AppConnection inputs are not known yet");
  }
  return value as DesiredConnection;
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Checked inputs as handed back to the engine: trimmed values, unknowns kept as Pulumi's sentinel. Other keys are
 * copied as they came (own keys only, as plain data properties: `__proto__` stays an ordinary key).
 */
export function checkedInputs(inputs: ProviderInputs, value: ValidatedConnection): ProviderInputs {
  const out: ProviderInputs = { ...inputs };
  const put = (target: Record<string, unknown>, key: string, v: unknown) => {
    if (v === null || v === undefined) delete target[key];
    else target[key] = toPulumi(v);
  };
  put(out, "name", value.name);
  put(out, "description", value.description);
  put(out, "projectId", value.projectId);
  put(out, "method", value.method);
  if (inputs.credentials !== null && typeof inputs.credentials === "object") {
    const credentials: Record<string, unknown> = { ...(inputs.credentials as Record<string, unknown>) };
    for (const [key, v] of Object.entries(value.credentials)) put(credentials, key, v);
    out.credentials = credentials;
  }
  return out;
}

/**
 * Check's rules for the `infisical` input: an object (or a value not known yet) whose keys are only the stored
 * settings, each a string. Failures name the key, never a value (the input holds secrets).
 */
export function settingsFailures(inputs: ProviderInputs): { path: string; message: string }[] {
  const own = ownField(inputs, "infisical");
  if (own === undefined || own === null || isPulumiUnknown(own)) return [];
  const accepted = STORED_SETTING_KEYS.join(", ");
  if (typeof own !== "object" || Array.isArray(own)) {
    const got = Array.isArray(own) ? "an array" : typeof own;
    return [{ path: "infisical", message: `infisical must be an object with ${accepted}; got ${got}` }];
  }
  const failures: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(own)) {
    const path = `infisical.${key}`;
    if (!(STORED_SETTING_KEYS as readonly string[]).includes(key)) {
      failures.push({
        path,
        message:
          `${path} is not a setting a resource can carry: only ${accepted} can be kept in the stack's state ` +
          `(timeouts, retries and a logger are client options that cannot be stored). Remove "${key}".`,
      });
    } else if (value !== undefined && value !== null && typeof value !== "string") {
      failures.push({ path, message: `${path} must be a string, got ${typeof value}` });
    }
  }
  return failures;
}

export function settingsFrom(inputs: { infisical?: unknown }): StoredInfisicalSettings | undefined {
  const own = ownField(inputs, "infisical");
  if (own === null || typeof own !== "object") return undefined;
  const settings: StoredInfisicalSettings = {};
  for (const key of STORED_SETTING_KEYS) {
    const value = ownField(own, key);
    if (typeof value === "string" && value !== "" && !isPulumiUnknown(value)) settings[key] = value;
  }
  return Object.keys(settings).length > 0 ? settings : undefined;
}

export function stateFromOutputs(id: string, outs: Partial<ProviderOutputs>): ConnectionState {
  return {
    id,
    name: outs.name ?? "",
    description: outs.description ?? null,
    projectId: outs.projectId ?? null,
    orgId: outs.orgId ?? "",
    method: outs.method ?? "client-credentials",
    credentials: {
      domain: outs.credentials?.domain ?? "",
      clientId: outs.credentials?.clientId ?? "",
      audience: outs.credentials?.audience ?? "",
    },
    credentialsHash: outs.credentialsHash ?? null,
    appliedCredentialsHash: outs.appliedCredentialsHash ?? null,
    createdAt: outs.createdAt ?? "",
    updatedAt: outs.updatedAt ?? "",
  };
}

export function outputsFromState(
  state: ConnectionState,
  extra: {
    clientSecretFingerprint: string;
    adoptExisting: boolean;
    ignoreCredentialRefresh: boolean;
    infisical?: StoredInfisicalSettings;
  },
): ProviderOutputs {
  const outs: ProviderOutputs = {
    connectionId: state.id,
    name: state.name,
    description: state.description,
    projectId: state.projectId,
    orgId: state.orgId,
    method: state.method,
    credentials: { ...state.credentials },
    credentialsHash: state.credentialsHash,
    appliedCredentialsHash: state.appliedCredentialsHash,
    clientSecretFingerprint: extra.clientSecretFingerprint,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    adoptExisting: extra.adoptExisting,
    ignoreCredentialRefresh: extra.ignoreCredentialRefresh,
  };
  if (extra.infisical) outs.infisical = extra.infisical;
  return outs;
}
