/**
 * Drives Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC the way the Pulumi
 * engine does: spawn `node <host> <engine address>` with a project directory as cwd (the host never dials that address),
 * read its port from the first stdout line, Configure, then Check/Diff/Create/Read/Update/Delete with engine-shaped
 * requests (the old outputs where the engine passes old outputs).
 * Used by the tests, the benchmark and the demo (there is no Pulumi CLI to run the engine). Development code: not part
 * of the npm package (package.json `files` ships dist/provider and dist/terraform only).
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { signalGroup, startService, stopService } from "./processes";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE_NAME = "infisical-auth0-iac";
// The generated stubs do `instanceof` checks: use the grpc-js and google-protobuf that @pulumi/pulumi resolves.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const grpc: Any = pulumiRequire("@grpc/grpc-js");
const { Struct }: Any = pulumiRequire("google-protobuf/google/protobuf/struct_pb");
const providerGrpc: Any = pulumiRequire("./proto/provider_grpc_pb");
const providerPb: Any = pulumiRequire("./proto/provider_pb");

export const TYPE = "pulumi-nodejs:dynamic/infisical:Auth0AppConnection";
export const urnFor = (name: string, stack = "dev", project = "auth0-demo") =>
  `urn:pulumi:${stack}::${project}::${TYPE}::${name}`;

export type Props = Record<string, unknown>;
export interface DiffReply {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** A directory laid out like a user's Pulumi project that has this package installed. */
export function makeProjectDir(name = "auth0-demo"): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "pulumi-project-"));
  writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(ROOT, path.join(dir, "node_modules", PACKAGE_NAME), "dir");
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export class PulumiProviderHost {
  stdout = "";
  stderr = "";
  private constructor(
    /** The host process (leader of its own process group). */
    readonly child: ChildProcess,
    private readonly client: Any,
  ) {}

  static async start(opts: { cwd: string; env?: NodeJS.ProcessEnv; project?: string }): Promise<PulumiProviderHost> {
    const hostPath = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    // Spawn node itself (a shell wrapper would orphan the host when killed), in its own process group, tracked so a
    // host nobody closed is killed at the end of its test file (test/setup/each-test.ts).
    const child = startService(process.execPath, [hostPath, "127.0.0.1:1"], {
      cwd: opts.cwd,
      env: {
        ...process.env,
        ...opts.env,
        PULUMI_NODEJS_PROJECT: opts.project ?? "auth0-demo",
        PULUMI_PROJECT: opts.project ?? "auth0-demo",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        signalGroup(child, "SIGKILL");
        reject(new Error(`host did not start: ${stderr}`));
      }, 30_000);
      child.stdout?.on("data", (d: Buffer) => {
        stdout += d.toString();
        const line = stdout.split("\n")[0];
        if (stdout.includes("\n") && line && /^\d+$/.test(line.trim())) {
          clearTimeout(timer);
          resolve(Number(line.trim()));
        }
      });
      child.on("exit", (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new PulumiProviderHost(child, client);
    host.stdout = stdout;
    host.stderr = stderr;
    child.stdout?.on("data", (d: Buffer) => (host.stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (host.stderr += d.toString()));
    return host;
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res)));
    });
  }

  /** The whole stack config, as the engine sends it (`ns:key` → value, secrets decrypted). */
  async configure(config: Record<string, string>): Promise<void> {
    const req = new providerPb.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(config));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    await this.call("configure", req);
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new providerPb.CheckRequest();
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    const res = await this.call<Any>("check", req);
    return {
      inputs: res.getInputs().toJavaScript(),
      failures: res.getFailuresList().map((f: Any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<DiffReply> {
    const req = new providerPb.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    const res = await this.call<Any>("diff", req);
    const C = providerPb.DiffResponse.DiffChanges;
    const changes = res.getChanges() === C.DIFF_SOME ? "some" : res.getChanges() === C.DIFF_NONE ? "none" : "unknown";
    return { changes, replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }

  async create(urn: string, props: Props): Promise<{ id: string; outs: Props }> {
    const req = new providerPb.CreateRequest();
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(props));
    const res = await this.call<Any>("create", req);
    return { id: res.getId(), outs: res.getProperties().toJavaScript() };
  }

  async read(id: string, urn: string, props: Props): Promise<{ id: string; outs: Props }> {
    const req = new providerPb.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(props));
    const res = await this.call<Any>("read", req);
    return { id: res.getId(), outs: res.getProperties()?.toJavaScript() ?? {} };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const req = new providerPb.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    const res = await this.call<Any>("update", req);
    return res.getProperties().toJavaScript();
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    const req = new providerPb.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(props));
    await this.call("delete", req);
  }

  /** Sends a signal to the host's process group (the chaos script's SIGKILL of the host). */
  signal(signal: NodeJS.Signals): void {
    signalGroup(this.child, signal);
  }

  async close(): Promise<void> {
    this.client.close();
    await stopService(this.child, "SIGTERM");
  }
}

/** `__provider` exactly as `new Auth0AppConnection(...)` stores it: the serialized shim. */
export async function serializedProvider(): Promise<string> {
  const pulumi = await import("@pulumi/pulumi");
  const { makeShim } = require(path.join(ROOT, "dist/provider/pulumi/shim.js"));
  const shim = makeShim();
  return (await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true })).text;
}
