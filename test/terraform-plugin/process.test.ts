// The provider process never outlives Terraform: it exits when its parent goes away, and SIGTERM or StopProvider
// cancel the calls in flight (which still answer) instead of abandoning them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "@msgpack/msgpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../provider/terraform/plugin/handshake";
import { buildExample, connect, generateSelfSignedCert, startPlugin, type RunningPlugin } from "./helpers";

const P = "tfplugin6.Provider";
const client = generateSelfSignedCert("P-256");
let built: Awaited<ReturnType<typeof buildExample>>;
const pids: number[] = [];

/** Running (a zombie waiting for whoever adopted it to reap it has exited: it counts as gone). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return process.platform !== "linux";
  }
};

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const t0 = Date.now();
  while (!condition()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - t0;
}

beforeAll(async () => {
  built = await buildExample();
}, 60_000);

afterAll(() => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
  rmSync(built.dir, { recursive: true, force: true });
});

const fileValue = (name: string, content: string) => ({
  msgpack: Buffer.from(
    encode({
      id: null,
      name,
      content,
      secret: null,
      password_wo: null,
      password_wo_version: null,
      tags: null,
      settings: null,
    }),
  ),
});

/** A create that waits for its signal, in flight on `plugin`; resolves once the resource code is running. */
async function createInFlight(plugin: RunningPlugin, name: string) {
  const clients = connect(plugin, client);
  const root = join(built.dir, `files-${name}`);
  await clients.call(P, "ConfigureProvider", { config: { msgpack: Buffer.from(encode({ root })) } });
  const value = fileValue(name, "wait-for-cancel");
  const answer = clients.call(P, "ApplyResourceChange", {
    type_name: "tfpluginexample_file",
    prior_state: { msgpack: Buffer.from(encode(null)) },
    planned_state: value,
    config: value,
  });
  answer.catch(() => undefined);
  await until(() => existsSync(join(root, `${name}.started`)), 15_000, "the create to start");
  return { clients, answer };
}

describe("provider process", () => {
  it("exits when its parent (Terraform) is killed", async () => {
    // A stand-in for Terraform: starts the provider as Terraform would, reports its pid, then is SIGKILLed.
    const script = `
      const { spawn } = require("node:child_process");
      const child = spawn(${JSON.stringify(built.executable)}, [], { stdio: ["ignore", "pipe", "ignore"] });
      child.stdout.once("data", () => process.stdout.write(child.pid + "\\n"));
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ["-e", script], {
      env: {
        ...process.env,
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: "6",
        PLUGIN_CLIENT_CERT: client.certPem,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    pids.push(parent.pid!);
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      parent.once("exit", () => reject(new Error("the stand-in exited early")));
    });
    pids.push(pid);
    expect(alive(pid)).toBe(true);
    parent.kill("SIGKILL");
    const stat = () => (existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8").slice(0, 80) : "-");
    const ms = await until(() => !alive(pid), 10_000, "the provider to exit after its parent died").catch(
      (err: Error) => {
        throw new Error(`${err.message}; /proc/${pid}/stat: ${stat()}`);
      },
    );
    expect(ms).toBeLessThan(10_000);
  }, 30_000);

  it("on SIGTERM cancels the call in flight, which still answers, and exits within the grace period", async () => {
    const plugin = await startPlugin(built.executable, client);
    pids.push(plugin.child.pid!);
    const { clients, answer } = await createInFlight(plugin, "sigterm");
    const t0 = Date.now();
    plugin.child.kill("SIGTERM");
    const response = (await answer) as { diagnostics: { summary: string; detail: string }[] };
    expect(response.diagnostics).toEqual([
      expect.objectContaining({ summary: "Apply failed", detail: expect.stringContaining("create cancelled") }),
    ]);
    expect(await plugin.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000 + 2000); // the 3 s grace, and margin for a busy machine
    clients.close();
  }, 30_000);

  it("on StopProvider cancels the call in flight and keeps serving", async () => {
    const plugin = await startPlugin(built.executable, client);
    pids.push(plugin.child.pid!);
    const { clients, answer } = await createInFlight(plugin, "stop");
    expect(await clients.call(P, "StopProvider", {})).toMatchObject({ Error: "" });
    const response = (await answer) as { diagnostics: { detail: string }[] };
    expect(response.diagnostics[0]!.detail).toContain("Terraform asked the provider to stop");
    await expect(clients.call("grpc.health.v1.Health", "Check", { service: "plugin" })).resolves.toMatchObject({
      status: "SERVING",
    });
    clients.close();
    plugin.child.kill("SIGKILL");
  }, 30_000);

  it("starts several at once sharing Node's compile cache (filled on Node >= 22.1)", async () => {
    const cache = mkdtempSync(join(tmpdir(), "tfplugin-compile-cache-"));
    try {
      for (let round = 0; round < 2; round++) {
        const plugins = await Promise.all(
          Array.from({ length: 4 }, () => startPlugin(built.executable, client, { NODE_COMPILE_CACHE: cache })),
        );
        pids.push(...plugins.map((p) => p.child.pid!));
        for (const plugin of plugins) {
          const clients = connect(plugin, client);
          await expect(clients.call(P, "GetMetadata", {})).resolves.toMatchObject({
            resources: [{ type_name: "tfpluginexample_file" }],
          });
          clients.close();
          plugin.child.kill("SIGTERM");
        }
        expect(await Promise.all(plugins.map((p) => p.exited))).toEqual([0, 0, 0, 0]);
      }
      // The launcher runs the `node` on PATH (#!/usr/bin/env node), which may not be the one running this test.
      const version = spawnSync("node", ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim();
      const [major, minor] = version.split(".").map(Number) as [number, number];
      const supported = major > 22 || (major === 22 && minor >= 1);
      expect(readdirSync(cache).length > 0).toBe(supported);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 60_000);
});
