/**
 * The dynamic provider's real implementation. The serialized `__provider` is only a shim that `require()`s this
 * module by package name at run time, so every operation (including a delete months later) runs the installed code,
 * and no credential is ever captured into state. Settings come from stack config (`infisical:*`) via `configure()`,
 * else from a resource's own `infisical` input, else from the environment (INFISICAL_*).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  type ConnectionApi,
  ConnectionError,
  UNKNOWN,
  createConnection,
  deleteConnection,
  fingerprintSecret,
  importConnection,
  ownField,
  parseImportId,
  planChange,
  readConnection,
  secretMatchesFingerprint,
  updateConnection,
} from "../connection";
import { getInfisicalClient, isInfisicalApiError } from "../infisical";
import type { InfisicalSettingsInput } from "../infisical/types";
import { pulumiMessage, resourceSettingName, stackSettingName } from "./messages";
import {
  type ProviderInputs,
  type ProviderOutputs,
  checkedInputs,
  desiredFromInputs,
  outputsFromState,
  settingsFailures,
  settingsFrom,
  stateFromOutputs,
  validateInputs,
} from "./props";
import { PULUMI_UNKNOWN } from "./unknown";

type CheckResult = Awaited<ReturnType<NonNullable<pulumi.dynamic.ResourceProvider["check"]>>>;
type DiffResult = pulumi.dynamic.DiffResult;

let stackSettings: InfisicalSettingsInput = {};

/**
 * Stack config keys, set with `pulumi config set [--secret] infisical:<key> <value>`: the client's settings under
 * their own names (`jwt`, `token`, `clientSecret` and `serviceAccountToken` with --secret). Each falls back to
 * Infisical's environment variable, and the login method is chosen as Infisical's Terraform provider does.
 */
const CONFIG_KEYS = {
  host: "infisical:host",
  token: "infisical:token",
  clientId: "infisical:clientId",
  clientSecret: "infisical:clientSecret",
  authMethod: "infisical:authMethod",
  identityId: "infisical:identityId",
  jwt: "infisical:jwt",
  tokenEnvironmentVariableName: "infisical:tokenEnvironmentVariableName",
  githubActionsAudience: "infisical:githubActionsAudience",
  serviceAccountToken: "infisical:serviceAccountToken",
  serviceAccountTokenPath: "infisical:serviceAccountTokenPath",
  organizationSlug: "infisical:organizationSlug",
} as const satisfies Partial<Record<keyof InfisicalSettingsInput, string>>;

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  const settings: InfisicalSettingsInput = {};
  for (const [field, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    const value = req.config.get(key);
    if (typeof value === "string" && value !== "") settings[field] = value;
  }
  stackSettings = settings;
}

/**
 * The client's settings input for a resource: its own `infisical` input, else the stack config (the client then
 * falls back to the environment). `settingName` (contract 3) makes the client's messages name the Pulumi setting.
 */
export function settingsInputFor(props: { infisical?: unknown }): InfisicalSettingsInput {
  const own = settingsFrom(props);
  const settingName = own ? resourceSettingName : stackSettingName;
  const input: InfisicalSettingsInput = { ...(own ?? stackSettings) };
  input.settingName = settingName;
  return input;
}

function clientFor(props: { infisical?: unknown }): ConnectionApi {
  try {
    return getInfisicalClient(settingsInputFor(props));
  } catch (e) {
    if (isInfisicalApiError(e) && e.kind === "config") {
      throw new Error(
        `Infisical settings for Auth0AppConnection: ${e.message}. With Pulumi, set them as stack config: ` +
          `pulumi config set infisical:host <url>; pulumi config set infisical:clientId <id>; ` +
          `pulumi config set --secret infisical:clientSecret <secret> (or --secret infisical:token <token>; or a ` +
          `workload identity: infisical:authMethod oidc|kubernetes|aws-iam and infisical:identityId <id>), ` +
          `or give the resource its own \`infisical\` input.`,
        { cause: e },
      );
    }
    throw e;
  }
}

export async function check(_olds: ProviderInputs, news: ProviderInputs): Promise<CheckResult> {
  const { value, failures } = validateInputs(news);
  return {
    inputs: checkedInputs(news, value),
    failures: [...failures, ...settingsFailures(news)].map((f) => ({ property: f.path, reason: f.message })),
  };
}

function secretChanged(news: ProviderInputs, olds: Partial<ProviderOutputs>): boolean | undefined {
  const secret = (news.credentials as { clientSecret?: unknown } | undefined)?.clientSecret;
  if (secret === PULUMI_UNKNOWN || typeof secret !== "string") return undefined;
  return !secretMatchesFingerprint(secret.trim(), olds.clientSecretFingerprint);
}

function changedSettings(news: ProviderInputs, olds: Partial<ProviderOutputs>): boolean {
  return JSON.stringify(settingsFrom(news) ?? null) !== JSON.stringify(olds.infisical ?? null);
}

export async function diff(id: string, olds: Partial<ProviderOutputs>, news: ProviderInputs): Promise<DiffResult> {
  const { value } = validateInputs(news);
  const changed = secretChanged(news, olds);
  const plan = planChange(stateFromOutputs(id, olds), value, changed === undefined ? UNKNOWN : changed, {
    ignoreCredentialRefresh: olds.ignoreCredentialRefresh ?? false,
  });
  return {
    // The resource's own Infisical settings are kept in state for read and delete: a change is recorded.
    changes: plan.action !== "none" || changedSettings(news, olds),
    replaces: [...plan.replaceFields],
    deleteBeforeReplace: false,
  };
}

/** Core errors in a Pulumi user's words (the core's code stays on `cause`); anything else as it is. */
async function worded<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof ConnectionError) throw new Error(pulumiMessage(e), { cause: e });
    throw e;
  }
}

export async function create(inputs: ProviderInputs): Promise<{ id: string; outs: ProviderOutputs }> {
  const desired = await worded(async () => desiredFromInputs(inputs));
  const { state } = await worded(() => createConnection(clientFor(inputs), desired));
  return {
    id: state.id,
    outs: outputsFromState(state, {
      clientSecretFingerprint: fingerprintSecret(desired.credentials.clientSecret),
      adoptExisting: desired.adoptExisting,
      ignoreCredentialRefresh: desired.ignoreCredentialRefresh,
      infisical: settingsFrom(inputs),
    }),
  };
}

export async function update(
  id: string,
  olds: Partial<ProviderOutputs>,
  news: ProviderInputs,
): Promise<{ outs: ProviderOutputs }> {
  const desired = await worded(async () => desiredFromInputs(news));
  const prior = stateFromOutputs(id, olds);
  const changed = secretChanged(news, olds) ?? true;
  const plan = planChange(prior, desired, changed);
  const next = await worded(() => updateConnection(clientFor(news), prior, desired, plan));
  return {
    outs: outputsFromState(next, {
      clientSecretFingerprint: plan.sendCredentials
        ? fingerprintSecret(desired.credentials.clientSecret)
        : (olds.clientSecretFingerprint ?? ""),
      adoptExisting: desired.adoptExisting,
      ignoreCredentialRefresh: desired.ignoreCredentialRefresh,
      infisical: settingsFrom(news),
    }),
  };
}

type ReadResult = { id: string; props: Partial<ProviderOutputs> };

/**
 * `Auth0AppConnection.get(name, id)`: the engine reads with the id and, as state, only what the program passed (no
 * prior outputs, so no `connectionId`). The id must be a connection's id; one that names nothing is an error that
 * names it (a refresh of a managed connection instead reports it gone).
 */
async function lookup(id: string): Promise<ReadResult> {
  let ref: ReturnType<typeof parseImportId> | undefined;
  try {
    ref = parseImportId(id);
  } catch {
    ref = undefined;
  }
  if (ref?.kind !== "id") {
    throw new Error(
      `Auth0AppConnection.get: ${JSON.stringify(id)} is not an App Connection id. get() takes the connection's ` +
        `id, a uuid (e.g. 3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d), as the connectionId output and Infisical's UI ` +
        `show it. To manage a connection you know by name, declare it with adoptExisting: true.`,
    );
  }
  const connectionId = ref.id;
  const state = await worded(() => importConnection(clientFor({}), connectionId));
  return {
    id: state.id,
    props: outputsFromState(state, {
      clientSecretFingerprint: "",
      adoptExisting: false,
      ignoreCredentialRefresh: false,
    }),
  };
}

export async function read(id: string, props: Partial<ProviderOutputs>): Promise<ReadResult> {
  const recorded = ownField(props, "connectionId");
  if (typeof recorded !== "string" || recorded === "") return lookup(id);
  const prior = stateFromOutputs(id, props);
  const ignoreCredentialRefresh = props.ignoreCredentialRefresh === true;
  const next = await worded(() => readConnection(clientFor(props), prior, { ignoreCredentialRefresh }));
  if (!next) return { id: "", props: {} };
  return {
    id: next.id,
    props: outputsFromState(next, {
      clientSecretFingerprint: props.clientSecretFingerprint ?? "",
      adoptExisting: props.adoptExisting === true,
      ignoreCredentialRefresh,
      infisical: settingsFrom(props),
    }),
  };
}

async function remove(id: string, props: Partial<ProviderOutputs>): Promise<void> {
  await worded(() => deleteConnection(clientFor(props), { id, name: props.name ?? id }));
}
export { remove as delete };

/** For callers that want the plain object (tests, the demo). */
export const dynamicProvider = { configure, check, diff, create, read, update, delete: remove };
export { ConnectionError };
