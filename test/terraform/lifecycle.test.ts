// The provider through the real terraform binary against the in-process emulator: create, converge, patch only what
// changed, replace, drift of every kind, Infisical's own credential refresh, import (CLI and import blocks),
// write-only rotation, adopt_existing, delete in use, destroy; and no secret in any output, trace log or state
// (decoded private state included). Every test has its own emulator and workspace: none depends on another's state,
// and one that fails or times out (which kills its terraform) fails alone.
import { describe, expect } from "vitest";
import type { RunningEmulator } from "../../emulator/types";
import { terraformTest } from "../support/terraform-test";
import { HEADER, NO_TERRAFORM, Workspace, apiCalls, connectionHcl, hasTerraform, type ConnectionHcl } from "./harness";

if (!hasTerraform) console.warn(`terraform lifecycle: ${NO_TERRAFORM}`);

const WO_DOMAIN = "wo-tenant.us.auth0.com";
const WO_AUDIENCE = "https://wo-tenant.us.auth0.com/api/v2/";
const WO_SECRET_1 = "wo-first-secret-5e0c1a77d2";
const WO_SECRET_2 = "wo-second-secret-93bb04f6a1";
const R = "infisicalauth0_app_connection";
/** Terraform wraps diagnostic text at 80 columns: compare with whitespace runs as single spaces. */
const flat = (text: string) => text.replace(/\s+/g, " ");
/** Each test's own bound: a handful of terraform commands, with room for a loaded 2-core machine. */
const TIMEOUT = 180_000;

const { it, secret } = terraformTest();

/** One test's configuration and the helpers its steps use. */
function story(emu: RunningEmulator, ws: Workspace) {
  const resources = new Map<string, ConnectionHcl>();
  const seedCredentials = () => ({
    domain: emu.seed.auth0.domain,
    clientId: emu.seed.auth0.clientId,
    audience: emu.seed.auth0.audience,
  });
  const put = (label: string, c: ConnectionHcl | undefined) => {
    if (c) resources.set(label, c);
    else resources.delete(label);
    ws.write(HEADER + 'provider "infisicalauth0" {}\n' + [...resources].map(([l, r]) => connectionHcl(l, r)).join(""));
  };
  const idOf = (label: string) => ws.instance(`${R}.${label}`)?.attributes.id as string;
  const live = async (id: string) => (await emu.admin.connections()).find((c) => c.id === id);
  const ok = async (args: string[]) => {
    const r = await ws.tf(...args);
    expect(r.status, r.out).toBe(0);
    return r;
  };
  const planExit = async (expected: 0 | 2) => {
    const r = await ws.tf("plan", "-detailed-exitcode");
    expect(r.status, r.out).toBe(expected);
    return r.out;
  };
  const orgConnection = (): ConnectionHcl => ({
    name: "tf-org",
    description: "first",
    credentials: seedCredentials(),
    secret: emu.seed.auth0.clientSecret,
  });
  /** The starting point of most tests: the org-level connection "org", applied and converged. */
  const givenOrg = async (over: Partial<ConnectionHcl> = {}) => {
    put("org", { ...orgConnection(), ...over });
    await ok(["apply", "-auto-approve"]);
    return idOf("org");
  };
  return { resources, seedCredentials, put, idOf, live, ok, planExit, orgConnection, givenOrg };
}

describe.skipIf(!hasTerraform)("infisicalauth0_app_connection with terraform", () => {
  it(
    "plans without an API call, applies, and then plans clean",
    async ({ emu, ws }) => {
      const { put, planExit, ok, idOf, live, orgConnection } = story(emu, ws);
      put("org", orgConnection());
      await emu.admin.clearRequests();
      const plan = await planExit(2);
      expect(plan).toContain(`${R}.org will be created`);
      expect(plan).toMatch(/id\s+= \(known after apply\)/);
      expect(plan).toMatch(/client_secret\s+= \(sensitive value\)/);
      expect(plan).toMatch(/method\s+= "client-credentials"/);
      expect(await apiCalls(emu)).toEqual([]);

      await ok(["apply", "-auto-approve"]);
      const id = idOf("org");
      expect(await live(id)).toMatchObject({ name: "tf-org", description: "first", projectId: null });
      const attrs = ws.instance(`${R}.org`)!.attributes;
      expect(attrs).toMatchObject({ org_id: emu.seed.orgId, method: "client-credentials" });
      expect(attrs.credentials_hash).toMatch(/^[0-9a-f]{64}$/);
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "updates in place with one PATCH carrying only what changed",
    async ({ emu, ws }) => {
      const { givenOrg, put, resources, ok, planExit, live, idOf } = story(emu, ws);
      await givenOrg();
      put("org", { ...resources.get("org")!, description: "second" });
      await emu.admin.clearRequests();
      const apply = await ok(["apply", "-auto-approve"]);
      expect(apply.out).toContain("0 added, 1 changed, 0 destroyed");
      const patches = (await apiCalls(emu)).filter((r) => r.method === "PATCH");
      expect(patches.map((p) => p.bodyKeys)).toEqual([["description"]]);
      expect((await live(idOf("org")))?.description).toBe("second");
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "replaces when project_id changes",
    async ({ emu, ws }) => {
      const { givenOrg, put, resources, ok, planExit, live, idOf } = story(emu, ws);
      const before = await givenOrg();
      put("org", { ...resources.get("org")!, projectId: emu.seed.projectId });
      const apply = await ok(["apply", "-auto-approve"]);
      expect(apply.out).toMatch(/project_id\s+= "[^"]+" # forces replacement/);
      expect(apply.out).toContain("1 added, 0 changed, 1 destroyed");
      expect(idOf("org")).not.toBe(before);
      expect(await live(before)).toBeUndefined();
      expect((await live(idOf("org")))?.projectId).toBe(emu.seed.projectId);
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "detects an out-of-band rename and puts the name back",
    async ({ emu, ws }) => {
      const { givenOrg, ok, planExit } = story(emu, ws);
      const id = await givenOrg();
      await emu.admin.editConnection(id, { name: "renamed-in-ui" });
      expect(await planExit(2)).toMatch(/name\s+= "renamed-in-ui" -> "tf-org"/);
      await emu.admin.clearRequests();
      await ok(["apply", "-auto-approve"]);
      expect((await apiCalls(emu)).filter((r) => r.method === "PATCH").map((p) => p.bodyKeys)).toEqual([["name"]]);
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "detects an out-of-band credential rewrite and sends the credentials again",
    async ({ emu, ws }) => {
      const { givenOrg, seedCredentials, ok, planExit, live } = story(emu, ws);
      secret("x-ui-secret");
      const id = await givenOrg();
      const c = seedCredentials();
      await emu.admin.editConnection(id, {
        credentials: { ...c, clientId: "changed-in-ui", clientSecret: "x-ui-secret" },
      });
      const plan = await planExit(2);
      expect(plan).toMatch(/client_id\s+= "changed-in-ui" -> "[0-9a-f]+"/);
      expect(plan).toMatch(/credentials_hash\s+= "[0-9a-f]{64}" -> \(known after apply\)/);
      await emu.admin.clearRequests();
      await ok(["apply", "-auto-approve"]);
      expect((await apiCalls(emu)).filter((r) => r.method === "PATCH").map((p) => p.bodyKeys)).toEqual([
        ["credentials"],
      ]);
      expect((await live(id))?.credentials?.clientId).toBe(c.clientId);
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "re-creates a connection deleted out of band",
    async ({ emu, ws }) => {
      const { givenOrg, ok, planExit, live, idOf } = story(emu, ws);
      const before = await givenOrg();
      await emu.admin.deleteConnection(before);
      expect(await planExit(2)).toContain(`${R}.org will be created`);
      await ok(["apply", "-auto-approve"]);
      expect(idOf("org")).not.toBe(before);
      expect(await live(idOf("org"))).toBeDefined();
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "reports Infisical's own credential refresh by default, and keeps quiet with ignore_credential_refresh",
    async ({ emu, ws }) => {
      const { givenOrg, put, resources, ok, planExit } = story(emu, ws);
      const id = await givenOrg();
      await emu.admin.refreshCredentials(id);
      expect(await planExit(2)).toMatch(/credentials_hash\s+= "[0-9a-f]{64}" -> \(known after apply\)/);
      await ok(["apply", "-auto-approve"]);
      await planExit(0);

      put("org", { ...resources.get("org")!, ignoreRefresh: true });
      await emu.admin.clearRequests();
      await ok(["apply", "-auto-approve"]);
      expect((await apiCalls(emu)).filter((r) => r.method !== "GET")).toEqual([]);
      await emu.admin.refreshCredentials(id);
      await planExit(0);
      // A real out-of-band edit is still drift with the option on.
      await emu.admin.editConnection(id, { description: "edited-in-ui" });
      expect(await planExit(2)).toMatch(/description\s+= "edited-in-ui" -> "first"/);
      await ok(["apply", "-auto-approve"]);
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "imports by id with terraform import; the first plan sets the secret in place",
    async ({ emu, ws }) => {
      const { givenOrg, ok, planExit, idOf } = story(emu, ws);
      const id = await givenOrg();
      await ok(["state", "rm", `${R}.org`]);
      await ok(["import", `${R}.org`, id]);
      const plan = await planExit(2);
      expect(plan).toContain(`${R}.org will be updated in-place`);
      expect(plan).toMatch(/client_secret\s+= \(sensitive value\)/);
      expect(plan).not.toContain("must be replaced");
      await emu.admin.clearRequests();
      await ok(["apply", "-auto-approve"]);
      const patches = (await apiCalls(emu)).filter((r) => r.method === "PATCH");
      expect(patches).toHaveLength(1);
      expect(patches[0]!.bodyKeys).toContain("credentials");
      expect(idOf("org")).toBe(id);
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "imports by name (terraform import) and by <project_id>/<name> (import block)",
    async ({ emu, ws }) => {
      const { put, seedCredentials, ok, planExit, idOf } = story(emu, ws);
      const { seed } = emu;
      const made = await emu.admin.addConnection({ app: "auth0", name: "made-in-ui", credentials: { ...seed.auth0 } });
      put("byname", { name: "made-in-ui", credentials: seedCredentials(), secret: seed.auth0.clientSecret });
      await ok(["import", `${R}.byname`, "made-in-ui"]);
      expect(idOf("byname")).toBe(made.id);
      expect(await planExit(2)).toContain(`${R}.byname will be updated in-place`);
      await ok(["apply", "-auto-approve"]);
      await planExit(0);

      const inProject = await emu.admin.addConnection({
        app: "auth0",
        name: "made-in-ui",
        projectId: seed.projectId,
        credentials: { ...seed.auth0 },
      });
      put("inproject", {
        name: "made-in-ui",
        projectId: seed.projectId,
        credentials: seedCredentials(),
        secret: seed.auth0.clientSecret,
      });
      ws.write(`import {\n  to = ${R}.inproject\n  id = "${seed.projectId}/made-in-ui"\n}\n`, "imports.tf");
      const plan = await planExit(2);
      expect(plan).toContain("1 to import, 0 to add, 1 to change, 0 to destroy");
      await ok(["apply", "-auto-approve"]);
      expect(idOf("inproject")).toBe(inProject.id);
      ws.remove("imports.tf");
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "rotates a write-only secret by bumping its version, never storing it",
    async ({ emu, ws }) => {
      const { put, resources, ok, planExit } = story(emu, ws);
      secret(WO_SECRET_1, WO_SECRET_2);
      await emu.admin.addAuth0Tenant({
        domain: WO_DOMAIN,
        clientId: "wo-client",
        clientSecret: WO_SECRET_1,
        audience: WO_AUDIENCE,
      });
      const credentials = { domain: WO_DOMAIN, clientId: "wo-client", audience: WO_AUDIENCE };
      put("wo", { name: "tf-write-only", credentials, writeOnly: { value: WO_SECRET_1, version: 1 } });
      const plan = await planExit(2);
      expect(plan).toMatch(/client_secret_wo\s+= \(sensitive, write-only attribute\)/);
      await ok(["apply", "-auto-approve"]);
      await planExit(0);

      // Auth0 rotated the secret; a new value alone is not a change (it is never stored)...
      await emu.admin.addAuth0Tenant({
        domain: WO_DOMAIN,
        clientId: "wo-client",
        clientSecret: WO_SECRET_2,
        audience: WO_AUDIENCE,
      });
      put("wo", { ...resources.get("wo")!, writeOnly: { value: WO_SECRET_2, version: 1 } });
      await planExit(0);
      // ...the version bump sends it.
      put("wo", { ...resources.get("wo")!, writeOnly: { value: WO_SECRET_2, version: 2 } });
      expect(await planExit(2)).toMatch(/client_secret_wo_version\s+= 1 -> 2/);
      await emu.admin.clearRequests();
      await ok(["apply", "-auto-approve"]);
      expect((await apiCalls(emu)).filter((r) => r.method === "PATCH").map((p) => p.bodyKeys)).toEqual([
        ["credentials"],
      ]);
      await planExit(0);
      // Neither value anywhere: state, its backup, the private state of each instance (decoded), output, trace log.
      // (No private state here at all: the hash the provider applied is the state's own, which an empty one means.)
      expect(ws.instance(`${R}.wo`)?.private).toBeUndefined();
      expect(ws.leaks([WO_SECRET_1, WO_SECRET_2])).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "refuses a malformed import id with the accepted forms, before any API call",
    async ({ emu, ws }) => {
      const { put, seedCredentials } = story(emu, ws);
      put("imp", { name: "imp", credentials: seedCredentials(), secret: emu.seed.auth0.clientSecret });
      await emu.admin.clearRequests();
      const r = await ws.tf("import", `${R}.imp`, "a/b/c");
      expect(r.status).toBe(1);
      expect(flat(r.out)).toContain("Invalid import ID");
      expect(flat(r.out)).toContain('Import ID "a/b/c" is not valid');
      expect(flat(r.out)).toContain("<project_id>/<name>");
      expect(flat(r.out)).not.toContain('No Auth0 App Connection named "c"');
      const missing = await ws.tf("import", `${R}.imp`, `${emu.seed.projectId}/no-such-conn`);
      expect(missing.status).toBe(1);
      expect(flat(missing.out)).toContain(
        `No Auth0 App Connection named "no-such-conn" in project ${emu.seed.projectId}`,
      );
      // The look-up by name, then the list that says where connections of that name are (none here).
      expect((await apiCalls(emu)).map((c) => c.method)).toEqual(["GET", "GET"]);
      // A name that only a project has: the error gives the import ID that finds it.
      const { domain, clientId, clientSecret, audience } = emu.seed.auth0;
      await emu.admin.addConnection({
        app: "auth0",
        name: "project-only",
        projectId: emu.seed.projectId,
        credentials: { domain, clientId, clientSecret, audience },
      });
      const elsewhere = await ws.tf("import", `${R}.imp`, "project-only");
      expect(elsewhere.status).toBe(1);
      expect(flat(elsewhere.out)).toContain(
        `No Auth0 App Connection named "project-only" in the organization (org-level). Project ` +
          `${emu.seed.projectId} ("Emulator Project") has one: import it with the ID "${emu.seed.projectId}/project-only".`,
      );
    },
    TIMEOUT,
  );

  it(
    "on a duplicate name, says whether the existing connection is this one; adopts with adopt_existing",
    async ({ emu, ws }) => {
      const { put, resources, seedCredentials, ok, planExit, idOf, live } = story(emu, ws);
      // Another app's connection: say so, and do not suggest adopting it.
      await emu.admin.addConnection({ app: "aws", name: "aws-owned" });
      put("other", { name: "aws-owned", credentials: seedCredentials(), secret: emu.seed.auth0.clientSecret });
      const otherApp = await ws.tf("apply", "-auto-approve");
      expect(otherApp.status).toBe(1);
      expect(flat(otherApp.out)).toContain(
        'The name "aws-owned" belongs to an App Connection of another app (not Auth0)',
      );
      expect(flat(otherApp.out)).toContain("adopt_existing cannot take over");
      expect(flat(otherApp.out)).not.toContain("import {");
      put("other", undefined);

      // An Auth0 connection that differs: say how, and do not suggest adopting it.
      await emu.admin.addConnection({
        app: "auth0",
        name: "someone-elses",
        description: "theirs",
        credentials: { ...emu.seed.auth0 },
      });
      put("theirs", { name: "someone-elses", credentials: seedCredentials(), secret: emu.seed.auth0.clientSecret });
      const different = await ws.tf("apply", "-auto-approve");
      expect(different.status).toBe(1);
      expect(flat(different.out)).toContain("but it differs from this resource in description");
      expect(flat(different.out)).not.toContain("adopt_existing = true");
      put("theirs", undefined);

      // The very connection this resource declares (e.g. left by an interrupted apply): the one step that converges.
      const existing = await emu.admin.addConnection({
        app: "auth0",
        name: "adopt-me",
        description: "adopted",
        credentials: { ...emu.seed.auth0 },
      });
      const adopt = { name: "adopt-me", description: "adopted", credentials: seedCredentials() };
      put("adopt", { ...adopt, secret: emu.seed.auth0.clientSecret });
      const failed = await ws.tf("apply", "-auto-approve");
      expect(failed.status).toBe(1);
      expect(flat(failed.out)).toContain("Error: App Connection already exists");
      expect(flat(failed.out)).toContain(`id = "${existing.id}"`);
      expect(flat(failed.out)).toContain(`with ${R}.adopt`);
      expect(flat(failed.out)).toContain("adopt_existing = true");
      put("adopt", { ...resources.get("adopt")!, adopt: true });
      await ok(["apply", "-auto-approve"]);
      expect(idOf("adopt")).toBe(existing.id);
      expect((await live(existing.id))?.description).toBe("adopted");
      // adopt_existing only matters at create: it is never stored, and removing it is no change.
      expect(ws.instance(`${R}.adopt`)!.attributes.adopt_existing).toBeNull();
      await planExit(0);
      put("adopt", { ...resources.get("adopt")!, adopt: undefined });
      await planExit(0);
      put("adopt", { ...resources.get("adopt")!, adopt: false });
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "says a create whose outcome stayed unknown may have happened, and converges with adopt_existing",
    async ({ emu, ws }) => {
      const { put, resources, seedCredentials, ok, planExit, idOf } = story(emu, ws);
      // The POST commits but its answer is lost; every look-up that would settle it fails (the client's whole budget).
      await emu.admin.injectFault({
        method: "POST",
        path: "/api/v1/app-connections/auth0",
        count: 1,
        fault: { kind: "commitThenDrop" },
      });
      await emu.admin.injectFault({
        method: "GET",
        path: "/api/v1/app-connections/auth0/connection-name/lost-answer",
        count: 6,
        fault: { kind: "status", status: 503 },
      });
      put("lost", { name: "lost-answer", credentials: seedCredentials(), secret: emu.seed.auth0.clientSecret });
      const failed = await ws.tf("apply", "-auto-approve");
      expect(failed.status).toBe(1);
      const text = flat(failed.out);
      expect(text).toContain("Error: App Connection may have been created");
      expect(text).toContain(
        'Creating the Auth0 App Connection "lost-answer" in the organization (org-level) may or may not have taken effect',
      );
      expect(text).toContain("The connection MAY exist now, and it is not in Terraform's state");
      expect(text).toContain("set adopt_existing = true on this resource and run terraform apply again");
      const named = async () => (await emu.admin.connections()).filter((c) => c.name === "lost-answer");
      expect(await named()).toHaveLength(1);

      // The documented one step: adopt_existing takes it over; nothing is duplicated.
      await emu.admin.clearFaults();
      put("lost", { ...resources.get("lost")!, adopt: true });
      await ok(["apply", "-auto-approve"]);
      expect((await named()).map((c) => c.id)).toEqual([idOf("lost")]);
      await planExit(0);
    },
    TIMEOUT,
  );

  it(
    "refuses to delete a connection in use, then destroys everything",
    async ({ emu, ws }) => {
      const { givenOrg, put, seedCredentials, ok, idOf, live } = story(emu, ws);
      put("second", { name: "tf-second", credentials: seedCredentials(), secret: emu.seed.auth0.clientSecret });
      await givenOrg();
      const ids = ["org", "second"].map(idOf);
      await emu.admin.markInUse(idOf("org"));
      const blocked = await ws.tf("destroy", "-auto-approve");
      expect(blocked.status).toBe(1);
      expect(blocked.out).toContain("Cannot delete App Connection");
      await emu.admin.markInUse(idOf("org"), false);
      await ok(["destroy", "-auto-approve"]);
      for (const id of ids) expect(await live(id)).toBeUndefined();
    },
    TIMEOUT,
  );

  it(
    "never shows a secret in any output or trace log, and the search covers them",
    async ({ emu, ws }) => {
      const { givenOrg, ok } = story(emu, ws);
      // A credential rewrite outside Terraform, refreshed into state, is what a private state records.
      await emu.admin.refreshCredentials(await givenOrg());
      await ok(["apply", "-refresh-only", "-auto-approve"]);
      await ok(["destroy", "-auto-approve"]);
      // The trace log is real and holds the provider's own log lines, so the fixture's search (after every test) of
      // output, trace log, state and decoded private state for the seed's secrets is not vacuous.
      const trace = ws.traceLog();
      expect(trace.length).toBeGreaterThan(10_000);
      expect(trace).toContain("infisicalauth0");
      expect(ws.leaks([emu.seed.auth0.clientSecret, emu.seed.identity.clientSecret])).toEqual([]);
      // ...and the search does find what it looks for where it is: in the output, and in private state only decoded.
      expect(ws.leaks(["tf-org"])).toEqual(["tf-o… in terraform output", "tf-o… in terraform.tfstate.backup"]);
      expect(ws.leaks(["appliedCredentialsHash"])).toEqual([`appl… in terraform.tfstate.backup private ${R}.org`]);
    },
    TIMEOUT,
  );
});
