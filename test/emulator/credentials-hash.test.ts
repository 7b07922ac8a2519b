import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { AUTH0, api, createConnection, useEmulatorWithToken } from "./helpers";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("emulator credentialsHash and updatedAt", () => {
  let em: RunningEmulator;
  let token: string;

  useEmulatorWithToken((started) => ({ em, token } = started));

  it("is 64 lowercase hex, differs for the same plaintext stored twice, and is not a hash of the plaintext", async () => {
    const a = await createConnection(em, token, "hash-a");
    const b = await createConnection(em, token, "hash-b");
    expect(a.credentialsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.credentialsHash).not.toBe(b.credentialsHash);
    const creds = em.seed.auth0;
    for (const guess of [
      JSON.stringify(creds),
      JSON.stringify({
        domain: creds.domain,
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        audience: creds.audience,
      }),
      creds.clientSecret,
    ]) {
      expect(a.credentialsHash).not.toBe(sha256(guess));
    }
  });

  it("changes on a PATCH carrying the same credentials, not on a description-only PATCH", async () => {
    const created = await createConnection(em, token, "hash-patch");
    const described = await api(em.url, "PATCH", `${AUTH0}/${created.id}`, { token, body: { description: "new" } });
    expect(described.body.appConnection.credentialsHash).toBe(created.credentialsHash);
    expect(described.body.appConnection.updatedAt > created.updatedAt).toBe(true);
    const rewritten = await api(em.url, "PATCH", `${AUTH0}/${created.id}`, {
      token,
      body: { credentials: { ...em.seed.auth0 } },
    });
    expect(rewritten.status).toBe(200);
    expect(rewritten.body.appConnection.credentialsHash).not.toBe(created.credentialsHash);
    expect(rewritten.body.appConnection.updatedAt > described.body.appConnection.updatedAt).toBe(true);
    expect(rewritten.body.appConnection.createdAt).toBe(created.createdAt);
  });

  it("changes with no user edit when Infisical refreshes the Auth0 token (admin.refreshCredentials)", async () => {
    const created = await createConnection(em, token, "hash-refresh");
    await em.admin.refreshCredentials(created.id);
    const got = await api(em.url, "GET", `${AUTH0}/${created.id}`, { token });
    expect(got.body.appConnection.credentialsHash).not.toBe(created.credentialsHash);
    expect(got.body.appConnection.updatedAt > created.updatedAt).toBe(true);
    expect(got.body.appConnection.credentials).toEqual(created.credentials);
  });

  it("moves updatedAt on every write, even an empty PATCH", async () => {
    const created = await createConnection(em, token, "touch-me");
    const first = await api(em.url, "PATCH", `${AUTH0}/${created.id}`, { token, body: {} });
    const second = await api(em.url, "PATCH", `${AUTH0}/${created.id}`, { token, body: {} });
    expect(first.body.appConnection.updatedAt > created.updatedAt).toBe(true);
    expect(second.body.appConnection.updatedAt > first.body.appConnection.updatedAt).toBe(true);
    expect(second.body.appConnection.version).toBe(1);
  });

  it("validates credentials on a PATCH carrying them and leaves the row alone when that fails", async () => {
    const created = await createConnection(em, token, "patch-bad-creds");
    const res = await api(em.url, "PATCH", `${AUTH0}/${created.id}`, {
      token,
      body: { description: "never stored", credentials: { ...em.seed.auth0, clientSecret: "wrong-one" } },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Request failed with status code 401");
    const got = await api(em.url, "GET", `${AUTH0}/${created.id}`, { token });
    expect(got.body.appConnection).toEqual(created);
  });

  it("never returns the client secret from any route", async () => {
    const created = await createConnection(em, token, "no-secret", { projectId: em.seed.projectId });
    const secret = em.seed.auth0.clientSecret;
    for (const path of [
      AUTH0,
      `${AUTH0}/${created.id}`,
      `${AUTH0}/available`,
      `${AUTH0}/connection-name/no-secret?projectId=${em.seed.projectId}`,
      "/api/v1/app-connections",
    ]) {
      const res = await api(em.url, "GET", path, { token });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(secret);
    }
    const del = await api(em.url, "DELETE", `${AUTH0}/${created.id}`, { token });
    expect(del.text).not.toContain(secret);
  });
});
