// The plugin process: environment check, certificate, gRPC server on a unix socket (or 127.0.0.1), handshake line.
// Only what the handshake needs is loaded before the line is printed; the protocol code loads on the first call.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Grpc from "@grpc/grpc-js";
import { generateSelfSignedCert, handshakeCertField } from "./cert";
import { handshakeLine, handshakeProblem, portRange, type Transport } from "./handshake";
import { createLogger, type Logger } from "./logger";
import type { ProviderHandlers } from "./provider-handlers";
import type { ProviderDefinition } from "./resource";
import type { Attributes } from "./schema";
import { lazyService, SERVICE_METHODS } from "./services";

export interface ServeOptions {
  /** Default: TFPLUGIN_TRANSPORT from the environment, else "unix" (what go-plugin uses on Unix). */
  transport?: "unix" | "tcp";
}

// Deliberately loose: resources are typed where they are defined (defineProvider erases their attribute types).
type AnyProvider = ProviderDefinition<Attributes, never> | ProviderDefinition<Attributes, unknown>;

export function serve(provider: AnyProvider, options: ServeOptions = {}): void {
  const problem = handshakeProblem(process.env);
  if (problem !== undefined) {
    process.stderr.write(problem);
    process.exit(1);
  }
  const log = createLogger(`provider.terraform-provider-${provider.typeName}`);
  start(provider as ProviderDefinition<Attributes, unknown>, options, log).catch((err: unknown) => {
    log.log("error", "plugin failed to start", { error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  });
}

async function start(provider: ProviderDefinition<Attributes, unknown>, options: ServeOptions, log: Logger) {
  const started = performance.now();
  const grpc = require("@grpc/grpc-js") as typeof Grpc;
  const tls = require("node:tls") as typeof import("node:tls");
  if (tls.DEFAULT_MIN_VERSION < "TLSv1.2") tls.DEFAULT_MIN_VERSION = "TLSv1.2";
  const cert = generateSelfSignedCert("P-256");
  const credentials = grpc.ServerCredentials.createSsl(
    // The only CA the server trusts is Terraform's own client certificate, and a client certificate is required.
    Buffer.from(process.env.PLUGIN_CLIENT_CERT ?? ""),
    [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
    true,
  );
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 256 << 20,
    "grpc.max_send_message_length": 256 << 20,
  });
  const open = new Set<Grpc.ServerWritableStream<unknown, unknown> | Grpc.ServerDuplexStream<unknown, unknown>>();
  addServices(grpc, server, provider, log, open);

  const transport =
    (options.transport ?? process.env.TFPLUGIN_TRANSPORT ?? "unix") === "tcp"
      ? await bindTcp(server, credentials)
      : await bindUnix(server, credentials);
  process.stdout.write(handshakeLine(transport, handshakeCertField(cert.certDer)));
  log.log("debug", "plugin started", {
    network: transport.network,
    startup_ms: Math.round(performance.now() - started),
  });
  // Terraform sends Ctrl-C to the whole process group and then StopProvider: the process must outlive the signal.
  process.on("SIGINT", () => log.log("debug", "interrupt received; waiting for StopProvider"));
}

function bindUnix(server: Grpc.Server, credentials: Grpc.ServerCredentials): Promise<Transport> {
  const dir = mkdtempSync(join(process.env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(), "plugin"));
  const path = join(dir, "plugin.sock");
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  process.on("SIGTERM", () => process.exit(0)); // so the socket directory is removed

  return new Promise((resolve, reject) =>
    server.bindAsync(`unix://${path}`, credentials, (err) => (err ? reject(err) : resolve({ network: "unix", path }))),
  );
}

async function bindTcp(server: Grpc.Server, credentials: Grpc.ServerCredentials): Promise<Transport> {
  const { min, max } = portRange(process.env);
  const span = max - min + 1;
  const offset = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = min + ((offset + i) % span);
    const bound = await new Promise<boolean>((resolve) =>
      server.bindAsync(`127.0.0.1:${port}`, credentials, (err) => resolve(!err)),
    );
    if (bound) return { network: "tcp", host: "127.0.0.1", port };
  }
  throw new Error(`no free port on 127.0.0.1 in ${min}..${max}`);
}

function addServices(
  grpc: typeof Grpc,
  server: Grpc.Server,
  provider: ProviderDefinition<Attributes, unknown>,
  log: Logger,
  open: Set<Grpc.ServerWritableStream<unknown, unknown> | Grpc.ServerDuplexStream<unknown, unknown>>,
): void {
  let handlers: ProviderHandlers | undefined;
  const providerHandlers = (): ProviderHandlers => {
    if (!handlers) {
      const { createProviderHandlers } = require("./provider-handlers") as typeof import("./provider-handlers");
      handlers = createProviderHandlers(provider, log);
    }
    return handlers;
  };
  const unary: Record<string, Grpc.UntypedHandleCall> = {};
  for (const method of Object.keys(SERVICE_METHODS["tfplugin6.Provider"]!)) {
    unary[method] = (
      call: Grpc.ServerUnaryCall<Record<string, unknown>, unknown>,
      callback: Grpc.sendUnaryData<unknown>,
    ) => {
      const t0 = performance.now();
      const typeName = typeof call.request.type_name === "string" ? call.request.type_name : "";
      log.log("trace", `Received request tfplugin6.Provider/${method}`, { tf_rpc: method, tf_resource_type: typeName });
      providerHandlers()[method]!(call.request)
        .then((response) => {
          const diagnostics = Array.isArray(response.diagnostics) ? response.diagnostics.length : 0;
          log.log("debug", `Served tfplugin6.Provider/${method}`, {
            tf_rpc: method,
            tf_resource_type: typeName,
            duration_ms: Math.round((performance.now() - t0) * 10) / 10,
            diagnostics,
          });
          callback(null, response);
        })
        .catch((err: unknown) => {
          // Handlers turn resource errors into diagnostics; reaching here is a bug in this layer.
          log.log("error", `tfplugin6.Provider/${method} failed`, { tf_rpc: method });
          callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) });
        });
    };
  }
  server.addService(lazyService("tfplugin6.Provider"), unary);

  server.addService(lazyService("plugin.GRPCController"), {
    Shutdown: (_call: Grpc.ServerUnaryCall<unknown, unknown>, callback: Grpc.sendUnaryData<unknown>) => {
      log.log("debug", "shutdown requested");
      callback(null, {});
      for (const stream of open) stream.end();
      const exit = () => process.exit(0);
      setTimeout(exit, 1000).unref();
      setImmediate(() => server.tryShutdown(exit));
    },
  });
  server.addService(lazyService("plugin.GRPCStdio"), {
    // Output goes straight to stderr, which go-plugin already reads: the stream stays open and empty.
    StreamStdio: (call: Grpc.ServerWritableStream<unknown, unknown>) => {
      open.add(call);
      call.on("cancelled", () => open.delete(call));
    },
  });
  server.addService(lazyService("plugin.GRPCBroker"), {
    // No sub-plugins are brokered; accept the stream so go-plugin's broker does not log errors.
    StartStream: (call: Grpc.ServerDuplexStream<unknown, unknown>) => {
      open.add(call);
      call.on("data", () => undefined);
      call.on("end", () => {
        open.delete(call);
        call.end();
      });
      call.on("cancelled", () => open.delete(call));
    },
  });
  server.addService(lazyService("grpc.health.v1.Health"), {
    Check: (call: Grpc.ServerUnaryCall<{ service?: string }, unknown>, callback: Grpc.sendUnaryData<unknown>) => {
      const service = call.request.service ?? "";
      if (service === "" || service === "plugin") callback(null, { status: "SERVING" });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
    },
  });
}
