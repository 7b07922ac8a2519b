// Shared by the plugin tests: build the example provider with the launcher build, start it as Terraform would,
// and talk to it over gRPC with mutual TLS.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { buildLauncher, type LauncherFiles } from "../../provider/terraform/plugin/build";
import { type GeneratedCert, generateSelfSignedCert, toPem } from "../../provider/terraform/plugin/cert";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../provider/terraform/plugin/handshake";
import { loadSync, type PackageDefinition } from "@grpc/proto-loader";

const PROTO_DIR = join(__dirname, "..", "..", "provider", "terraform", "plugin", "proto");
let packageDefinition: PackageDefinition | undefined;

/** The plugin's .proto files through @grpc/proto-loader: an implementation independent of the plugin's own code. */
export function loadPackageDefinition(): PackageDefinition {
  packageDefinition ??= loadSync(
    readdirSync(PROTO_DIR).filter((f) => f.endsWith(".proto")),
    { includeDirs: [PROTO_DIR], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true },
  );
  return packageDefinition;
}

export async function buildExample(): Promise<LauncherFiles & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tfplugin-example-"));
  const files = await buildLauncher({
    entry: join(__dirname, "example", "main.ts"),
    typeName: "tfpluginexample",
    outDir: dir,
  });
  return { ...files, dir };
}

export interface RunningPlugin {
  child: ChildProcessWithoutNullStreams;
  line: string;
  fields: string[];
  address: string;
  serverCertPem: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the plugin with Terraform's environment; `client` is the certificate Terraform would generate. */
export function startPlugin(
  executable: string,
  client: GeneratedCert,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RunningPlugin> {
  const child = spawn(executable, [], {
    env: {
      ...process.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: "5,6",
      PLUGIN_CLIENT_CERT: client.certPem,
      ...extraEnv,
    },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`no handshake line; stderr: ${stderr}`)), 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      const line = stdout.slice(0, newline);
      const fields = line.split("|");
      const [, , network, address, , cert] = fields;
      resolve({
        child,
        line,
        fields,
        address: network === "unix" ? `unix://${address}` : address!,
        serverCertPem: toPem(Buffer.from(cert ?? "", "base64")),
        stderr: () => stderr,
        exited,
      });
    });
    child.on("exit", (code) => reject(new Error(`plugin exited ${code} before the handshake; stderr: ${stderr}`)));
  });
}

type Unary = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, response: Record<string, unknown>) => void,
) => void;

export interface PluginClients {
  call(service: string, method: string, request: object): Promise<Record<string, unknown>>;
  /** A call by path with raw bytes, for methods the descriptor does not hold. */
  raw(path: string): Promise<Buffer>;
  close(): void;
}

/** `client` null connects without a client certificate. */
export function connect(plugin: RunningPlugin, client: GeneratedCert | null): PluginClients {
  const definition = grpc.loadPackageDefinition(loadPackageDefinition());
  const credentials = client
    ? grpc.credentials.createSsl(
        Buffer.from(plugin.serverCertPem),
        Buffer.from(client.keyPem),
        Buffer.from(client.certPem),
      )
    : grpc.credentials.createSsl(Buffer.from(plugin.serverCertPem));
  const options = {
    "grpc.ssl_target_name_override": "localhost",
    "grpc.default_authority": "localhost",
    "grpc.max_receive_message_length": -1, // as go-plugin configures Terraform's client
  };
  const made: grpc.Client[] = [];
  const clientFor = (service: string): Record<string, Unary> => {
    let node: unknown = definition;
    for (const part of service.split(".")) node = (node as Record<string, unknown>)[part];
    const Ctor = node as grpc.ServiceClientConstructor;
    const instance = new Ctor(plugin.address, credentials, options);
    made.push(instance);
    return instance as unknown as Record<string, Unary>;
  };
  const cache = new Map<string, Record<string, Unary>>();
  return {
    call(service, method, request) {
      if (!cache.has(service)) cache.set(service, clientFor(service));
      const stub = cache.get(service)!;
      return new Promise((resolve, reject) =>
        stub[method]!.call(stub, request, new grpc.Metadata(), { deadline: Date.now() + 15_000 }, (err, response) =>
          err ? reject(err) : resolve(response),
        ),
      );
    },
    raw(path) {
      const client = new grpc.Client(plugin.address, credentials, options);
      made.push(client);
      return new Promise((resolve, reject) =>
        client.makeUnaryRequest(
          path,
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.alloc(0),
          new grpc.Metadata(),
          { deadline: Date.now() + 15_000 },
          (err, value) => (err ? reject(err) : resolve(value!)),
        ),
      );
    },
    close: () => made.forEach((c) => c.close()),
  };
}

export { generateSelfSignedCert };
