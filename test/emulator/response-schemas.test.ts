import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { withZodSchemas } from "../../emulator/server";
import { auth0ConnectionReply } from "../../emulator/schemas";
import { AUTH0, createConnection, useEmulatorWithToken } from "./helpers";
import type { RunningEmulator } from "../../emulator/index";

const SECRET = "a-client-secret-that-must-not-leave";

/** What a route would return if it spread the stored credentials into its reply by mistake. */
function leakyConnection(extra: Record<string, unknown> = {}) {
  return {
    id: "6f1c5c1e-8d53-4c3b-9a53-0d6f2d1c3b11",
    name: "leaky",
    description: null,
    version: 1,
    orgId: "org",
    projectId: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    isPlatformManagedCredentials: false,
    gatewayId: null,
    isAutoRotationEnabled: false,
    gatewayPoolId: null,
    credentialsHash: null,
    app: "auth0",
    method: "client-credentials",
    credentials: { domain: "d.auth0.com", clientId: "cid", audience: "https://a/", ...extra },
  };
}

async function serve(reply: unknown): Promise<{ status: number; body: string }> {
  const app = withZodSchemas(Fastify());
  app.get("/leak", { schema: { response: { 200: auth0ConnectionReply } } }, async () => reply as never);
  try {
    const res = await app.inject({ method: "GET", url: "/leak" });
    return { status: res.statusCode, body: res.body };
  } finally {
    await app.close();
  }
}

describe("emulator response schemas", () => {
  it("serve a connection that matches the schema", async () => {
    const res = await serve({ appConnection: leakyConnection() });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).appConnection.credentials).toEqual({
      domain: "d.auth0.com",
      clientId: "cid",
      audience: "https://a/",
    });
  });

  it("refuse a reply that carries the client secret (500, and the secret is not sent)", async () => {
    const res = await serve({ appConnection: leakyConnection({ clientSecret: SECRET }) });
    expect(res.status).toBe(500);
    expect(res.body).not.toContain(SECRET);
  });

  it("refuse a field the connection object does not have, at any level", async () => {
    expect((await serve({ appConnection: { ...leakyConnection(), encryptedCredentials: SECRET } })).status).toBe(500);
    expect((await serve({ appConnection: leakyConnection(), extra: SECRET })).status).toBe(500);
  });

  it("are required: a route without a 200 response schema cannot be registered", async () => {
    const app = withZodSchemas(Fastify());
    expect(() => app.get("/bare", async () => ({}))).toThrow("GET /bare declares no 200 response schema");
    await app.close();
  });
});

describe("emulator replies pass their schemas on every route", () => {
  let em: RunningEmulator;
  let token: string;

  useEmulatorWithToken((started) => ({ em, token } = started));

  it("answers list, get, name, available and options without a secret", async () => {
    const created = await createConnection(em, token, "schema-checked", { projectId: em.seed.projectId });
    await em.admin.addConnection({
      app: "aws",
      name: "aws-one",
      credentials: { accessKeyId: "AK", secretAccessKey: SECRET },
    });
    const paths = [
      AUTH0,
      `${AUTH0}/${created.id}`,
      `${AUTH0}/connection-name/schema-checked?projectId=${em.seed.projectId}`,
      `${AUTH0}/available?projectId=${em.seed.projectId}`,
      "/api/v1/app-connections",
      "/api/v1/app-connections/options",
    ];
    for (const path of paths) {
      const res = await fetch(`${em.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      expect(res.status, path).toBe(200);
      expect(text, path).not.toContain(SECRET);
      expect(text, path).not.toContain(em.seed.auth0.clientSecret);
    }
  });
});
