import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIST_TTL_MS, resetListCache, type Auth0Connection, type InfisicalClient } from "../../provider/infisical";
import { startEnv, uniqueName, type TestEnv } from "./harness";

/**
 * Refresh at scale (issue 13 item 2): reads of many connections with a scope hint are answered from one list request
 * per scope, against the emulator with Infisical's self-hosted read limit (60 a minute), counted in its request log.
 */

const AUTH0 = "/api/v1/app-connections/auth0";
let env: TestEnv;
let client: InfisicalClient;
let ids: string[] = [];

beforeAll(async () => {
  env = await startEnv({ rateLimit: { read: 60, write: 1_000, windowMs: 60_000 } });
  client = env.client();
  const credentials = { ...env.emu.seed.auth0 };
  ids = [];
  for (let i = 0; i < 200; i++) {
    ids.push((await env.emu.admin.addConnection({ app: "auth0", name: `scale-${i}`, credentials })).id);
  }
  // The login (a write) before the log is cleared.
  await client.getAppConnectionOptions();
}, 120_000);
afterAll(async () => {
  await env.close();
});
beforeEach(async () => {
  resetListCache();
  await env.emu.admin.clearFaults();
  await env.emu.admin.clearRequests();
});

/** Reads as Terraform's plan walk does: `parallelism` at a time, each a separate call with the scope hint. */
async function walk(
  c: InfisicalClient,
  which: string[],
  hint: { projectId: string | null },
  parallelism = 10,
): Promise<Auth0Connection[]> {
  const out: Auth0Connection[] = new Array<Auth0Connection>(which.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < which.length; i = next++) out[i] = await c.getAuth0Connection(which[i] as string, hint);
  };
  await Promise.all(Array.from({ length: parallelism }, worker));
  return out;
}

const reads = async () =>
  (await env.emu.admin.requests())
    .filter((r) => r.method === "GET" && r.path.startsWith(AUTH0))
    .map((r) => (r.path === AUTH0 ? `list${r.query.projectId ? `?projectId=${r.query.projectId}` : ""}` : "by-id"));

describe("reads with a scope hint", () => {
  it("200 connections under 60 reads a minute: at most 3 API reads and 5 s, each answer equal to a GET by id", async () => {
    const started = Date.now();
    const got = await walk(client, ids, { projectId: null });
    const elapsed = Date.now() - started;
    const seen = await reads();
    expect(seen.length).toBeLessThanOrEqual(3);
    // The first read alone goes by id; the second, arriving while it is in flight, starts the list the rest share.
    expect(seen.sort()).toEqual(["by-id", "list"]);
    expect(elapsed).toBeLessThanOrEqual(5_000);
    expect(got.map((c) => c.id)).toEqual(ids);
    expect((await env.emu.admin.requests()).filter((r) => r.status === 429)).toEqual([]);
    // Exactly what a GET by id answers (no `project`, same fields, same hash): a sample, within the read limit.
    for (const i of [0, 57, 123, 199]) {
      expect(got[i]).toEqual(await client.getAuth0Connection(ids[i] as string));
    }
  });

  it("a read alone is one GET by id, never a list, so it is never stale", async () => {
    const id = ids[3] as string;
    const before = await client.getAuth0Connection(id, { projectId: null });
    await env.emu.admin.editConnection(id, { description: "edited in the UI" });
    const after = await client.getAuth0Connection(id, { projectId: null });
    expect(before.description).toBeNull();
    expect(after.description).toBe("edited in the UI");
    expect(await reads()).toEqual(["by-id", "by-id"]);
    await env.emu.admin.editConnection(id, { description: null });
  });

  it("project scope: one list with ?projectId, shared by concurrent callers; a connection of another scope is read by id", async () => {
    const projectId = env.emu.seed.projectId;
    const credentials = { ...env.emu.seed.auth0 };
    const inProject: string[] = [];
    for (let i = 0; i < 12; i++) {
      inProject.push(
        (await env.emu.admin.addConnection({ app: "auth0", name: uniqueName("p"), projectId, credentials })).id,
      );
    }
    await env.emu.admin.clearRequests();
    // An org-level id, believed to be in the project (e.g. moved): absent from the project's list, so read by id.
    const got = await walk(client, [...inProject, ids[0] as string], { projectId });
    expect(got.map((c) => c.id)).toEqual([...inProject, ids[0]]);
    expect(got.slice(0, 12).every((c) => c.projectId === projectId)).toBe(true);
    expect((await reads()).sort()).toEqual(["by-id", "by-id", `list?projectId=${projectId}`]);
  });

  it("an id created after the list was answered is read by id", async () => {
    await walk(client, ids.slice(0, 20), { projectId: null });
    const fresh = await env.emu.admin.addConnection({
      app: "auth0",
      name: uniqueName("late"),
      credentials: { ...env.emu.seed.auth0 },
    });
    await env.emu.admin.clearRequests();
    expect((await client.getAuth0Connection(fresh.id, { projectId: null })).id).toBe(fresh.id);
    expect((await client.getAuth0Connection(ids[5] as string, { projectId: null })).id).toBe(ids[5]);
    // The late one by id; the other from the list, which is still fresh.
    expect(await reads()).toEqual(["by-id"]);
  });

  it("any write through any client of the process for the host drops the lists; so does time", async () => {
    await walk(client, ids.slice(0, 20), { projectId: null });
    expect((await reads()).filter((r) => r === "list")).toHaveLength(1);
    // Still fresh: answered from the list, no request.
    await walk(client, ids.slice(20, 40), { projectId: null });
    expect((await reads()).filter((r) => r === "list")).toHaveLength(1);

    const other = env.client();
    await other.updateAuth0Connection(ids[30] as string, { description: "written by another client" });
    const afterWrite = await walk(client, ids.slice(20, 40), { projectId: null });
    expect(afterWrite[10]?.description).toBe("written by another client");
    expect((await reads()).filter((r) => r === "list")).toHaveLength(2);

    env.clock.advance(LIST_TTL_MS + 1);
    await walk(client, ids.slice(0, 20), { projectId: null });
    expect((await reads()).filter((r) => r === "list")).toHaveLength(3);
    await other.updateAuth0Connection(ids[30] as string, { description: null });
  });

  it("where listing is refused (403), reads go by id, and the scope stops trying to list", async () => {
    await env.emu.admin.injectFault({
      method: "GET",
      path: AUTH0,
      count: 5,
      fault: {
        kind: "status",
        status: 403,
        error: "PermissionDenied",
        message: "You are not allowed to read on app-connections",
      },
    });
    const got = await walk(client, ids.slice(0, 12), { projectId: null }, 4);
    expect(got.map((c) => c.id)).toEqual(ids.slice(0, 12));
    const seen = await reads();
    expect(seen.filter((r) => r === "list")).toHaveLength(1);
    expect(seen.filter((r) => r === "by-id")).toHaveLength(12);
  });

  it("without a hint, a read is a GET by id as before, even in a burst", async () => {
    await Promise.all(ids.slice(0, 5).map((id) => client.getAuth0Connection(id)));
    expect(await reads()).toEqual(["by-id", "by-id", "by-id", "by-id", "by-id"]);
  });
});
