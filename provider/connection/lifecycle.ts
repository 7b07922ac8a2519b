import type { Auth0Connection, InfisicalClientApi } from "../infisical/types";
import { ConnectionError, isDuplicateName, isInUse, isNotFound, messageOf } from "./errors";
import type { ConnectionState, DesiredConnection } from "./model";
import { type ChangePlan, buildPatch, sameReturnedFields } from "./plan";

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

function scopeLabel(projectId: string | null): string {
  return projectId ? `project ${projectId}` : "the organization (org-level)";
}

/**
 * Creates the connection with one POST (the client reconciles a create whose outcome is unknown, so a flaky network
 * never leaves a duplicate). With `adoptExisting`, a connection of that name in the scope is taken over and brought
 * to the desired state instead.
 */
export async function createConnection(
  client: InfisicalClientApi,
  desired: DesiredConnection,
): Promise<{ state: ConnectionState; adopted: boolean }> {
  if (desired.adoptExisting) {
    const existing = await findByName(client, desired.name, desired.projectId);
    if (existing) {
      const updated = await client.updateAuth0Connection(existing.id, {
        description: desired.description,
        credentials: { ...desired.credentials },
      });
      return { state: stateFromConnection(updated, updated.credentialsHash), adopted: true };
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
    if (isDuplicateName(e)) {
      throw new ConnectionError(
        `An App Connection named "${desired.name}" already exists in ${scopeLabel(desired.projectId)} ` +
          `(Infisical: ${messageOf(e)}). Names are unique across all apps in a scope. To manage the existing ` +
          `Auth0 connection from here, set adoptExisting (Terraform: adopt_existing) to true; otherwise choose another name.`,
        "name",
        { cause: e },
      );
    }
    throw e;
  }
}

async function findByName(
  client: InfisicalClientApi,
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
  client: InfisicalClientApi,
  prior: ConnectionState,
  opts: { ignoreCredentialRefresh: boolean },
): Promise<ConnectionState | undefined> {
  let live: Auth0Connection;
  try {
    live = await client.getAuth0Connection(prior.id);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  return refreshState(prior, live, opts);
}

/**
 * Folds a fresh read into the recorded state. When the user opted to ignore Infisical's own token refresh and only
 * the credentialsHash (and updatedAt) moved, the recorded state is kept as it was, so refresh shows no change.
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

/** Applies an in-place plan with one PATCH carrying only what changed. */
export async function updateConnection(
  client: InfisicalClientApi,
  prior: ConnectionState,
  desired: DesiredConnection,
  plan: ChangePlan,
): Promise<ConnectionState> {
  if (plan.action === "replace") {
    throw new ConnectionError(
      `${plan.replaceFields.join(", ")} cannot change in place: the connection must be replaced`,
    );
  }
  const patch = buildPatch(plan, desired);
  if (Object.keys(patch).length === 0) return prior;
  try {
    const updated = await client.updateAuth0Connection(prior.id, patch);
    return stateFromConnection(updated, patch.credentials ? updated.credentialsHash : prior.appliedCredentialsHash);
  } catch (e) {
    if (isNotFound(e)) {
      throw new ConnectionError(
        `App Connection ${prior.id} ("${prior.name}") no longer exists in Infisical; refresh (pulumi refresh / ` +
          `terraform apply -refresh-only) so it is planned for re-creation.`,
        undefined,
        { cause: e },
      );
    }
    if (isDuplicateName(e)) {
      throw new ConnectionError(
        `Cannot rename to "${desired.name}": ${messageOf(e)} in ${scopeLabel(prior.projectId)}.`,
        "name",
        { cause: e },
      );
    }
    throw e;
  }
}

/** Deletes the connection (one DELETE). Already gone is success; "in use" explains what to do. */
export async function deleteConnection(
  client: InfisicalClientApi,
  prior: Pick<ConnectionState, "id" | "name">,
): Promise<void> {
  try {
    await client.deleteAuth0Connection(prior.id);
  } catch (e) {
    if (isNotFound(e)) return;
    if (isInUse(e)) {
      throw new ConnectionError(
        `Cannot delete App Connection "${prior.name}" (${prior.id}): ${messageOf(e)} Infisical still uses it for ` +
          `secret syncs or rotations: remove those in Infisical first, then retry; or stop managing it without ` +
          `deleting (pulumi state delete / terraform state rm).`,
        undefined,
        { cause: e },
      );
    }
    throw e;
  }
}

/** Import: by id (a uuid), by name (org scope) or by `<projectId>/<name>`. */
export async function importConnection(client: InfisicalClientApi, ref: string): Promise<ConnectionState> {
  const trimmed = ref.trim();
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  let live: Auth0Connection | undefined;
  try {
    if (uuid.test(trimmed)) {
      live = await client.getAuth0Connection(trimmed);
    } else {
      const slash = trimmed.lastIndexOf("/");
      const projectId = slash > 0 ? trimmed.slice(0, slash) : null;
      const name = slash > 0 ? trimmed.slice(slash + 1) : trimmed;
      live = await findByName(client, name, projectId);
      if (!live) throw new ConnectionError(`No Auth0 App Connection named "${name}" in ${scopeLabel(projectId)}`);
    }
  } catch (e) {
    if (isNotFound(e)) throw new ConnectionError(`No Auth0 App Connection with ID ${trimmed}`, undefined, { cause: e });
    throw e;
  }
  // What is there now is the baseline: a later hash change is drift.
  return stateFromConnection(live, live.credentialsHash);
}
