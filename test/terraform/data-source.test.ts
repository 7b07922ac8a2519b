// The infisicalauth0_app_connection data source through the real terraform binary against the emulator: by id (also
// an id known only after apply), by name at org level (a project's connection of the same name is not taken), by
// project_id + name; every field Infisical returns and never the client secret; the refusals terraform validate
// reports on the attribute, before any API call; and each lookup miss saying where it looked and what to set.
import { describe, expect } from "vitest";
import type { RunningEmulator } from "../../emulator/types";
import { terraformTest } from "../support/terraform-test";
import { HEADER, NO_TERRAFORM, type Workspace, apiCalls, connectionHcl, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform data source: ${NO_TERRAFORM}`);

const D = "infisicalauth0_app_connection";
const TIMEOUT = 180_000;
/** Terraform wraps diagnostic text at 80 columns: compare with whitespace runs as single spaces. */
const flat = (text: string) => text.replace(/\s+/g, " ");

const { it } = terraformTest();

/** A data block; `args` are HCL attribute lines. */
const data = (label: string, args: Record<string, string>) =>
  `data "${D}" "${label}" {\n${Object.entries(args)
    .map(([k, v]) => `  ${k} = ${v}`)
    .join("\n")}\n}\n`;
const q = (v: string) => JSON.stringify(v);

/** One diagnostic of terraform's output (flattened): from its `Error:` up to the next, found by the block's address. */
function diagnosticFor(out: string, label: string): string {
  const found = flat(out)
    .split(/(?= Error: )/)
    .find((b) => b.includes(`with data.${D}.${label},`));
  expect(found, out).toBeDefined();
  return found!;
}

/** An Auth0 connection made outside Terraform (the emulator's admin API: as if created in Infisical's UI). */
async function given(emu: RunningEmulator, name: string, projectId?: string, description?: string) {
  const { domain, clientId, clientSecret, audience } = emu.seed.auth0;
  return (
    await emu.admin.addConnection({
      app: "auth0",
      name,
      ...(projectId ? { projectId } : {}),
      ...(description ? { description } : {}),
      credentials: { domain, clientId, clientSecret, audience },
    })
  ).id;
}

async function outputs(ws: Workspace): Promise<Record<string, unknown>> {
  const r = await ws.tf("output", "-json");
  expect(r.status, r.out).toBe(0);
  const parsed = JSON.parse(r.stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
}

describe.skipIf(!hasTerraform)("data source infisicalauth0_app_connection with terraform", () => {
  it(
    "reads by id, by name at org level and by project_id + name: every field, no secret",
    async ({ emu, ws }) => {
      const { seed } = emu;
      const orgId = await given(emu, "shared-auth0", undefined, "made in the UI");
      const projectTwin = await given(emu, "shared-auth0", seed.projectId, "the project's own");
      ws.write(
        HEADER +
          'provider "infisicalauth0" {}\n' +
          data("by_id", { id: q(orgId) }) +
          data("by_name", { name: q("shared-auth0") }) +
          data("in_project", { name: q("shared-auth0"), project_id: q(seed.projectId) }) +
          'output "by_id" {\n  value = data.infisicalauth0_app_connection.by_id\n}\n' +
          'output "by_name" {\n  value = data.infisicalauth0_app_connection.by_name\n}\n' +
          'output "in_project" {\n  value = data.infisicalauth0_app_connection.in_project\n}\n',
      );
      await emu.admin.clearRequests();
      const r = await ws.tf("apply", "-auto-approve");
      expect(r.status, r.out).toBe(0);
      const live = await emu.admin.connections();
      const view = (id: string) => {
        const c = live.find((x) => x.id === id)!;
        return {
          id: c.id,
          name: c.name,
          description: c.description,
          project_id: c.projectId,
          org_id: c.orgId,
          method: "client-credentials",
          credentials: { domain: seed.auth0.domain, client_id: seed.auth0.clientId, audience: seed.auth0.audience },
          credentials_hash: c.credentialsHash,
          // The admin view has no creation time: Infisical's ISO 8601 form, as the API returns it.
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          updated_at: c.updatedAt,
        };
      };
      const out = await outputs(ws);
      expect(out.by_id).toEqual(view(orgId));
      expect(out.by_name).toEqual(view(orgId));
      expect(out.in_project).toEqual({ ...view(projectTwin), project_id: seed.projectId });
      expect(view(orgId).description).toBe("made in the UI");
      // One GET each (plan reads them, apply does not read again), by id or by name: no list, no write.
      const calls = (await apiCalls(emu)).map((c) => `${c.method} ${c.path.replace(/\?.*/, "")}`);
      expect(calls.every((c) => c.startsWith("GET "))).toBe(true);
      expect(calls.filter((c) => c.endsWith(`/auth0/${orgId}`)).length).toBeGreaterThan(0);
      expect(calls.some((c) => c.includes("/auth0/connection-name/shared-auth0"))).toBe(true);
      expect(calls.some((c) => c === "GET /api/v1/app-connections/auth0")).toBe(false);
    },
    TIMEOUT,
  );

  it(
    "reads by an id known only after apply (the connection this configuration creates)",
    async ({ emu, ws }) => {
      const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
      ws.write(
        HEADER +
          'provider "infisicalauth0" {}\n' +
          connectionHcl("managed", {
            name: "tf-managed",
            description: "managed here",
            credentials: { domain, clientId, audience },
            secret: clientSecret,
          }) +
          data("read_back", { id: "infisicalauth0_app_connection.managed.id" }) +
          'output "read_back" {\n  value = data.infisicalauth0_app_connection.read_back.description\n}\n',
      );
      const plan = await ws.tf("plan");
      expect(plan.status, plan.out).toBe(0);
      expect(flat(plan.out)).toContain(`data.${D}.read_back will be read during apply`);
      const r = await ws.tf("apply", "-auto-approve");
      expect(r.status, r.out).toBe(0);
      expect((await outputs(ws)).read_back).toBe("managed here");
      const again = await ws.tf("plan", "-detailed-exitcode");
      expect(again.status, again.out).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "refuses what cannot name one connection at terraform validate, on the attribute, before any API call",
    async ({ emu, ws }) => {
      const uuid = "3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d";
      ws.write(
        HEADER +
          'provider "infisicalauth0" {}\n' +
          data("both", { id: q(uuid), name: q("auth0-prod") }) +
          data("neither", { project_id: q(emu.seed.projectId) }) +
          data("project_with_id", { id: q(uuid), project_id: q(emu.seed.projectId) }) +
          data("not_uuid", { id: q("auth0-prod") }) +
          data("bad_name", { name: q("Auth0 Prod") }),
      );
      await emu.admin.clearRequests();
      const r = await ws.tf("validate");
      expect(r.status).toBe(1);
      const both = diagnosticFor(r.out, "both");
      expect(both).toContain("Error: Invalid App Connection lookup");
      expect(both).toContain("Set either id or name, not both");
      expect(both).toMatch(/ id = "3f1c2b9e/);
      expect(both).toContain("with project_id for a project-level one");
      const neither = diagnosticFor(r.out, "neither");
      expect(neither).toContain("Set id or name to say which connection to read");
      const projectWithId = diagnosticFor(r.out, "project_with_id");
      expect(projectWithId).toContain("project_id only applies to a lookup by name");
      expect(projectWithId).toMatch(/ project_id = "/);
      const notUuid = diagnosticFor(r.out, "not_uuid");
      expect(notUuid).toContain('id "auth0-prod" is not a connection id (a uuid');
      expect(notUuid).toContain("set name instead");
      const badName = diagnosticFor(r.out, "bad_name");
      expect(badName).toContain("name field can only contain lowercase letters, numbers, and hyphens");
      expect(badName).toContain('did you mean "auth0-prod"?');
      expect(badName).toMatch(/ name = "Auth0 Prod"/);
      expect(await apiCalls(emu)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "says where a lookup looked, which projects have the name, and what to set",
    async ({ emu, ws }) => {
      const { seed } = emu;
      const second = (await emu.admin.addProject({ name: "Backend" })).id;
      await given(emu, "only-in-project", seed.projectId);
      await given(emu, "in-two-projects", seed.projectId);
      await given(emu, "in-two-projects", second);
      await given(emu, "only-at-org");
      const aws = (await emu.admin.addConnection({ app: "aws", name: "aws-conn" })).id;
      ws.write(
        HEADER +
          'provider "infisicalauth0" {}\n' +
          data("one_project", { name: q("only-in-project") }) +
          data("two_projects", { name: q("in-two-projects") }) +
          data("nowhere", { name: q("no-such-conn") }) +
          data("wrong_project", { name: q("only-at-org"), project_id: q(second) }) +
          data("other_app", { id: q(aws) }) +
          data("other_app_name", { name: q("aws-conn") }) +
          data("unknown_id", { id: q("3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d") }),
      );
      const r = await ws.tf("plan");
      expect(r.status).toBe(1);

      const one = diagnosticFor(r.out, "one_project");
      expect(one).toContain("Error: App Connection not found");
      expect(one).toContain(
        'No Auth0 App Connection named "only-in-project" at org level: without project_id, the lookup searches ' +
          "the organization's own connections only, as Infisical's name lookup does.",
      );
      expect(one).toContain(`Project ${seed.projectId} ("Emulator Project") has one`);
      expect(one).toContain(`set project_id = "${seed.projectId}" to read it`);

      const two = diagnosticFor(r.out, "two_projects");
      expect(two).toContain("Error: App Connection name is ambiguous");
      expect(two).toContain('No Auth0 App Connection named "in-two-projects" at org level');
      expect(two).toContain("2 projects have one");
      expect(two).toContain(`project ${second} ("Backend")`);
      expect(two).toContain(seed.projectId);
      expect(two).toContain("Set project_id to the project you mean");

      const nowhere = diagnosticFor(r.out, "nowhere");
      expect(nowhere).toContain('No Auth0 App Connection named "no-such-conn" at org level');
      expect(nowhere).toContain("No other scope has an Auth0 App Connection of that name either");

      const wrong = diagnosticFor(r.out, "wrong_project");
      expect(wrong).toContain(`No Auth0 App Connection named "only-at-org" in project ${second}`);
      expect(wrong).toContain("The organization has an org-level one");
      expect(wrong).toContain("remove project_id to read it");

      const other = diagnosticFor(r.out, "other_app");
      expect(other).toContain("Error: Not an Auth0 App Connection");
      expect(other).toContain(`The App Connection with id ${aws} is not an Auth0 connection`);
      expect(other).toContain(`Infisical: App Connection with ID ${aws} is not for App "auth0"`);
      const otherName = diagnosticFor(r.out, "other_app_name");
      expect(otherName).toContain('The App Connection named "aws-conn" at org level');
      expect(otherName).toContain("is not an Auth0 connection");

      const unknown = diagnosticFor(r.out, "unknown_id");
      expect(unknown).toContain("No Auth0 App Connection with id 3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d");
      expect(unknown).toContain("look the connection up by name");
    },
    TIMEOUT,
  );
});
