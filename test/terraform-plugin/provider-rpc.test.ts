// Schema message, descriptor drift, and tfplugin6.Provider calls over mTLS gRPC against the example provider.
import { readFileSync, rmSync } from "node:fs";
import { decode, encode } from "@msgpack/msgpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_DTS, GENERATED_JS, generate } from "../../provider/terraform/plugin/gen-proto";
import { attr, defineSchema } from "../../provider/terraform/plugin/schema";
import { schemaToProto } from "../../provider/terraform/plugin/schema-proto";
import { PROVIDER_RPCS } from "../../provider/terraform/plugin/services";
import {
  buildExample,
  connect,
  generateSelfSignedCert,
  loadPackageDefinition,
  startPlugin,
  type PluginClients,
  type RunningPlugin,
} from "./helpers";

describe("schema", () => {
  it("produces the tfplugin6 Schema with flags, cty type JSON and nested_type", () => {
    const proto = schemaToProto(
      defineSchema({
        version: 2,
        attributes: {
          token_wo: attr.string({ optional: true, writeOnly: true, description: "d" }),
          secret: attr.string({ optional: true, sensitive: true }),
          tags: attr.map("string", { optional: true }),
          opts: attr.single({ a: attr.number({ required: true }) }, { optional: true }),
        },
      }),
    );
    const [wo, secret, tags, opts] = proto.block.attributes;
    expect(proto.version).toBe(2);
    expect(wo).toMatchObject({
      name: "token_wo",
      write_only: true,
      optional: true,
      sensitive: false,
      description: "d",
    });
    expect(JSON.parse(wo!.type.toString())).toBe("string");
    expect(secret).toMatchObject({ sensitive: true, write_only: false });
    expect(JSON.parse(tags!.type.toString())).toEqual(["map", "string"]);
    expect(opts!.type.length).toBe(0);
    expect(opts!.nested_type).toMatchObject({ nesting: 1, attributes: [{ name: "a", required: true }] }); // SINGLE
  });

  it("rejects impossible flag combinations", () => {
    expect(() => attr.string({ required: true, computed: true })).toThrow();
    expect(() => attr.string({})).toThrow();
    expect(() => attr.string({ optional: true, computed: true, writeOnly: true })).toThrow();
  });

  it("ships protobuf code generated from the .proto files, serving every Provider RPC they declare", async () => {
    const { js, dts } = await generate();
    expect(readFileSync(GENERATED_JS, "utf8")).toBe(js);
    expect(readFileSync(GENERATED_DTS, "utf8")).toBe(dts);
    const provider = loadPackageDefinition()["tfplugin6.Provider"] ?? {};
    expect(Object.keys(provider).sort()).toEqual([...PROVIDER_RPCS].sort());
  }, 60_000);
});

describe("tfplugin6.Provider over gRPC", () => {
  let built: Awaited<ReturnType<typeof buildExample>>;
  let plugin: RunningPlugin;
  let clients: PluginClients;
  const client = generateSelfSignedCert("P-521");
  const SECRET = "zq-very-secret-9731";
  const full = (over: Record<string, unknown>) => ({
    msgpack: Buffer.from(
      encode({
        id: null,
        name: "a",
        content: "c",
        secret: null,
        password_wo: null,
        password_wo_version: null,
        tags: null,
        settings: null,
        ...over,
      }),
    ),
  });
  const validate = (config: Record<string, unknown>, writeOnly = true) =>
    clients.call("tfplugin6.Provider", "ValidateResourceConfig", {
      type_name: "tfpluginexample_file",
      config: full(config),
      client_capabilities: { write_only_attributes_allowed: writeOnly },
    });

  beforeAll(async () => {
    built = await buildExample();
    plugin = await startPlugin(built.executable, client, { TF_LOG: "trace" });
    clients = connect(plugin, client);
  });
  afterAll(() => {
    clients.close();
    plugin.child.kill("SIGKILL");
    rmSync(built.dir, { recursive: true, force: true });
  });

  it("lists the resource in GetMetadata and its schema in GetProviderSchema", async () => {
    const meta = await clients.call("tfplugin6.Provider", "GetMetadata", {});
    expect(meta.resources).toEqual([{ type_name: "tfpluginexample_file" }]);
    // The schema never changes within a build: Terraform may skip GetProviderSchema on the later starts of a command.
    expect(meta.server_capabilities).toMatchObject({ get_provider_schema_optional: true });
    const schema = (await clients.call("tfplugin6.Provider", "GetProviderSchema", {})) as {
      resource_schemas: Record<string, { block: { attributes: { name: string; write_only: boolean }[] } }>;
    };
    const attrs = schema.resource_schemas.tfpluginexample_file!.block.attributes;
    expect(attrs.find((a) => a.name === "password_wo")!.write_only).toBe(true);
  });

  it("returns a validation error with its attribute path", async () => {
    const response = await validate({ name: "Bad Name" });
    expect(response.diagnostics).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        summary: "Invalid file name",
        attribute: { steps: [expect.objectContaining({ attribute_name: "name" })] },
      }),
    ]);
  });

  it("turns an error thrown by resource code into a diagnostic, redacting sensitive values, and keeps serving", async () => {
    const response = await validate({ content: "explode", secret: SECRET });
    const [d] = response.diagnostics as { severity: string; detail: string }[];
    expect(d!.severity).toBe("ERROR");
    expect(d!.detail).toContain("validation blew up near (sensitive value)");
    expect(JSON.stringify(response)).not.toContain(SECRET);
    await expect(clients.call("grpc.health.v1.Health", "Check", { service: "plugin" })).resolves.toMatchObject({
      status: "SERVING",
    });
    expect(plugin.stderr()).not.toContain(SECRET);
    expect(plugin.stderr()).toContain("Served tfplugin6.Provider/ValidateResourceConfig");
  });

  it("refuses a write-only value from a client without the write-only capability", async () => {
    const response = await validate({ password_wo: SECRET }, false);
    expect(response.diagnostics).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        attribute: { steps: [expect.objectContaining({ attribute_name: "password_wo" })] },
      }),
    ]);
    expect((await validate({ password_wo: SECRET }, true)).diagnostics).toEqual([]);
  });

  it("answers an unknown resource type with a diagnostic, not a crash", async () => {
    const response = await clients.call("tfplugin6.Provider", "ValidateResourceConfig", {
      type_name: "nope",
      config: full({}),
    });
    expect(response.diagnostics).toEqual([
      expect.objectContaining({ severity: "ERROR", detail: expect.stringContaining("unknown resource type") }),
    ]);
  });

  it("plans a create with the computed id unknown and the write-only value null", async () => {
    await clients.call("tfplugin6.Provider", "ConfigureProvider", {
      config: { msgpack: Buffer.from(encode({ root: `${built.dir}/files` })) },
    });
    const config = full({ password_wo: SECRET, password_wo_version: 1 });
    const response = (await clients.call("tfplugin6.Provider", "PlanResourceChange", {
      type_name: "tfpluginexample_file",
      prior_state: { msgpack: Buffer.from(encode(null)) },
      proposed_new_state: config,
      config,
    })) as { planned_state: { msgpack: Buffer }; diagnostics: unknown[] };
    expect(response.diagnostics).toEqual([]);
    expect([...response.planned_state.msgpack]).toContain(0xd4);
    const planned = decode(response.planned_state.msgpack, { extensionCodec: undefined }) as Record<string, unknown>;
    expect(planned.password_wo).toBeNull();
    expect(planned.password_wo_version).toBe(1);
    expect(response.planned_state.msgpack.toString("latin1")).not.toContain(SECRET);
  });

  it("carries a 12 MB value both ways (gRPC clients default to 4 MB)", async () => {
    await clients.call("tfplugin6.Provider", "ConfigureProvider", {
      config: { msgpack: Buffer.from(encode({ root: `${built.dir}/files` })) },
    });
    const content = "x".repeat(12 << 20);
    const value = full({ name: "big", content });
    const response = (await clients.call("tfplugin6.Provider", "ApplyResourceChange", {
      type_name: "tfpluginexample_file",
      prior_state: { msgpack: Buffer.from(encode(null)) },
      planned_state: value,
      config: value,
    })) as { new_state: { msgpack: Buffer }; diagnostics: unknown[] };
    expect(response.diagnostics).toEqual([]);
    expect((decode(response.new_state.msgpack) as { content: string }).content.length).toBe(12 << 20);
  }, 60_000);
});
