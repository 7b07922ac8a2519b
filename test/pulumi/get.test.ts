/**
 * `Auth0AppConnection.get(name, id)`, end to end: a program calls it under Pulumi's mocks, and the mock monitor hands
 * each read to Pulumi's real dynamic-provider host exactly as the engine's read step does (Read with the id and, as
 * state, only what the program sent: no prior outputs), against the emulator over real HTTP.
 */
import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/types";
import { AUTH0_APP_CONNECTION_TYPE } from "../../provider/pulumi/type-token";
import { type PulumiProviderHost, type Props, urnFor } from "../../tools/pulumi-host";
import { type HostFixture, startHostFixture } from "./host-fixture";

let emu: RunningEmulator;
let host: PulumiProviderHost;
let provider: string;
let fixture: HostFixture | undefined;
let mod: typeof import("../../provider/pulumi");
/** Each read the program asked for, as the engine received it, and what the provider host answered. */
const reads: { id: string; name: string; type: string; state: Props; outs: Props }[] = [];

beforeAll(async () => {
  fixture = await startHostFixture();
  ({ emu, host, provider } = fixture);
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        if (!args.id) throw new Error(`this program only reads; ${args.name} was registered`);
        // The engine's read step: Read(id, state = the program's properties); no inputs, no prior outputs.
        const state = args.inputs as Props;
        const { id, outs } = await host.read(args.id, urnFor(args.name), state);
        reads.push({ id: args.id, name: args.name, type: args.type, state, outs });
        return { id, state: outs };
      },
      call: () => ({}),
    },
    "auth0-demo",
    "dev",
    false,
  );
  mod = await import("../../provider/pulumi");
});

afterAll(async () => {
  await fixture?.close();
});

beforeEach(async () => {
  await emu.admin.clearRequests();
});

function output<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

async function connectionCalls() {
  return (await emu.admin.requests())
    .filter((r) => r.path.startsWith("/api/v1/app-connections"))
    .map((r) => `${r.method} ${r.path}`);
}

/** Read with the id and, as state, only `__provider`: exactly what `get` sends (asserted below). */
function readAsGet(id: string, name: string) {
  return host.read(id, urnFor(name), { __provider: provider });
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the call to fail");
}

describe("Auth0AppConnection.get through the provider host", () => {
  it("reads an org-level connection by id with one GET; the program sees every output, no secret", async () => {
    const existing = await emu.admin.addConnection({
      app: "auth0",
      name: "managed-elsewhere",
      description: "Shared tenant",
      credentials: { ...emu.seed.auth0 },
    });
    await emu.admin.clearRequests();

    const conn = mod.Auth0AppConnection.get("shared", existing.id);
    expect(await output(conn.id)).toBe(existing.id);
    expect(await output(conn.connectionId)).toBe(existing.id);
    expect(await output(conn.name)).toBe("managed-elsewhere");
    expect(await output(conn.description)).toBe("Shared tenant");
    expect(await output(conn.projectId)).toBeNull();
    expect(await output(conn.orgId)).toBe(emu.seed.orgId);
    expect(await output(conn.method)).toBe("client-credentials");
    expect(await output(conn.credentials)).toEqual({
      domain: emu.seed.auth0.domain,
      clientId: emu.seed.auth0.clientId,
      audience: emu.seed.auth0.audience,
    });
    expect(await output(conn.credentialsHash)).toMatch(/^[0-9a-f]{64}$/);
    expect(await output(conn.adoptExisting)).toBe(false);
    expect(await output(conn.createdAt)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(mod.Auth0AppConnection.isInstance(conn)).toBe(true);

    // What the engine got from the program: the type token policies target, the id, and no prior state at all.
    const read = reads.find((r) => r.name === "shared");
    expect(read?.type).toBe(AUTH0_APP_CONNECTION_TYPE);
    expect(read?.id).toBe(existing.id);
    expect(Object.keys(read?.state ?? {})).toEqual(["__provider"]);
    expect(String(read?.state.__provider)).toContain("infisical-auth0-iac/pulumi/runtime");
    expect(await connectionCalls()).toEqual([`GET /api/v1/app-connections/auth0/${existing.id}`]);
    expect(JSON.stringify(read?.outs)).not.toContain(emu.seed.auth0.clientSecret);
  });

  it("reads a project-level connection by its id alone", async () => {
    const existing = await emu.admin.addConnection({
      app: "auth0",
      name: "project-shared",
      projectId: emu.seed.projectId,
      credentials: { ...emu.seed.auth0 },
    });
    const conn = mod.Auth0AppConnection.get("project-shared", existing.id);
    expect(await output(conn.projectId)).toBe(emu.seed.projectId);
    expect(await output(conn.name)).toBe("project-shared");
    expect(await output(conn.description)).toBeNull();
  });

  it("an id that names no connection is an error naming the id", async () => {
    const missing = randomUUID();
    const message = await failure(readAsGet(missing, "missing"));
    expect(message).toContain(`Auth0AppConnection.get: no Auth0 App Connection with id ${missing}`);
    expect(message).toContain("infisical:host");
    expect(await connectionCalls()).toEqual([`GET /api/v1/app-connections/auth0/${missing}`]);

    // Another app's connection is not an Auth0 App Connection either.
    const aws = await emu.admin.addConnection({ app: "aws", name: "aws-conn" });
    expect(await failure(readAsGet(aws.id, "aws"))).toContain(`no Auth0 App Connection with id ${aws.id}`);
  });

  it("an id that is not a uuid is refused before any API call", async () => {
    const message = await failure(readAsGet("auth0-prod", "by-name"));
    expect(message).toContain('Auth0AppConnection.get: "auth0-prod" is not an App Connection id');
    expect(message).toContain("adoptExisting: true");
    expect(await connectionCalls()).toEqual([]);
  });

  it("a refresh of a connection read with get uses its outputs; gone is then reported as gone, not an error", async () => {
    const existing = await emu.admin.addConnection({
      app: "auth0",
      name: "refreshed-later",
      credentials: { ...emu.seed.auth0 },
    });
    const got = await readAsGet(existing.id, "refreshed-later");
    await emu.admin.editConnection(existing.id, { description: "edited in the UI" });
    const refreshed = await host.read(existing.id, urnFor("refreshed-later"), got.outs);
    expect(refreshed.outs.description).toBe("edited in the UI");
    await emu.admin.deleteConnection(existing.id);
    expect((await host.read(existing.id, urnFor("refreshed-later"), refreshed.outs)).id).toBe("");
  });
});
