import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import { AUTH0, api, createConnection, login, seedAt } from "./helpers";

describe("emulator persistence", () => {
  const dir = mkdtempSync(join(tmpdir(), "emulator-data-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps identities, projects, tenants, connections and tokens across a restart", async () => {
    const dataFile = join(dir, "state.json");
    const first = await startEmulator({ dataFile, rateLimit: false });
    const token = await login(first);
    const { id: projectId } = await first.admin.addProject({ name: "Kept" });
    const extra = await first.admin.addIdentity();
    const tenant = { domain: "kept.auth0.com", clientId: "kept-id", clientSecret: "kept-secret-123" };
    await first.admin.addAuth0Tenant(tenant);
    const created = await createConnection(first, token, "kept", { projectId });
    await first.close();

    const second = await startEmulator({ dataFile, rateLimit: false });
    try {
      expect(second.seed).toEqual(seedAt(first.seed, second.url));
      const got = await api(second.url, "GET", `${AUTH0}/${created.id}`, { token });
      expect(got.status).toBe(200);
      expect(got.body.appConnection).toEqual(created);
      expect(await login(second, { clientId: extra.clientId, clientSecret: extra.clientSecret })).toMatch(/\./);
      const other = await createConnection(second, token, "kept-tenant", {
        credentials: { ...tenant, audience: "https://x.example/" },
      });
      expect(other.credentials.domain).toBe("kept.auth0.com");
      // Credentials are stored encrypted: the Auth0 secret of the connection is not in the file in plain text.
      const text = readFileSync(dataFile, "utf8");
      const state = JSON.parse(text) as { connections: { encryptedCredentials: string }[] };
      expect(state.connections[0]?.encryptedCredentials).not.toContain(first.seed.auth0.clientSecret);
      expect(statSync(dataFile).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it("generates new secrets per start without a data file", async () => {
    const a = await startEmulator({ rateLimit: false });
    const b = await startEmulator({ rateLimit: false });
    try {
      expect(a.seed.identity.clientSecret).not.toBe(b.seed.identity.clientSecret);
      expect(a.seed.auth0.clientSecret).not.toBe(b.seed.auth0.clientSecret);
      expect(a.seed.orgId).not.toBe(b.seed.orgId);
      expect(a.seed.auth0.domain).toMatch(/\.auth0\.com$/);
      expect(a.seed.auth0.audience).toBe(`https://${a.seed.auth0.domain}/api/v2/`);
      // A token of one emulator means nothing to another.
      expect((await api(b.url, "GET", AUTH0, { token: await login(a) })).status).toBe(403);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("refuses bad options before starting, naming the option and what it accepts", async () => {
    await expect(startEmulator({ port: 99_999 })).rejects.toThrow(
      "EmulatorOptions.port must be a whole number from 0 to 65535 (0 picks a free port); got 99999",
    );
    await expect(startEmulator({ rateLimit: { read: -5 } })).rejects.toThrow(
      "EmulatorOptions.rateLimit.read must be a whole number of requests per window, 1 or more; got -5",
    );
    await expect(startEmulator({ dataFile: join(dir, "missing", "state.json") })).rejects.toThrow(
      `EmulatorOptions.dataFile ${join(dir, "missing", "state.json")}: the folder ${join(dir, "missing")} does not exist.`,
    );
    writeFileSync(join(dir, "not-json.json"), "{ nope");
    await expect(startEmulator({ dataFile: join(dir, "not-json.json") })).rejects.toThrow(
      /^EmulatorOptions\.dataFile .*not-json\.json: not an emulator data file \(/,
    );
  });
});
