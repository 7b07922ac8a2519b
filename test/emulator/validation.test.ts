import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { AUTH0, api, createBody, createConnection, useEmulatorWithToken } from "./helpers";

interface Issue {
  path: (string | number)[];
  message: string;
  code: string;
}

describe("emulator request validation and service rules", () => {
  let em: RunningEmulator;
  let token: string;

  useEmulatorWithToken((started) => ({ em, token } = started));

  async function createIssues(body: unknown): Promise<Issue[]> {
    const res = await api(em.url, "POST", AUTH0, { token, body });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe("ValidationFailure");
    expect(Array.isArray(res.body.message)).toBe(true);
    return res.body.message as Issue[];
  }
  const messageAt = (issues: Issue[], path: string) => issues.find((i) => i.path.join(".") === path)?.message;

  it.each([
    ["", "name field must be at least 1 lowercase character"],
    ["   ", "name field must be at least 1 lowercase character"],
    ["a".repeat(65), "name field must be at most 64 lowercase characters"],
    ["Upper", "name field can only contain lowercase letters, numbers, and hyphens"],
    ["under_score", "name field can only contain lowercase letters, numbers, and hyphens"],
    ["-leading", "name field can only contain lowercase letters, numbers, and hyphens"],
    ["double--hyphen", "name field can only contain lowercase letters, numbers, and hyphens"],
  ])("rejects the name %j", async (name, message) => {
    expect(messageAt(await createIssues(createBody(em, name)), "name")).toBe(message);
  });

  it("accepts a 64-character name and trims names", async () => {
    const long = "a".repeat(64);
    expect((await createConnection(em, token, long)).name).toBe(long);
    expect((await createConnection(em, token, "  padded-name  ")).name).toBe("padded-name");
  });

  it("limits the description to 256 characters after trimming", async () => {
    const issues = await createIssues(createBody(em, "long-desc", { description: "x".repeat(257) }));
    expect(messageAt(issues, "description")).toBe("Description cannot exceed 256 characters");
    const ok = await createConnection(em, token, "desc-256", { description: ` ${"x".repeat(256)} ` });
    expect(ok.description).toHaveLength(256);
  });

  it("requires every credential field, trimmed, and an audience that is a URL", async () => {
    const blank = { domain: " ", clientId: "", clientSecret: "  ", audience: "" };
    const issues = await createIssues({ ...createBody(em, "creds"), credentials: blank });
    expect(messageAt(issues, "credentials.domain")).toBe("Domain required");
    expect(messageAt(issues, "credentials.clientId")).toBe("Client ID required");
    expect(messageAt(issues, "credentials.clientSecret")).toBe("Client Secret required");
    expect(messageAt(issues, "credentials.audience")).toBe("Audience required");
    const notUrl = await createIssues({
      ...createBody(em, "creds"),
      credentials: { ...em.seed.auth0, audience: "nope" },
    });
    expect(notUrl.map((i) => i.path.join("."))).toEqual(["credentials.audience"]);
    const padded = Object.fromEntries(Object.entries(em.seed.auth0).map(([k, v]) => [k, `  ${v}  `]));
    const created = await createConnection(em, token, "padded-creds", { credentials: padded });
    expect(created.credentials.domain).toBe(em.seed.auth0.domain);
  });

  it("accepts only the client-credentials method", async () => {
    const issues = await createIssues({ ...createBody(em, "method"), method: "client-secret" });
    expect(issues.map((i) => i.path.join("."))).toEqual(["method"]);
    expect(issues[0]?.code).toBeTruthy();
  });

  it("accepts isPlatformManagedCredentials false / gatewayId null only", async () => {
    const issues = await createIssues(createBody(em, "flags", { isPlatformManagedCredentials: true, gatewayId: "gw" }));
    expect(messageAt(issues, "isPlatformManagedCredentials")).toBe("Not supported for Auth0 Connections");
    expect(messageAt(issues, "gatewayId")).toBe("Not supported for Auth0 Connections");
    const ok = await createConnection(em, token, "flags-ok", { isPlatformManagedCredentials: false, gatewayId: null });
    expect(ok).toMatchObject({ isPlatformManagedCredentials: false, gatewayId: null });
    const patch = await api(em.url, "PATCH", `${AUTH0}/${ok.id}`, { token, body: { gatewayId: "gw" } });
    expect(patch.status).toBe(422);
  });

  it("drops unknown keys silently", async () => {
    const created = await createConnection(em, token, "unknown-keys", { surprise: "yes", version: 7 });
    expect(created).not.toHaveProperty("surprise");
    expect(created.version).toBe(1);
  });

  it("validates PATCH bodies (422 before looking the id up)", async () => {
    const missing = "00000000-0000-4000-8000-000000000001";
    const res = await api(em.url, "PATCH", `${AUTH0}/${missing}`, { token, body: { name: "Bad Name" } });
    expect(res.status).toBe(422);
    const creds = await api(em.url, "PATCH", `${AUTH0}/${missing}`, { token, body: { credentials: { domain: "x" } } });
    expect(creds.status).toBe(422);
    expect(creds.body.message.map((i: Issue) => i.path.join("."))).toEqual([
      "credentials.clientId",
      "credentials.clientSecret",
      "credentials.audience",
    ]);
  });

  it("answers 400 for an unknown project", async () => {
    const res = await api(em.url, "POST", AUTH0, { token, body: createBody(em, "no-project", { projectId: "nope" }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "BadRequest", message: "Could not find project with ID nope" });
    const { id } = await em.admin.addProject({ name: "Second" });
    expect((await createConnection(em, token, "in-second", { projectId: id })).projectId).toBe(id);
  });

  it("reports a duplicate name with 400, only after the Auth0 check", async () => {
    await createConnection(em, token, "taken");
    const dup = await api(em.url, "POST", AUTH0, { token, body: createBody(em, "taken") });
    expect(dup.status).toBe(400);
    expect(dup.body.message).toBe('An App Connection with the name "taken" already exists');
    const badSecret = { ...em.seed.auth0, clientSecret: "wrong-secret" };
    const dupBadCreds = await api(em.url, "POST", AUTH0, {
      token,
      body: { ...createBody(em, "taken"), credentials: badSecret },
    });
    expect(dupBadCreds.status).toBe(400);
    expect(dupBadCreds.body.message).toBe("Request failed with status code 401");
  });

  it("makes names unique across apps within a scope, but not across scopes", async () => {
    await em.admin.addConnection({ app: "aws", name: "shared-name" });
    const clash = await api(em.url, "POST", AUTH0, { token, body: createBody(em, "shared-name") });
    expect(clash.status).toBe(400);
    expect(clash.body.message).toBe('An App Connection with the name "shared-name" already exists');
    const inProject = await createConnection(em, token, "shared-name", { projectId: em.seed.projectId });
    expect(inProject.projectId).toBe(em.seed.projectId);
    const again = await api(em.url, "POST", AUTH0, {
      token,
      body: createBody(em, "shared-name", { projectId: em.seed.projectId }),
    });
    expect(again.status).toBe(400);
  });

  it("refuses a rename onto a taken name, and allows renaming to its own name", async () => {
    await createConnection(em, token, "rename-target");
    const mine = await createConnection(em, token, "rename-source");
    const clash = await api(em.url, "PATCH", `${AUTH0}/${mine.id}`, { token, body: { name: "rename-target" } });
    expect(clash.status).toBe(400);
    expect(clash.body.message).toBe('An App Connection with the name "rename-target" already exists');
    const same = await api(em.url, "PATCH", `${AUTH0}/${mine.id}`, { token, body: { name: "rename-source" } });
    expect(same.status).toBe(200);
  });

  it("answers 400 with the HTTP client's text when the Auth0 check fails", async () => {
    const wrongSecret = await api(em.url, "POST", AUTH0, {
      token,
      body: { ...createBody(em, "bad-secret"), credentials: { ...em.seed.auth0, clientSecret: "nope-secret" } },
    });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body).toMatchObject({ error: "BadRequest", message: "Request failed with status code 401" });
    expect(wrongSecret.text).not.toContain("nope-secret");
    const wrongAudience = await api(em.url, "POST", AUTH0, {
      token,
      body: { ...createBody(em, "bad-aud"), credentials: { ...em.seed.auth0, audience: "https://other.example/" } },
    });
    expect(wrongAudience.body.message).toBe("Request failed with status code 403");
    const unknownDomain = await api(em.url, "POST", AUTH0, {
      token,
      body: { ...createBody(em, "bad-domain"), credentials: { ...em.seed.auth0, domain: "nobody.eu.auth0.com" } },
    });
    expect(unknownDomain.status).toBe(400);
    expect(unknownDomain.body.message).toBe("getaddrinfo ENOTFOUND nobody.eu.auth0.com");
    const withScheme = await createConnection(em, token, "with-scheme", {
      credentials: { ...em.seed.auth0, domain: `https://${em.seed.auth0.domain}/` },
    });
    expect(withScheme.credentials.domain).toBe(`https://${em.seed.auth0.domain}/`);
  });

  it("checks credentials against tenants added through the admin surface", async () => {
    const tenant = { domain: "second.eu.auth0.com", clientId: "cid-2", clientSecret: "sec-2-abcdef" };
    await em.admin.addAuth0Tenant(tenant);
    const created = await createConnection(em, token, "second-tenant", {
      credentials: { ...tenant, audience: "https://anything.example/" },
    });
    expect(created.credentials.domain).toBe("second.eu.auth0.com");
  });

  it("runs schema validation after authentication: no token with a bad body is 401", async () => {
    const res = await api(em.url, "PATCH", `${AUTH0}/not-a-uuid`, { body: { name: 5 } });
    expect(res.status).toBe(401);
  });
});
