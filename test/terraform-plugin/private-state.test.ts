// Private state: create, update, read and import may set it; a bare return keeps the private state Terraform sent.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "@msgpack/msgpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLauncher } from "../../provider/terraform/plugin/build";
import { connect, generateSelfSignedCert, startPlugin, type PluginClients, type RunningPlugin } from "./helpers";

const P = "tfplugin6.Provider";
const value = (id: string | null, keep: boolean | null) => ({ msgpack: Buffer.from(encode({ id, keep })) });
const text = (response: Record<string, unknown>, field: string) =>
  Buffer.from((response[field] as Buffer | undefined) ?? Buffer.alloc(0)).toString("utf8");

describe("private state", () => {
  let dir: string;
  let plugin: RunningPlugin;
  let clients: PluginClients;
  const client = generateSelfSignedCert("P-256");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tfplugin-private-"));
    const files = await buildLauncher({
      entry: join(__dirname, "private-example", "main.ts"),
      typeName: "tfpluginprivate",
      outDir: dir,
    });
    plugin = await startPlugin(files.executable, client);
    clients = connect(plugin, client);
    await clients.call(P, "ConfigureProvider", { terraform_version: "1.11.4", config: { msgpack: encode({}) } });
  });

  afterAll(() => {
    clients?.close();
    plugin?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const apply = (prior: ReturnType<typeof value> | null, planned: ReturnType<typeof value>, plannedPrivate: string) =>
    clients.call(P, "ApplyResourceChange", {
      type_name: "tfpluginprivate_noted",
      prior_state: prior ?? { msgpack: encode(null) },
      planned_state: planned,
      config: value(null, null),
      planned_private: Buffer.from(plannedPrivate),
    });

  it("is set by create and update, and kept by a bare update", async () => {
    const created = await apply(null, value(null, null), "");
    expect(created.diagnostics).toEqual([]);
    expect(text(created, "private")).toBe("created after nothing");
    const updated = await apply(value("n1", null), value("n1", false), "plan-note");
    expect(text(updated, "private")).toBe("updated after plan-note");
    const kept = await apply(value("n1", false), value("n1", true), "plan-note");
    expect(text(kept, "private")).toBe("plan-note");
  });

  it("is set by read, and kept by a bare read", async () => {
    const read = (keep: boolean) =>
      clients.call(P, "ReadResource", {
        type_name: "tfpluginprivate_noted",
        current_state: value("n1", keep),
        private: Buffer.from("stored"),
      });
    expect(text(await read(false), "private")).toBe("read after stored");
    expect(text(await read(true), "private")).toBe("stored");
  });

  it("is set by import", async () => {
    const imported = await clients.call(P, "ImportResourceState", { type_name: "tfpluginprivate_noted", id: "x9" });
    const [first] = imported.imported_resources as Record<string, unknown>[];
    expect(text(first!, "private")).toBe("imported x9");
  });
});
