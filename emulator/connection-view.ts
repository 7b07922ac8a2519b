import type { z } from "zod";
import type { EmulatorConnectionView } from "./types";
import type { ConnectionRow, EmulatorState } from "./state";
import { decryptJson } from "./crypto";
import { isPublicCredentialKey, type anyConnection, type auth0Connection } from "./schemas";

/** A connection of any app as the API returns it, and an Auth0 one (what the response schemas accept). */
export type ApiConnection = z.input<typeof anyConnection>;
export type ApiAuth0Connection = z.input<typeof auth0Connection>;

export function plainCredentials(state: EmulatorState, row: ConnectionRow): Record<string, string> | null {
  if (row.encryptedCredentials === null) return null;
  return decryptJson<Record<string, string>>(state.encryptionKey, row.encryptedCredentials);
}

function publicCredentials(state: EmulatorState, row: ConnectionRow): Record<string, string> {
  const plain = plainCredentials(state, row) ?? {};
  if (row.app === "auth0") return auth0Public(plain);
  return Object.fromEntries(Object.entries(plain).filter(([k]) => isPublicCredentialKey(k)));
}

const auth0Public = (plain: Record<string, string>) => ({
  domain: plain.domain ?? "",
  clientId: plain.clientId ?? "",
  audience: plain.audience ?? "",
});

/** The connection object as the API returns it (no `project` key: only list routes add that). */
export function apiConnection(state: EmulatorState, row: ConnectionRow): ApiConnection {
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

/**
 * An Auth0 connection (the caller looked it up for app "auth0"). The casts are checked where it matters: the route's
 * response schema refuses any other app, method or credential field.
 */
export function apiAuth0Connection(state: EmulatorState, row: ConnectionRow): ApiAuth0Connection {
  const connection = apiConnection(state, row);
  return {
    ...connection,
    app: connection.app as "auth0",
    method: connection.method as "client-credentials",
    credentials: connection.credentials as ApiAuth0Connection["credentials"],
  };
}

/** List items add the connection's project (or `null` at org level). */
export function withProject<T extends ApiConnection>(state: EmulatorState, connection: T) {
  const project = connection.projectId === null ? undefined : state.projects.find((p) => p.id === connection.projectId);
  return {
    ...connection,
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
    credentials: plain === null ? null : auth0Public(plain),
    inUse: row.inUse,
    updatedAt: row.updatedAt,
  };
}

export function sortByLowerName(rows: ConnectionRow[]): ConnectionRow[] {
  return [...rows].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}
