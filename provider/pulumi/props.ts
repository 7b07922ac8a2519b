import {
  type ConnectionState,
  type DesiredConnection,
  type RawConnectionInput,
  type ValidatedConnection,
  UNKNOWN,
  isUnknown,
  validateConnectionInput,
} from "../connection";
import type { InfisicalSettingsInput } from "../infisical/types";

/** How Pulumi marks a value not known yet during preview (pulumi/sdk/nodejs/runtime/rpc.ts `unknownValue`). */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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
  infisical?: InfisicalSettingsInput;
}

function fromPulumi(value: unknown): unknown {
  if (value === PULUMI_UNKNOWN) return UNKNOWN;
  if (Array.isArray(value)) return value.map(fromPulumi);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromPulumi(v)]));
  }
  return value;
}

/** Validates Pulumi inputs (unknowns allowed) with the core's rules. */
export function validateInputs(inputs: ProviderInputs) {
  return validateConnectionInput(fromPulumi(inputs) as RawConnectionInput);
}

/** The desired connection from fully known inputs (create/update time). */
export function desiredFromInputs(inputs: ProviderInputs): DesiredConnection {
  const { value, failures } = validateInputs(inputs);
  if (failures.length > 0) {
    throw new Error(`invalid Auth0AppConnection inputs: ${failures.map((f) => `${f.path}: ${f.message}`).join("; ")}`);
  }
  if (containsUnknown(value)) throw new Error("Auth0AppConnection inputs are not known yet");
  return value as DesiredConnection;
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Checked inputs as handed back to the engine: trimmed values, unknowns kept as Pulumi's sentinel. */
export function checkedInputs(inputs: ProviderInputs, value: ValidatedConnection): ProviderInputs {
  const out: ProviderInputs = { ...inputs };
  const put = (key: string, v: unknown, target: Record<string, unknown> = out) => {
    if (isUnknown(v)) target[key] = PULUMI_UNKNOWN;
    else if (v === null || v === undefined) delete target[key];
    else target[key] = v;
  };
  put("name", value.name);
  put("description", value.description);
  put("projectId", value.projectId);
  put("method", value.method);
  if (inputs.credentials !== null && typeof inputs.credentials === "object") {
    const credentials: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value.credentials)) put(k, v, credentials);
    out.credentials = credentials;
  }
  return out;
}

export function settingsFrom(inputs: { infisical?: unknown }): InfisicalSettingsInput | undefined {
  const s = inputs.infisical;
  if (s === null || typeof s !== "object") return undefined;
  const pick = (k: string) => {
    const v = (s as Record<string, unknown>)[k];
    return typeof v === "string" && v !== "" && v !== PULUMI_UNKNOWN ? v : undefined;
  };
  const settings: InfisicalSettingsInput = {};
  for (const k of ["host", "token", "clientId", "clientSecret"] as const) {
    const v = pick(k);
    if (v !== undefined) settings[k] = v;
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
    infisical?: InfisicalSettingsInput;
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
