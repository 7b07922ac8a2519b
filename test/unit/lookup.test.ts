// The core's lookup (provider/connection/lookup.ts): its input rules as pure functions, and the lookup itself with the
// real client against the in-process emulator (what each miss says, the requests it makes). The Terraform data source's
// own test (test/terraform/data-source.test.ts) shows the same through the real terraform.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionError,
  UNKNOWN,
  coreFieldName,
  lookupConnection,
  lookupInputErrors,
  lookupRef,
} from "../../provider/connection";
import { type TestEnv, startEnv } from "../client/harness";

const UUID = "3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d";
const problems = (input: Parameters<typeof lookupInputErrors>[0]) =>
  lookupInputErrors(input).map((e) => [e.params.lookupProblem, e.field]);

describe("lookup input rules", () => {
  it("takes exactly one of id and name, and a project only with a name", () => {
    expect(problems({ id: UUID })).toEqual([]);
    expect(problems({ name: "auth0-prod" })).toEqual([]);
    expect(problems({ name: "auth0-prod", projectId: "p1" })).toEqual([]);
    expect(problems({ id: UUID, name: "auth0-prod" })).toEqual([["id-and-name", "id"]]);
    expect(problems({})).toEqual([["neither", "id"]]);
    expect(problems({ projectId: "p1" })).toEqual([["neither", "id"]]);
    expect(problems({ id: UUID, projectId: "p1" })).toEqual([["project-without-name", "projectId"]]);
  });

  it("checks an id's and a name's form, and an empty project", () => {
    expect(problems({ id: "auth0-prod" })).toEqual([["id-not-uuid", "id"]]);
    expect(problems({ name: "Auth0 Prod" })).toEqual([["name-invalid", "name"]]);
    expect(problems({ name: "auth0-prod", projectId: " " })).toEqual([["project-empty", "projectId"]]);
    const [bad] = lookupInputErrors({ name: "Auth0 Prod" });
    expect(bad?.message).toContain('did you mean "auth0-prod"?');
  });

  it("counts an unknown value as set, and checks its form only once known", () => {
    expect(problems({ id: UNKNOWN })).toEqual([]);
    expect(problems({ id: UNKNOWN, name: "auth0-prod" })).toEqual([["id-and-name", "id"]]);
    expect(problems({ id: UNKNOWN, projectId: "p1" })).toEqual([["project-without-name", "projectId"]]);
    expect(() => lookupRef({ id: UNKNOWN })).toThrow(ConnectionError);
  });

  it("names fields in the caller's words", () => {
    const [e] = lookupInputErrors({ id: UUID, projectId: "p1" }, (p) => (p === "projectId" ? "project_id" : p));
    expect(e?.message).toContain("project_id only applies to a lookup by name");
    expect(lookupInputErrors({ id: UUID, projectId: "p1" }, coreFieldName)[0]?.message).toContain("projectId only");
  });

  it("trims what it looks up", () => {
    expect(lookupRef({ id: ` ${UUID} ` })).toEqual({ kind: "id", id: UUID });
    expect(lookupRef({ name: " auth0-prod ", projectId: " p1 " })).toEqual({
      kind: "name",
      name: "auth0-prod",
      projectId: "p1",
    });
    expect(lookupRef({ name: "auth0-prod", projectId: null })).toEqual({
      kind: "name",
      name: "auth0-prod",
      projectId: null,
    });
  });
});

describe("lookupConnection against the emulator", () => {
  let env: TestEnv;
  let second: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    env = await startEnv();
    const { emu } = env;
    const { domain, clientId, clientSecret, audience } = emu.seed.auth0;
    const credentials = { domain, clientId, clientSecret, audience };
    second = (await emu.admin.addProject({ name: "Backend" })).id;
    const add = async (key: string, name: string, projectId?: string) => {
      ids[key] = (
        await emu.admin.addConnection({ app: "auth0", name, credentials, ...(projectId ? { projectId } : {}) })
      ).id;
    };
    await add("org", "shared");
    await add("project", "shared", emu.seed.projectId);
    await add("one", "only-in-second", second);
    await add("twoA", "in-two", emu.seed.projectId);
    await add("twoB", "in-two", second);
    ids.aws = (await emu.admin.addConnection({ app: "aws", name: "aws-conn" })).id;
  }, 60_000);
  afterAll(() => env?.close());

  const failure = async (ref: Parameters<typeof lookupConnection>[1]) => {
    try {
      await lookupConnection(env.client(), ref);
    } catch (e) {
      if (e instanceof ConnectionError) return e;
      throw e;
    }
    throw new Error("the lookup succeeded");
  };

  it("finds by id, by name at org level and by name in a project", async () => {
    const client = env.client();
    expect((await lookupConnection(client, { kind: "id", id: ids.project! })).projectId).toBe(env.emu.seed.projectId);
    expect((await lookupConnection(client, { kind: "name", name: "shared", projectId: null })).id).toBe(ids.org);
    const inProject = { kind: "name" as const, name: "shared", projectId: env.emu.seed.projectId };
    expect((await lookupConnection(client, inProject)).id).toBe(ids.project);
  });

  it("a miss at org level names the one project that has the name, with its display name", async () => {
    const e = await failure({ kind: "name", name: "only-in-second", projectId: null });
    expect(e.code).toBe("lookup-not-found");
    expect(e.field).toBe("projectId");
    expect(e.params.candidates).toEqual([{ id: ids.one, projectId: second, projectName: "Backend" }]);
    expect(e.message).toContain(`Project ${second} ("Backend") has one: set projectId = "${second}" to read it.`);
  });

  it("several projects and no org-level one is ambiguous", async () => {
    const e = await failure({ kind: "name", name: "in-two", projectId: null });
    expect(e.code).toBe("lookup-ambiguous");
    expect(e.params.candidates?.map((c) => c.projectId).sort()).toEqual([env.emu.seed.projectId, second].sort());
    expect(e.message).toContain("2 projects have one");
  });

  it("a miss in a project points to the org-level connection of that name", async () => {
    const e = await failure({ kind: "name", name: "shared", projectId: second });
    expect(e.code).toBe("lookup-not-found");
    expect(e.message).toContain(`No Auth0 App Connection named "shared" in project ${second}.`);
    expect(e.message).toContain(`The organization has an org-level one (id ${ids.org}): remove projectId`);
  });

  it("says when nothing anywhere has the name, and when an id names nothing", async () => {
    const e = await failure({ kind: "name", name: "nowhere", projectId: null });
    expect(e.message).toContain("No other scope has an Auth0 App Connection of that name either.");
    const byId = await failure({ kind: "id", id: UUID });
    expect(byId.code).toBe("lookup-not-found");
    expect(byId.field).toBe("id");
    expect(byId.params.candidates).toBeUndefined();
  });

  it("refuses another app's connection, by id and by name", async () => {
    const e = await failure({ kind: "id", id: ids.aws! });
    expect(e.code).toBe("lookup-other-app");
    expect(e.message).toContain(`Infisical: App Connection with ID ${ids.aws} is not for App "auth0"`);
    const byName = await failure({ kind: "name", name: "aws-conn", projectId: null });
    expect(byName.code).toBe("lookup-other-app");
    expect(byName.field).toBe("name");
  });

  it("makes one GET on a hit, and a list only on a miss by name", async () => {
    await env.emu.admin.clearRequests();
    await lookupConnection(env.client(), { kind: "name", name: "shared", projectId: null });
    const hit = (await env.emu.admin.requests()).filter((r) => r.path.startsWith("/api/v1/app-connections"));
    expect(hit.map((r) => r.method)).toEqual(["GET"]);
    await env.emu.admin.clearRequests();
    await failure({ kind: "name", name: "only-in-second", projectId: null });
    const miss = (await env.emu.admin.requests()).filter((r) => r.path.startsWith("/api/v1/app-connections"));
    expect(miss.map((r) => r.path.replace(/\?.*/, ""))).toEqual([
      "/api/v1/app-connections/auth0/connection-name/only-in-second",
      "/api/v1/app-connections/auth0",
    ]);
  });
});
