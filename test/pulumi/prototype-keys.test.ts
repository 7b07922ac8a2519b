/**
 * Keys named `__proto__`, `constructor` and `prototype` in Pulumi inputs are ordinary keys: they round-trip, and no
 * value is ever read through (or written to) an object's prototype. Checked on the runtime's own Check, with inputs
 * that really own a `__proto__` key (as JSON.parse builds them), and through Pulumi's real provider host.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import { check } from "../../provider/pulumi/runtime";
import { PulumiProviderHost, type Props, makeProjectDir, serializedProvider, urnFor } from "../support/pulumi-host";

const CREDENTIALS = {
  domain: "tenant.us.auth0.com",
  clientId: "client-id",
  clientSecret: "plain-secret-value",
  audience: "https://tenant.us.auth0.com/api/v2/",
};

/** Inputs whose objects own `__proto__`, `constructor` and `prototype` keys (an object literal would not). */
function hostileInputs(extra: Record<string, unknown> = {}): Props {
  const json = JSON.stringify({ name: "proto-conn", ...extra, credentials: CREDENTIALS });
  return JSON.parse(
    json
      .replace(/^\{/, '{"__proto__":{"description":"from-proto","polluted":"yes"},"constructor":{"x":1},"prototype":2,')
      .replace('"credentials":{', '"credentials":{"__proto__":{"projectId":"p"},"constructor":"c",'),
  ) as Props;
}

describe("prototype keys in inputs", () => {
  it("round-trip as ordinary keys through Check, and nothing is read through a prototype", async () => {
    const inputs = hostileInputs();
    expect(Object.keys(inputs)).toContain("__proto__");
    const { inputs: checked, failures } = await check({}, inputs);
    expect(failures).toEqual([]);
    expect(Object.getPrototypeOf(checked)).toBe(Object.prototype);
    expect(Object.keys(checked)).toEqual(expect.arrayContaining(["__proto__", "constructor", "prototype"]));
    expect(Object.getOwnPropertyDescriptor(checked, "__proto__")?.value).toEqual({
      description: "from-proto",
      polluted: "yes",
    });
    expect(checked.constructor).toEqual({ x: 1 });
    expect(checked.prototype).toBe(2);
    const credentials = checked.credentials as Record<string, unknown>;
    expect(Object.getPrototypeOf(credentials)).toBe(Object.prototype);
    expect(Object.keys(credentials)).toEqual(expect.arrayContaining(["__proto__", "constructor"]));
    // The values under __proto__ never became inputs.
    expect(checked.description).toBeUndefined();
    expect(checked.projectId).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a value inherited through a prototype is never read as an input", async () => {
    const inherited = Object.create({ name: "from-prototype", description: "from-prototype" }) as Props;
    Object.assign(inherited, { credentials: CREDENTIALS });
    const { inputs, failures } = await check({}, inherited);
    expect((failures ?? []).map((f) => f.property)).toEqual(["name"]);
    expect(inputs.description).toBeUndefined();
  });
});

describe("prototype keys through Pulumi's provider host", () => {
  let emu: RunningEmulator;
  let host: PulumiProviderHost;
  let project: { dir: string; cleanup(): void };
  let provider: string;

  beforeAll(async () => {
    emu = await startEmulator({ rateLimit: false });
    provider = await serializedProvider();
    project = makeProjectDir();
    host = await PulumiProviderHost.start({ cwd: project.dir });
    await host.configure({
      "infisical:host": emu.url,
      "infisical:clientId": emu.seed.identity.clientId,
      "infisical:clientSecret": emu.seed.identity.clientSecret,
    });
  });
  afterAll(async () => {
    await host?.close();
    project?.cleanup();
    await emu?.close();
  });

  it("keeps constructor and prototype as ordinary keys, and creates nothing from __proto__", async () => {
    const inputs = hostileInputs({ __provider: provider });
    (inputs.credentials as Record<string, unknown>) = {
      ...JSON.parse(JSON.stringify(inputs.credentials)),
      ...emu.seed.auth0,
    };
    const urn = urnFor("proto-conn");
    const checked = await host.check(urn, {}, inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.constructor).toEqual({ x: 1 });
    expect(checked.inputs.prototype).toBe(2);
    expect((checked.inputs.credentials as Props).constructor).toBe("c");
    expect(checked.inputs.description).toBeUndefined();
    const { id, outs } = await host.create(urn, checked.inputs);
    const live = (await emu.admin.connections()).find((c) => c.id === id);
    expect(live).toMatchObject({ name: "proto-conn", description: null, projectId: null });
    expect(outs.polluted).toBeUndefined();
    // A later, plain request sees no polluted prototype in the host either.
    const clean = await host.check(
      urnFor("clean"),
      {},
      { name: "clean", credentials: emu.seed.auth0, __provider: provider },
    );
    expect(Object.keys(clean.inputs)).not.toContain("polluted");
    await host.delete(id, urn, outs);
  });
});
