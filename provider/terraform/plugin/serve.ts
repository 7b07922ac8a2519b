// The plugin process: environment check, certificate, gRPC over node:http2 on a unix socket (or 127.0.0.1), the
// handshake line, and the process's end (Shutdown, SIGTERM, Terraform gone). Only what the handshake needs is loaded
// before the line is printed (node:http2, node:crypto, forge's asn1); the protocol code (generated protobuf code,
// msgpack, the RPC handlers) loads right after it, while Terraform connects.
import { mkdtempSync, rmdirSync, unlinkSync } from "node:fs";
import type * as Http2 from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { generateSelfSignedCert, handshakeCertField, pemToDer } from "./cert";
import { grpcServer, type GrpcServer, type Method } from "./grpc";
import { handshakeLine, handshakeProblem, portRange, type Transport } from "./handshake";
import { createLogger, type Logger } from "./logger";
import type { ProviderDefinition } from "./resource";
import type { Attributes } from "./schema";

export interface ServeOptions {
  /** Default: TFPLUGIN_TRANSPORT from the environment, else "unix" (what go-plugin uses on Unix). */
  transport?: "unix" | "tcp";
  /** How long SIGTERM (or Terraform going away) waits for calls in flight, which are cancelled first. Default 3 s. */
  graceMs?: number;
  /** How often the parent process is checked (Terraform gone: exit). Default 500 ms. */
  parentCheckMs?: number;
}

// Deliberately loose: resources are typed where they are defined (defineProvider erases their attribute types).
type AnyProvider = ProviderDefinition<Attributes, never> | ProviderDefinition<Attributes, unknown>;

export function serve(provider: AnyProvider, options: ServeOptions = {}): void {
  const serveCalled = process.uptime(); // not performance.now(): the `performance` global loads perf_hooks (~3 ms)
  const parent = process.ppid; // first: Terraform may be gone by the time the handshake line is written
  const problem = handshakeProblem(process.env);
  if (problem !== undefined) {
    process.stderr.write(problem);
    process.exit(1);
  }
  tuneV8();
  const log = createLogger(`provider.terraform-provider-${provider.typeName}`);
  const profileDir = process.env.TFPLUGIN_CPU_PROFILE_DIR;
  if (profileDir) (require("./profile") as typeof import("./profile")).profileToDirectory(profileDir);
  start(provider as ProviderDefinition<Attributes, unknown>, options, log, { serveCalled, parent }).catch(
    (err: unknown) => {
      log.log("error", "plugin failed to start", { error: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    },
  );
}

/** V8 settings for a process that lives for one command: set before the protocol code first runs. */
function tuneV8(): void {
  const v8 = require("node:v8") as typeof import("node:v8");
  // It allocates mostly short-lived objects (requests, values): a young generation that grows to 64 MB scavenges less
  // often (measured, the process applying 200 creates: GC 346 -> 76 ms).
  v8.setFlagsFromString("--max-semi-space-size=64");
  // It answers a few hundred calls and exits: V8 11 (Node 20) starts optimizing a function after ~66 KB of its
  // bytecode ran, and the optimizing compiles (and deoptimizations) of a short process cost more than they give back.
  // A budget 60 times larger leaves the protocol code in the baseline tiers for such a process, and still optimizes
  // what stays hot in a long one (measured, a process validating, planning and creating 200 connections, medians of
  // 6 interleaved: 719 -> 608 ms of CPU; at 1000 connections no difference). V8 12 (Node 22) tiers up by invocation
  // counts instead and has no such flag.
  if (Number(process.versions.v8.split(".")[0]) < 12) v8.setFlagsFromString("--interrupt-budget=4000000");
}

async function start(
  provider: ProviderDefinition<Attributes, unknown>,
  options: ServeOptions,
  log: Logger,
  { serveCalled, parent }: { serveCalled: number; parent: number },
) {
  const http2 = require("node:http2") as typeof Http2;
  const cert = generateSelfSignedCert("P-256");
  const clientDer = pemToDer(process.env.PLUGIN_CLIENT_CERT ?? "")!;
  const server = http2.createSecureServer({
    key: cert.keyPem,
    cert: cert.certPem,
    // Trust exactly the certificate Terraform sent in PLUGIN_CLIENT_CERT (checked on every connection below), not a
    // CA store: stricter, and an empty `ca` keeps Node 20 from building its root store (~20 ms per start).
    // The TLS handshake still proves the client holds that certificate's key (CertificateVerify).
    ca: [],
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: "TLSv1.2",
  });
  const sessions = new Set<Http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
    const peer = (session.socket as TLSSocket).getPeerCertificate();
    if (!peer?.raw || !clientDer.equals(peer.raw)) {
      log.log("warn", "refused a client without Terraform's certificate (PLUGIN_CLIENT_CERT)");
      session.destroy();
    }
  });
  server.on("sessionError", () => undefined); // a client gone mid-session; its calls are cancelled
  server.on("tlsClientError", (err: Error) => log.log("debug", "TLS handshake failed", { error: err.message }));

  const rpc = protocol(provider, log, () => shutdown("shutdown requested", 1000));
  server.on("stream", rpc.grpc.onStream);

  const transport =
    (options.transport ?? process.env.TFPLUGIN_TRANSPORT ?? "unix") === "tcp"
      ? await bindTcp(server)
      : await bindUnix(server);
  process.stdout.write(handshakeLine(transport, handshakeCertField(cert.certDer)));
  log.log("debug", "plugin started", {
    network: transport.network,
    // since the process started (Node's own boot included), and since serve() was called
    process_ms: Math.round(process.uptime() * 1000),
    serve_ms: Math.round((process.uptime() - serveCalled) * 1000),
  });
  setImmediate(rpc.preload);

  let exiting = false;
  async function shutdown(reason: string, graceMs: number): Promise<void> {
    if (exiting) return;
    exiting = true;
    log.log("debug", reason, { in_flight: rpc.grpc.inFlight() });
    rpc.grpc.stop();
    const drained = await rpc.grpc.drained(graceMs);
    if (!drained) log.log("warn", `${reason}: calls still running after ${graceMs} ms were abandoned`);
    server.close();
    // GOAWAY, then wait (briefly) until the answers already written have left: exit() would drop them.
    const closed = Promise.all([...sessions].map((s) => new Promise<void>((resolve) => s.close(resolve))));
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
    process.exit(0);
  }
  const graceMs = options.graceMs ?? 3000;
  process.on("SIGTERM", () => void shutdown("SIGTERM received", graceMs));
  // Terraform sends Ctrl-C to the whole process group and then StopProvider: the process must outlive the signal.
  process.on("SIGINT", () => log.log("debug", "interrupt received; waiting for StopProvider"));
  // Terraform gone (killed, crashed): the process is re-parented. Its stdin is not watched: go-plugin hands the plugin
  // Terraform's own stdin, which may be a terminal (reading it would take the user's "yes") or /dev/null (closed at once).
  setInterval(() => {
    if (process.ppid !== parent) void shutdown("Terraform went away (parent process changed)", graceMs);
  }, options.parentCheckMs ?? 500).unref();
}

/** The gRPC services, their protocol code loaded on first use (or by preload(), right after the handshake line). */
function protocol(provider: ProviderDefinition<Attributes, unknown>, log: Logger, shutdown: () => void) {
  let methods: Map<string, Method> | undefined;
  const load = (): Map<string, Method> => {
    if (!methods) {
      const { serviceMethods } = require("./services") as typeof import("./services");
      methods = serviceMethods(provider, log, { shutdown, cancelAll: (reason) => grpc.cancelAll(reason) });
    }
    return methods;
  };
  const grpc: GrpcServer = grpcServer({
    lookup: (path) => load().get(path),
    onError: (path, err) =>
      log.log("error", `${path.slice(1)} failed`, { error_type: err instanceof Error ? err.name : typeof err }),
  });
  return { grpc, preload: () => void load() };
}

function bindUnix(server: Http2.Http2SecureServer): Promise<Transport> {
  const dir = mkdtempSync(join(process.env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(), "plugin"));
  const path = join(dir, "plugin.sock");
  // The socket and its directory (not a recursive rm: ~3 ms at every exit, and Terraform waits for the exit).
  process.on("exit", () => {
    for (const remove of [() => unlinkSync(path), () => rmdirSync(dir)]) {
      try {
        remove();
      } catch {
        // already gone
      }
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve({ network: "unix", path });
    });
  });
}

async function bindTcp(server: Http2.Http2SecureServer): Promise<Transport> {
  const { min, max } = portRange(process.env);
  const span = max - min + 1;
  const offset = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = min + ((offset + i) % span);
    const bound = await new Promise<boolean>((resolve) => {
      const failed = () => resolve(false);
      server.once("error", failed);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", failed);
        resolve(true);
      });
    });
    if (bound) return { network: "tcp", host: "127.0.0.1", port };
  }
  throw new Error(`no free port on 127.0.0.1 in ${min}..${max}`);
}
