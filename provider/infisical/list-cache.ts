/**
 * Reads of several connections answered from one list request per scope (a `terraform plan` of 200 connections under
 * the self-hosted limit of 60 reads a minute: 2 reads instead of 200). Infisical's list route returns the same
 * connection object as get-by-id, plus `project`, which is dropped, so a read answers exactly what a GET would.
 *
 * - A read alone in its scope is one GET by id: as cheap as a list, and never stale.
 * - A read arriving while another is in flight starts a list (or joins the one in flight); the list then answers
 *   every read of the scope for LIST_TTL_MS.
 * - Any write (create, update, delete) through any client of the process for the host drops the lists of that host.
 * - An id the list lacks (created after it, or in another scope) is read by id; where listing is refused (403,
 *   404, an answer of another shape) reads go by id from then on.
 * State is per host, scope and identity, and shared by every client in the process, like the token cache.
 */
import type { Clock } from "./clock";
import type { Auth0Connection, Auth0ConnectionListItem } from "./types";

/** How long a list answers reads: long enough for one command's walk over its resources, short enough to be fresh. */
export const LIST_TTL_MS = 10_000;

interface ListEntry {
  /** The list request, in flight or answered: the connections by id. */
  byId: Promise<Map<string, Auth0Connection>>;
  /** Clock ms of the answer; undefined while in flight. */
  answeredAt?: number;
}

interface Scope {
  list?: ListEntry;
  /** Reads by id in flight in this scope. */
  single: number;
  /** Listing was refused in this scope: read by id. */
  refused: boolean;
}

const hosts = new Map<string, Map<string, Scope>>();

/** Drops every list of `host` (a write there may have changed any connection). */
export function invalidateLists(host: string): void {
  for (const scope of hosts.get(host)?.values() ?? []) scope.list = undefined;
}

/** Forgets all lists and refusals (tests). */
export function resetListCache(): void {
  hosts.clear();
}

export interface ListSource {
  host: string;
  /** Who is asking (identity or token, hashed): what a list shows depends on its permissions. */
  identity: string;
  clock: Clock;
  list(projectId: string | null): Promise<Auth0ConnectionListItem[]>;
  getById(id: string): Promise<Auth0Connection>;
  /** The list request was refused (reading by id may still work). */
  isRefusal(err: unknown): boolean;
}

function scopeOf(src: ListSource, projectId: string | null): Scope {
  let scopes = hosts.get(src.host);
  if (!scopes) {
    scopes = new Map();
    hosts.set(src.host, scopes);
  }
  const key = `${src.identity}\u0000${projectId ?? ""}`;
  let scope = scopes.get(key);
  if (!scope) {
    scope = { single: 0, refused: false };
    scopes.set(key, scope);
  }
  return scope;
}

function startList(src: ListSource, scope: Scope, projectId: string | null): ListEntry {
  const entry: ListEntry = {
    byId: src.list(projectId).then((items) => {
      entry.answeredAt = src.clock.now();
      const byId = new Map<string, Auth0Connection>();
      for (const { project: _project, ...connection } of items) byId.set(connection.id, connection);
      return byId;
    }),
  };
  // A failed list is not kept: the next read tries again (its callers see the error themselves).
  entry.byId.catch(() => {
    if (scope.list === entry) scope.list = undefined;
  });
  scope.list = entry;
  return entry;
}

/** One connection by id, from a list of the scope where that saves requests (see above). */
export async function readThroughList(src: ListSource, id: string, projectId: string | null): Promise<Auth0Connection> {
  const scope = scopeOf(src, projectId);
  if (scope.refused) return src.getById(id);
  let entry = scope.list;
  if (entry?.answeredAt !== undefined && src.clock.now() - entry.answeredAt > LIST_TTL_MS) {
    scope.list = entry = undefined;
  }
  if (!entry && scope.single === 0) {
    scope.single++;
    try {
      return await src.getById(id);
    } finally {
      scope.single--;
    }
  }
  entry ??= startList(src, scope, projectId);
  let byId: Map<string, Auth0Connection>;
  try {
    byId = await entry.byId;
  } catch (err) {
    if (!src.isRefusal(err)) throw err;
    scope.refused = true;
    return src.getById(id);
  }
  const found = byId.get(id);
  // A copy per caller, as a GET would give: callers must not share (and mutate) one object.
  return found ? { ...found, credentials: { ...found.credentials } } : src.getById(id);
}
