import {
  ConnectionError,
  auth0Rejection,
  isCreateOutcomeUnknown,
  isDuplicateName,
  isInUse,
  isNotFound,
  isOtherApp,
  messageOf,
} from "./errors";
import { parseImportId } from "./import-id";
import { candidatesElsewhere } from "./lookup";
import type { ConnectionState, DesiredConnection } from "./model";
import { type ChangePlan, buildPatch, differingFields, sameReturnedFields } from "./plan";
import type { Auth0Connection, ConnectionApi } from "./port";
import { auth0RejectedError, coreFieldName, facts, scopeLabel } from "./wording";

/** Builds the recorded state from what Infisical returned. */
export function stateFromConnection(live: Auth0Connection, appliedCredentialsHash: string | null): ConnectionState {
  return {
    id: live.id,
    name: live.name,
    description: live.description,
    projectId: live.projectId,
    orgId: live.orgId,
    method: live.method,
    credentials: {
      domain: live.credentials.domain,
      clientId: live.credentials.clientId,
      audience: live.credentials.audience,
    },
    credentialsHash: live.credentialsHash,
    appliedCredentialsHash,
    createdAt: live.createdAt,
    updatedAt: live.updatedAt,
  };
}

/** An Auth0 rejection of the credentials, worded; any other error as it is. */
function credentialWriteError(e: unknown, domain: string): unknown {
  const rejection = auth0Rejection(e);
  return rejection ? auth0RejectedError(rejection, domain, messageOf(e), e) : e;
}

/**
 * Creates the connection with one POST (the client reconciles a create whose outcome is unknown, so a flaky network
 * never leaves a duplicate). With `adoptExisting`, an Auth0 connection of that name in the scope is taken over and
 * brought to the desired state (one PATCH, credentials included) instead.
 */
export async function createConnection(
  client: ConnectionApi,
  desired: DesiredConnection,
): Promise<{ state: ConnectionState; adopted: boolean }> {
  if (desired.adoptExisting) {
    const existing = await findByName(client, desired.name, desired.projectId).catch((e: unknown) => {
      throw isOtherApp(e) ? otherAppError(desired, e) : e;
    });
    if (existing) {
      try {
        const updated = await client.updateAuth0Connection(existing.id, {
          description: desired.description,
          credentials: { ...desired.credentials },
        });
        return { state: stateFromConnection(updated, updated.credentialsHash), adopted: true };
      } catch (e) {
        throw credentialWriteError(e, desired.credentials.domain);
      }
    }
  }
  try {
    const created = await client.createAuth0Connection({
      name: desired.name,
      description: desired.description,
      method: desired.method,
      ...(desired.projectId ? { projectId: desired.projectId } : {}),
      credentials: { ...desired.credentials },
    });
    return { state: stateFromConnection(created, created.credentialsHash), adopted: false };
  } catch (e) {
    if (isDuplicateName(e)) throw await nameTakenError(client, desired, e);
    if (isCreateOutcomeUnknown(e)) throw outcomeUnknownError(desired, e);
    throw credentialWriteError(e, desired.credentials.domain);
  }
}

function otherAppError(desired: DesiredConnection, cause: unknown): ConnectionError {
  const params = { name: desired.name, projectId: desired.projectId, infisical: messageOf(cause) };
  return new ConnectionError(
    "name-taken-other-app",
    `${facts.otherApp(params)} Another app's connection cannot be taken over: choose another name.`,
    { field: "name", params, cause },
  );
}

/**
 * "Already exists": looks at what holds the name, so the error can say the one thing that converges. An Auth0
 * connection equal to the declaration (typically created by an interrupted earlier run) can be imported or adopted;
 * anything else must not be, and the error says why.
 */
async function nameTakenError(client: ConnectionApi, desired: DesiredConnection, cause: unknown) {
  const params = { name: desired.name, projectId: desired.projectId, infisical: messageOf(cause) };
  let existing: Auth0Connection | undefined;
  try {
    existing = await findByName(client, desired.name, desired.projectId);
  } catch (e) {
    if (isOtherApp(e)) return otherAppError(desired, e);
    existing = undefined;
  }
  if (!existing) {
    return new ConnectionError(
      "name-taken",
      `An App Connection named "${desired.name}" already exists in ${scopeLabel(desired.projectId)} ` +
        `(Infisical: ${params.infisical}), and ` +
        `looking it up failed. Names are unique across all apps in a scope: choose another name, or find the ` +
        `existing connection in Infisical.`,
      { field: "name", params, cause },
    );
  }
  const fields = differingFields(existing, desired);
  if (fields.length === 0) {
    const identical = { ...params, id: existing.id };
    return new ConnectionError(
      "name-taken-identical",
      `${facts.identical(identical)} Import it by its id, or enable adoptExisting to take it over.`,
      { field: "name", params: identical, cause },
    );
  }
  const different = { ...params, id: existing.id, fields };
  return new ConnectionError("name-taken-different", facts.different(different, coreFieldName), {
    field: "name",
    params: different,
    cause,
  });
}

function outcomeUnknownError(desired: DesiredConnection, cause: unknown): ConnectionError {
  const params = { name: desired.name, projectId: desired.projectId, infisical: messageOf(cause) };
  return new ConnectionError(
    "create-outcome-unknown",
    `${facts.outcomeUnknown(params)}. Run again with adoptExisting enabled to take it over if it exists (or create ` +
      `it if not), or import it by name once Infisical answers.`,
    { field: "name", params, cause },
  );
}

async function findByName(
  client: ConnectionApi,
  name: string,
  projectId: string | null,
): Promise<Auth0Connection | undefined> {
  try {
    return await client.getAuth0ConnectionByName(name, projectId ? { projectId } : {});
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Reads the connection (one GET). `undefined` means it is gone. */
export async function readConnection(
  client: ConnectionApi,
  prior: ConnectionState,
  opts: { ignoreCredentialRefresh: boolean },
): Promise<ConnectionState | undefined> {
  let live: Auth0Connection;
  try {
    live = await client.getAuth0Connection(prior.id, { projectId: prior.projectId });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  return refreshState(prior, live, opts);
}

/**
 * Folds a fresh read into the recorded state. The ignore-credential-refresh rule lives here, and only here: when the
 * user opted to ignore Infisical's own token refresh and only the credentialsHash (and updatedAt) moved while every
 * returned field still matches, the recorded state is kept as it was, so neither refresh nor plan shows a change.
 */
export function refreshState(
  prior: ConnectionState,
  live: Auth0Connection,
  opts: { ignoreCredentialRefresh: boolean },
): ConnectionState {
  const next = stateFromConnection(live, prior.appliedCredentialsHash);
  if (
    opts.ignoreCredentialRefresh &&
    next.credentialsHash !== prior.credentialsHash &&
    sameReturnedFields(prior, next)
  ) {
    return prior;
  }
  return next;
}

/** Applies an in-place plan with one PATCH carrying only what changed (none when only recorded options changed). */
export async function updateConnection(
  client: ConnectionApi,
  prior: ConnectionState,
  desired: DesiredConnection,
  plan: ChangePlan,
): Promise<ConnectionState> {
  if (plan.action === "replace") {
    throw new ConnectionError(
      "replace-required",
      `${plan.replaceFields.join(", ")} cannot change in place: the connection must be replaced`,
      { field: plan.replaceFields[0], params: { id: prior.id, name: prior.name, fields: [...plan.replaceFields] } },
    );
  }
  const patch = buildPatch(plan, desired);
  if (Object.keys(patch).length === 0) return prior;
  try {
    const updated = await client.updateAuth0Connection(prior.id, patch);
    return stateFromConnection(updated, patch.credentials ? updated.credentialsHash : prior.appliedCredentialsHash);
  } catch (e) {
    const params = { id: prior.id, name: prior.name, projectId: prior.projectId, infisical: messageOf(e) };
    if (isNotFound(e)) {
      throw new ConnectionError(
        "gone-on-update",
        `${facts.gone(params)} Refresh, so that it is planned for re-creation, and apply again.`,
        { params, cause: e },
      );
    }
    if (isDuplicateName(e)) {
      throw new ConnectionError(
        "rename-taken",
        `Cannot rename to "${desired.name}": ${params.infisical} in ${scopeLabel(prior.projectId)}. Names are ` +
          `unique across all apps in a scope: choose another name.`,
        { field: "name", params: { ...params, name: desired.name }, cause: e },
      );
    }
    throw credentialWriteError(e, desired.credentials.domain);
  }
}

/** Deletes the connection (one DELETE). Already gone is success; "in use" explains what to do. */
export async function deleteConnection(
  client: ConnectionApi,
  prior: Pick<ConnectionState, "id" | "name">,
): Promise<void> {
  try {
    await client.deleteAuth0Connection(prior.id);
  } catch (e) {
    if (isNotFound(e)) return;
    if (isInUse(e)) {
      const params = { id: prior.id, name: prior.name, infisical: messageOf(e) };
      throw new ConnectionError("in-use", `${facts.inUse(params)} (remove it from this tool's state).`, {
        params,
        cause: e,
      });
    }
    throw e;
  }
}

/** Import: by id (a uuid), by name (org scope) or by `<projectId>/<name>`; anything else is refused before any call. */
export async function importConnection(client: ConnectionApi, importId: string): Promise<ConnectionState> {
  const ref = parseImportId(importId);
  let live: Auth0Connection | undefined;
  try {
    live =
      ref.kind === "id"
        ? await client.getAuth0Connection(ref.id)
        : await findByName(client, ref.name, ref.projectId).catch((e: unknown) => {
            if (isOtherApp(e)) return undefined;
            throw e;
          });
  } catch (e) {
    if (!isNotFound(e) && !isOtherApp(e)) throw e;
    live = undefined;
  }
  if (!live) {
    const what = ref.kind === "id" ? `with ID ${ref.id}` : `named "${ref.name}" in ${scopeLabel(ref.projectId)}`;
    // Where connections of that name are, so the error can give the import ID that finds one.
    const candidates = ref.kind === "name" ? await candidatesElsewhere(client, ref.name, ref.projectId) : undefined;
    throw new ConnectionError("import-not-found", `No Auth0 App Connection ${what}.`, {
      params: {
        importId,
        ...(ref.kind === "id" ? { id: ref.id } : { name: ref.name, projectId: ref.projectId }),
        ...(candidates ? { candidates } : {}),
      },
    });
  }
  // What is there now is the baseline: a later hash change is drift.
  return stateFromConnection(live, live.credentialsHash);
}
