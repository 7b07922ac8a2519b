// readThroughList with a scripted list source and a fake clock: scopes kept apart, a list answering for exactly its
// TTL, and a failed list dropped so the next reads list again, unless a newer list already replaced it.
import { afterEach, describe, expect, it } from "vitest";
import {
  invalidateLists,
  LIST_TTL_MS,
  readThroughList,
  resetListCache,
  type ListSource,
} from "../../provider/infisical/list-cache";
import type { Auth0Connection, Auth0ConnectionListItem } from "../../provider/infisical/types";
import { FakeClock } from "./harness";

const HOST = "http://list-cache-unit.test";

function item(id: string, name = id): Auth0ConnectionListItem {
  return {
    id,
    name,
    description: null,
    version: 1,
    orgId: "o",
    projectId: null,
    createdAt: "t",
    updatedAt: "t",
    isPlatformManagedCredentials: false,
    gatewayId: null,
    credentialsHash: null,
    app: "auth0",
    method: "client-credentials",
    credentials: { domain: "d", clientId: "c", audience: "a" },
    project: null,
  };
}

/** A source whose lists are answered by the test (`lists[i].resolve`), recording every call. */
function source(clock = new FakeClock()) {
  const calls: string[] = [];
  const lists: { resolve(items: Auth0ConnectionListItem[]): void; reject(err: unknown): void }[] = [];
  const src: ListSource = {
    host: HOST,
    identity: "who",
    clock,
    list: (projectId) => {
      calls.push(`list ${projectId}`);
      return new Promise((resolve, reject) => lists.push({ resolve, reject }));
    },
    getById: async (id) => {
      calls.push(`get ${id}`);
      const { project: _p, ...c } = item(id, "by-id");
      return c as Auth0Connection;
    },
    isRefusal: () => false,
  };
  return { src, calls, lists, clock };
}

afterEach(() => resetListCache());

/** Two reads at once: the first by id, the second through a list (which the caller answers). */
function pair(src: ListSource, projectId: string | null) {
  return [readThroughList(src, "c-1", projectId), readThroughList(src, "c-2", projectId)] as const;
}

describe("readThroughList", () => {
  it("the organization and a project are separate scopes", async () => {
    const { src, calls, lists } = source();
    const [a, b] = pair(src, null);
    await Promise.resolve();
    lists[0]!.resolve([item("c-1"), item("c-2")]);
    await Promise.all([a, b]);
    calls.length = 0;
    expect((await readThroughList(src, "c-1", "p-1")).name).toBe("by-id");
    expect(calls).toEqual(["get c-1"]);
  });

  it("two projects are separate scopes", async () => {
    const { src, calls, lists } = source();
    const [a, b] = pair(src, "p-1");
    await Promise.resolve();
    lists[0]!.resolve([item("c-1"), item("c-2")]);
    await Promise.all([a, b]);
    calls.length = 0;
    expect((await readThroughList(src, "c-2", "p-2")).name).toBe("by-id");
    expect(calls).toEqual(["get c-2"]);
  });

  it("a list answers for exactly LIST_TTL_MS, then reads go by id again", async () => {
    const { src, calls, lists, clock } = source();
    const [a, b] = pair(src, null);
    await Promise.resolve();
    lists[0]!.resolve([item("c-1"), item("c-2")]);
    await Promise.all([a, b]);
    calls.length = 0;
    clock.advance(LIST_TTL_MS);
    expect((await readThroughList(src, "c-2", null)).name).toBe("c-2");
    expect(calls).toEqual([]);
    clock.advance(1);
    expect((await readThroughList(src, "c-2", null)).name).toBe("by-id");
    expect(calls).toEqual(["get c-2"]);
  });

  it("a failed list is dropped: the next reads list again", async () => {
    const { src, calls, lists } = source();
    const [a, b] = pair(src, null);
    await Promise.resolve();
    lists[0]!.reject(new Error("list failed"));
    await a;
    await expect(b).rejects.toThrow("list failed");
    const [c, d] = pair(src, null);
    await Promise.resolve();
    expect(calls.filter((x) => x.startsWith("list"))).toEqual(["list null", "list null"]);
    lists[1]!.resolve([item("c-1"), item("c-2")]);
    await Promise.all([c, d]);
  });

  it("a failed list does not drop a newer list that replaced it", async () => {
    const { src, calls, lists } = source();
    const [a, b] = pair(src, null);
    await Promise.resolve();
    // A write drops the first list while it is in flight; two more reads start a second one.
    invalidateLists(HOST);
    const [c, d] = pair(src, null);
    await Promise.resolve();
    lists[0]!.reject(new Error("first list failed"));
    await expect(b).rejects.toThrow("first list failed");
    lists[1]!.resolve([item("c-1"), item("c-2"), item("c-3")]);
    await Promise.all([a, c, d]);
    calls.length = 0;
    // The second list still answers.
    const [e, f] = [readThroughList(src, "c-3", null), readThroughList(src, "c-2", null)];
    expect((await e).name).toBe("c-3");
    expect((await f).name).toBe("c-2");
    expect(calls).toEqual([]);
  });
});
