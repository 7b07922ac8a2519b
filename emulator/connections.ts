import type { Store } from "./store";
import type { ConnectionRow } from "./state";
import { encryptJson, newId, sha256Hex } from "./crypto";
import { badRequest, notFound } from "./errors";

export interface NewConnection {
  app: string;
  method: string;
  name: string;
  description: string | null;
  projectId: string | null;
  credentials: Record<string, string> | null;
}

export interface ConnectionPatch {
  name?: string;
  description?: string | null;
  credentials?: Record<string, string>;
}

/** The app-connection rules that do not depend on the route: scope, uniqueness across apps, writes. */
export class Connections {
  constructor(private readonly store: Store) {}

  private get rows(): ConnectionRow[] {
    return this.store.state.connections;
  }

  all(): ConnectionRow[] {
    return this.rows;
  }

  /** `null` is the org scope: only org-level connections, never project-level ones. */
  inScope(projectId: string | null): ConnectionRow[] {
    return this.rows.filter((c) => c.projectId === projectId);
  }

  byId(id: string): ConnectionRow {
    const row = this.rows.find((c) => c.id === id);
    if (row === undefined) throw notFound(`Could not find App Connection with ID ${id}`);
    return row;
  }

  byIdForApp(id: string, app: string): ConnectionRow {
    const row = this.byId(id);
    if (row.app !== app) throw badRequest(`App Connection with ID ${id} is not for App "${app}"`);
    return row;
  }

  byNameForApp(name: string, projectId: string | null, app: string): ConnectionRow {
    const row = this.inScope(projectId).find((c) => c.name === name);
    if (row === undefined) {
      const scope = projectId === null ? "organization" : "project";
      throw notFound(`Could not find App Connection with name ${name} in ${scope} scope.`);
    }
    if (row.app !== app) throw badRequest(`App Connection with name ${name} is not for App "${app}"`);
    return row;
  }

  assertProjectExists(projectId: string): void {
    if (!this.store.state.projects.some((p) => p.id === projectId)) {
      throw badRequest(`Could not find project with ID ${projectId}`);
    }
  }

  /** Names are unique across every app within one scope (Infisical's unique index on orgId/projectId/name). */
  assertNameFree(name: string, projectId: string | null, exceptId?: string): void {
    if (this.inScope(projectId).some((c) => c.name === name && c.id !== exceptId)) {
      throw badRequest(`An App Connection with the name "${name}" already exists`);
    }
  }

  /** Checks the project and the name at the moment of the write (a route may have awaited Auth0 in between). */
  create(input: NewConnection): ConnectionRow {
    if (input.projectId !== null) this.assertProjectExists(input.projectId);
    this.assertNameFree(input.name, input.projectId);
    const now = new Date().toISOString();
    const row: ConnectionRow = {
      id: newId(),
      app: input.app,
      method: input.method,
      name: input.name,
      description: input.description,
      orgId: this.store.state.orgId,
      projectId: input.projectId,
      encryptedCredentials: null,
      credentialsHash: null,
      inUse: false,
      createdAt: now,
      updatedAt: now,
    };
    if (input.credentials !== null) this.setCredentials(row, input.credentials);
    this.rows.push(row);
    this.store.commit();
    return row;
  }

  update(row: ConnectionRow, patch: ConnectionPatch): ConnectionRow {
    if (patch.name !== undefined) this.assertNameFree(patch.name, row.projectId, row.id);
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.description !== undefined) row.description = patch.description;
    if (patch.credentials !== undefined) this.setCredentials(row, patch.credentials);
    touch(row);
    this.store.commit();
    return row;
  }

  remove(row: ConnectionRow): void {
    const index = this.rows.indexOf(row);
    if (index >= 0) this.rows.splice(index, 1);
    this.store.commit();
  }

  setInUse(row: ConnectionRow, inUse: boolean): void {
    row.inUse = inUse;
    this.store.commit();
  }

  private setCredentials(row: ConnectionRow, credentials: Record<string, string>): void {
    row.encryptedCredentials = encryptJson(this.store.state.encryptionKey, credentials);
    row.credentialsHash = sha256Hex(row.encryptedCredentials);
  }
}

/** Every row write moves `updatedAt`, strictly forward even within one millisecond. */
function touch(row: ConnectionRow): void {
  const previous = Date.parse(row.updatedAt);
  row.updatedAt = new Date(Math.max(Date.now(), previous + 1)).toISOString();
}
