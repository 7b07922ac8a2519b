// The core's lookup (provider/connection/lookup.ts): its input rules as pure functions, and the lookup itself with the
// real client against the in-process emulator (what each miss says, the requests it makes). The Terraform data source's
// own test (test/terraform/data-source.test.ts) shows the same through the real terraform.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionError,
  UNKNOWN,
  candidateLabel,
  coreFieldName,
  explainLookup,
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
    // Engines pass null for what is not set.
    expect(problems({ id: UUID, name: null, projectId: null })).toEqual([]);
    expect(problems({ id: null, name: "auth0-prod", projectId: null })).toEqual([]);
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

describe("the lookup's words, in an engine's field names", () => {
  const tf = (p: string) => (p === "projectId" ? "project_id" : p);
  const words = (input: Parameters<typeof lookupInputErrors>[0]) => lookupInputErrors(input, tf)[0]?.message;
  const forms =
    `Look a connection up by id (its uuid, e.g. ${UUID}), or by name (e.g. auth0-prod): alone for an org-level ` +
    "connection, with project_id for a project-level one.";

  it("says what to set for each input problem", () => {
    expect(words({ id: UUID, name: "auth0-prod" })).toBe(`Set either id or name, not both. ${forms}`);
    expect(words({})).toBe(`Set id or name to say which connection to read. ${forms}`);
    expect(words({ id: UUID, projectId: "p1" })).toBe(
      "project_id only applies to a lookup by name: an id names one connection in the whole organization. " +
        "Remove project_id, or look up by name instead of id.",
    );
    expect(words({ id: "auth0-prod" })).toBe(
      `id "auth0-prod" is not a connection id (a uuid, e.g. ${UUID}). To look a connection up by its name, set ` +
        "name instead.",
    );
    expect(words({ name: "auth0-prod", projectId: "" })).toBe(
      "project_id is empty: omit it to read the org-level connection of that name.",
    );
    expect(explainLookup("lookup-invalid", {}, tf)).toBe(forms);
  });

  it("suggests a valid name only when there is a different one", () => {
    const [bad] = lookupInputErrors({ name: "Auth0 Prod" }, tf);
    expect(bad?.message).toMatch(/^name "Auth0 Prod" cannot name a connection: .+ \(did you mean "auth0-prod"\?\)\.$/);
    expect(bad?.params).toMatchObject({ lookupProblem: "name-invalid", name: "Auth0 Prod" });
    const [symbols] = lookupInputErrors({ name: "!!!" }, tf);
    expect(symbols?.message).toBe(
      'name "!!!" cannot name a connection: name field can only contain lowercase letters, numbers, and hyphens.',
    );
  });

  it("checks a project or name only when it is a string, and an id's form only without a name", () => {
    expect(lookupInputErrors({ name: "auth0-prod", projectId: UNKNOWN })).toEqual([]);
    expect(lookupInputErrors({ name: UNKNOWN })).toEqual([]);
    expect(problems({ id: "not-a-uuid", name: "auth0-prod" })).toEqual([["id-and-name", "id"]]);
    expect(problems({ id: ` ${UUID.toUpperCase()} ` })).toEqual([]);
    expect(problems({ id: `${UUID}0` })).toEqual([["id-not-uuid", "id"]]);
    expect(problems({ id: `0${UUID}` })).toEqual([["id-not-uuid", "id"]]);
    expect(lookupInputErrors({ id: "x" })[0]?.params).toEqual({ lookupProblem: "id-not-uuid", id: "x" });
  });

  it("refuses an input still unknown, and reads a name lookup without a project as org-level", () => {
    const unknown = (input: Parameters<typeof lookupRef>[0]) => {
      try {
        lookupRef(input);
      } catch (e) {
        return e instanceof ConnectionError ? [e.code, e.message] : e;
      }
      return "no error";
    };
    const refused = ["input-unknown", "The lookup's id, name or projectId is not known yet."];
    expect(unknown({ name: UNKNOWN })).toEqual(refused);
    expect(unknown({ name: "auth0-prod", projectId: UNKNOWN })).toEqual(refused);
    expect(lookupRef({ name: "auth0-prod" })).toEqual({ kind: "name", name: "auth0-prod", projectId: null });
    // A known but invalid input throws its first error, never a lookup of it.
    expect(unknown({ id: "auth0-prod" })).toEqual(["lookup-invalid", expect.stringMatching(/^id "auth0-prod" is not/)]);
  });

  it("words a miss by id, a miss by name, and another app's connection", () => {
    expect(explainLookup("lookup-not-found", { id: UUID }, tf)).toBe(
      `No Auth0 App Connection with id ${UUID} in the Infisical organization these credentials reach. Check the id ` +
        "(Infisical shows it in the connection's details), or look the connection up by name.",
    );
    expect(explainLookup("lookup-not-found", { name: "n", projectId: null }, tf)).toBe(
      'No Auth0 App Connection named "n" at org level: without project_id, the lookup searches the organization\'s ' +
        "own connections only, as Infisical's name lookup does.",
    );
    const otherApp = { infisical: 'not for App "auth0"' };
    expect(explainLookup("lookup-other-app", { ...otherApp, id: UUID }, tf)).toBe(
      `The App Connection with id ${UUID} is not an Auth0 connection (Infisical: not for App "auth0"); only Auth0 ` +
        "App Connections can be read here. Check the id.",
    );
    expect(explainLookup("lookup-other-app", { ...otherApp, name: "n", projectId: "p1" }, tf)).toMatch(
      /^The App Connection named "n" in project p1 is not .* Check the name\.$/,
    );
    expect(explainLookup("lookup-other-app", { ...otherApp, name: "n", projectId: null }, tf)).toMatch(
      /^The App Connection named "n" at org level is not /,
    );
  });

  it("lists the other scopes: one project, several, the organization", () => {
    const org = { id: "o1", projectId: null };
    const p1 = { id: "c1", projectId: "p1", projectName: "Backend" };
    const p2 = { id: "c2", projectId: "p2" };
    const notFound = (candidates: Parameters<typeof candidateLabel>[0][]) =>
      explainLookup("lookup-not-found", { name: "n", projectId: "p9", candidates }, tf);
    expect(notFound([p2, org])).toBe(
      'No Auth0 App Connection named "n" in project p9. Project p2 has one: set project_id = "p2" to read it. ' +
        "The organization has an org-level one (id o1): remove project_id to read it.",
    );
    expect(notFound([p1, p2])).toBe(
      'No Auth0 App Connection named "n" in project p9. 2 projects have one: project p1 ("Backend"), project p2. ' +
        "Set project_id to the project you mean.",
    );
    expect(notFound([org])).toBe(
      'No Auth0 App Connection named "n" in project p9. The organization has an org-level one (id o1): remove ' +
        "project_id to read it.",
    );
    expect(candidateLabel(org)).toBe("the organization (org-level)");
  });
});

describe("lookupConnection against the emulator", () => {
  let env: TestEnv;
  let second: string;
  let third: string;
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
    await add("orgOnly", "org-only");
    await add("project", "shared", emu.seed.projectId);
    await add("one", "only-in-second", second);
    await add("twoA", "in-two", emu.seed.projectId);
    await add("twoB", "in-two", second);
    third = (await emu.admin.addProject({ name: "Frontend" })).id;
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
    // Only the organization has one: the name is what to check, not the project.
    const orgOnly = await failure({ kind: "name", name: "org-only", projectId: second });
    expect(orgOnly.params.candidates).toEqual([{ id: ids.orgOnly, projectId: null }]);
    expect(orgOnly.field).toBe("name");
  });

  it("a miss in a project is not ambiguous, however many other projects have the name", async () => {
    const e = await failure({ kind: "name", name: "in-two", projectId: third });
    expect(e.code).toBe("lookup-not-found");
    expect(e.field).toBe("projectId");
    expect(e.params.candidates).toHaveLength(2);
  });

  it("says when nothing anywhere has the name, and when an id names nothing", async () => {
    const e = await failure({ kind: "name", name: "nowhere", projectId: null });
    expect(e.message).toContain("No other scope has an Auth0 App Connection of that name either.");
    expect(e.field).toBe("name");
    const byId = await failure({ kind: "id", id: UUID });
    expect(byId.code).toBe("lookup-not-found");
    expect(byId.field).toBe("id");
    expect(byId.params).toEqual({ id: UUID });
  });

  it("refuses another app's connection, by id and by name", async () => {
    const e = await failure({ kind: "id", id: ids.aws! });
    expect(e.code).toBe("lookup-other-app");
    expect(e.message).toContain(`Infisical: App Connection with ID ${ids.aws} is not for App "auth0"`);
    const byName = await failure({ kind: "name", name: "aws-conn", projectId: null });
    expect(byName.code).toBe("lookup-other-app");
    expect(byName.field).toBe("name");
  });

  it("a miss whose list is refused says only where it looked; any other failure is passed on", async () => {
    const client = env.client({ maxRetries: 0 });
    await env.emu.admin.injectFault({
      method: "GET",
      path: "/api/v1/app-connections/auth0",
      fault: { kind: "status", status: 403 },
    });
    const e = await failure({ kind: "name", name: "only-in-second", projectId: null });
    expect(e.code).toBe("lookup-not-found");
    expect(e.params.candidates).toBeUndefined();
    expect(e.message).toMatch(/as Infisical's name lookup does\.$/);
    await env.emu.admin.clearFaults();
    await env.emu.admin.injectFault({
      method: "GET",
      path: "/api/v1/app-connections/auth0/*",
      fault: { kind: "status", status: 500 },
    });
    await expect(lookupConnection(client, { kind: "id", id: ids.org! })).rejects.toMatchObject({ status: 500 });
    await env.emu.admin.clearFaults();
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
