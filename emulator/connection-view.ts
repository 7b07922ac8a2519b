import type { EmulatorConnectionView } from "./types";
import type { ConnectionRow, EmulatorState } from "./state";
import { decryptJson } from "./crypto";

/** Credential keys Infisical never returns: whatever looks like a secret. */
const SECRET_KEY = /secret|password|token|key/i;

export function plainCredentials(state: EmulatorState, row: ConnectionRow): Record<string, string> | null {
  if (row.encryptedCredentials === null) return null;
  return decryptJson<Record<string, string>>(state.encryptionKey, row.encryptedCredentials);
}

function publicCredentials(state: EmulatorState, row: ConnectionRow): Record<string, string> {
  const plain = plainCredentials(state, row) ?? {};
  if (row.app === "auth0")
    return { domain: plain.domain ?? "", clientId: plain.clientId ?? "", audience: plain.audience ?? "" };
  return Object.fromEntries(Object.entries(plain).filter(([k]) => !SECRET_KEY.test(k) || k === "accessKeyId"));
}

/** The connection object as the API returns it (no `project` key: only list routes add that). */
export function apiConnection(state: EmulatorState, row: ConnectionRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    version: 1,
    orgId: row.orgId,
    projectId: row.projectId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    isPlatformManagedCredentials: false,
    gatewayId: null,
    // Fields newer servers send; clients must tolerate them.
    isAutoRotationEnabled: false,
    gatewayPoolId: null,
    credentialsHash: row.credentialsHash,
    app: row.app,
    method: row.method,
    credentials: publicCredentials(state, row),
  };
}

export function apiListItem(state: EmulatorState, row: ConnectionRow): Record<string, unknown> {
  const project = row.projectId === null ? undefined : state.projects.find((p) => p.id === row.projectId);
  return {
    ...apiConnection(state, row),
    project:
      project === undefined ? null : { id: project.id, name: project.name, slug: project.slug, type: project.type },
  };
}

export function adminView(state: EmulatorState, row: ConnectionRow): EmulatorConnectionView {
  const plain = plainCredentials(state, row);
  return {
    id: row.id,
    app: row.app,
    name: row.name,
    description: row.description,
    orgId: row.orgId,
    projectId: row.projectId,
    credentialsHash: row.credentialsHash,
    credentials:
      plain === null
        ? null
        : { domain: plain.domain ?? "", clientId: plain.clientId ?? "", audience: plain.audience ?? "" },
    inUse: row.inUse,
    updatedAt: row.updatedAt,
  };
}

export function sortByLowerName(rows: ConnectionRow[]): ConnectionRow[] {
  return [...rows].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}
