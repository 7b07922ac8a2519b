// Measures a launcher-built provider's start-up against `node -e ''` (medians of interleaved runs): start -> the
// handshake line, and start -> the first RPC answered (GetProviderSchema over mutual TLS, as Terraform's first call).
// Usage: npx tsx test/terraform-plugin/startup-bench.ts <executable> [runs]
// NODE_EXTRA_CA_CERTS is removed from every measured process: Node 20 spends 55-70 ms on it at every start, which
// would flatter the ratios (it is set on some machines).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as http2 from "node:http2";
import * as tls from "node:tls";
import { generateSelfSignedCert, toPem } from "../../provider/terraform/plugin/cert";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../provider/terraform/plugin/handshake";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const since = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** The environment of a measured process: the caller's, without NODE_EXTRA_CA_CERTS. */
export function benchEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/**
 * CPU time a process has used so far, in ms, from Linux's /proc/<pid>/schedstat (nanoseconds on a CPU): unlike wall
 * time it does not grow when other work on the machine delays the process. undefined where there is no /proc.
 */
const HAS_SCHEDSTAT = existsSync("/proc/self/schedstat");
function cpuMs(pid: number | "self"): number | undefined {
  if (!HAS_SCHEDSTAT) return undefined;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** `node -e ''`: wall time to exit, and (on Linux) the CPU it used, read by itself as its last act. */
function nodeStart(): Promise<{ wallMs: number; cpuMs?: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const script = HAS_SCHEDSTAT
      ? 'process.stdout.write(require("fs").readFileSync("/proc/self/schedstat","utf8"))'
      : "";
    const child = spawn(process.execPath, ["-e", script], { env: benchEnv(), stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", () => resolve({ wallMs: since(t0), cpuMs: out ? Number(out.split(" ")[0]) / 1e6 : undefined }));
    child.on("error", reject);
  });
}

/**
 * One unary gRPC call with an empty request over the plugin's socket, as a bare HTTP/2 client (the lightest client,
 * so the figure is the provider's): resolves when the trailers say grpc-status 0.
 */
function callEmpty(
  fields: string[],
  client: { certPem: string; keyPem: string },
  path: string,
  timeoutMs = 20_000,
): Promise<void> {
  const [, , network, address, , certField] = fields;
  const ca = toPem(Buffer.from(certField ?? "", "base64"));
  return new Promise((resolve, reject) => {
    const socketOptions =
      network === "unix" ? { path: address! } : { host: address!.split(":")[0], port: Number(address!.split(":")[1]) };
    const session = http2.connect("https://localhost", {
      createConnection: () =>
        tls.connect({
          ...socketOptions,
          servername: "localhost",
          ca,
          cert: client.certPem,
          key: client.keyPem,
          ALPNProtocols: ["h2"],
        }),
    });
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`${path}: no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      session.close();
      if (err) reject(err);
      else resolve();
    };
    session.on("error", finish);
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", finish);
    stream.on("data", () => undefined);
    stream.on("trailers", (trailers) =>
      trailers["grpc-status"] === "0"
        ? finish()
        : finish(new Error(`${path}: grpc-status ${String(trailers["grpc-status"])}`)),
    );
    stream.end(Buffer.alloc(5)); // an empty message: not compressed, length 0
  });
}

/** Starts the provider as Terraform would; times the handshake line and the first RPC answered. */
interface ProviderStart {
  handshakeMs: number;
  firstRpcMs: number;
  handshakeCpuMs?: number;
  firstRpcCpuMs?: number;
}

function providerStart(executable: string, env: NodeJS.ProcessEnv, client: { certPem: string; keyPem: string }) {
  return new Promise<ProviderStart>((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(executable, [], { env, stdio: ["pipe", "pipe", "ignore"] });
    let stdout = "";
    let result: ProviderStart | undefined;
    let failure: Error | undefined;
    child.on("error", reject);
    child.on("exit", () => (result ? resolve(result) : reject(failure ?? new Error("provider exited early"))));
    child.stdout.on("data", (chunk: Buffer) => {
      if (stdout.includes("\n")) return;
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const handshakeMs = since(t0);
      const handshakeCpuMs = cpuMs(child.pid!);
      callEmpty(stdout.slice(0, newline).split("|"), client, "/tfplugin6.Provider/GetProviderSchema").then(
        () => {
          result = { handshakeMs, firstRpcMs: since(t0), handshakeCpuMs, firstRpcCpuMs: cpuMs(child.pid!) };
          child.kill("SIGKILL");
        },
        (err: Error) => {
          failure = err;
          child.kill("SIGKILL");
        },
      );
    });
  });
}

export interface StartupFigures {
  nodeMs: number;
  handshakeMs: number;
  firstRpcMs: number;
  handshakeRatio: number;
  firstRpcRatio: number;
  /** The same as CPU time (Linux only): what the process itself spent, whatever else the machine was doing. */
  cpu?: { nodeMs: number; handshakeMs: number; firstRpcMs: number; handshakeRatio: number; firstRpcRatio: number };
}

export async function measureStartup(executable: string, runs = 10): Promise<StartupFigures> {
  readFileSync(executable);
  const client = generateSelfSignedCert("P-521");
  const env = benchEnv({
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "5,6",
    PLUGIN_CLIENT_CERT: client.certPem,
  });
  await providerStart(executable, env, client); // warms the page cache and this process's TLS client
  const node: number[] = [];
  const handshake: number[] = [];
  const firstRpc: number[] = [];
  const cpu = { node: [] as number[], handshake: [] as number[], firstRpc: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const n = await nodeStart();
    node.push(n.wallMs);
    const r = await providerStart(executable, env, client);
    handshake.push(r.handshakeMs);
    firstRpc.push(r.firstRpcMs);
    if (n.cpuMs !== undefined && r.handshakeCpuMs !== undefined && r.firstRpcCpuMs !== undefined) {
      cpu.node.push(n.cpuMs);
      cpu.handshake.push(r.handshakeCpuMs);
      cpu.firstRpc.push(r.firstRpcCpuMs);
    }
  }
  const nodeMs = median(node);
  const nodeCpu = cpu.node.length > 0 ? median(cpu.node) : 0;
  return {
    nodeMs,
    handshakeMs: median(handshake),
    firstRpcMs: median(firstRpc),
    handshakeRatio: median(handshake) / nodeMs,
    firstRpcRatio: median(firstRpc) / nodeMs,
    ...(nodeCpu > 0 && {
      cpu: {
        nodeMs: nodeCpu,
        handshakeMs: median(cpu.handshake),
        firstRpcMs: median(cpu.firstRpc),
        handshakeRatio: median(cpu.handshake) / nodeCpu,
        firstRpcRatio: median(cpu.firstRpc) / nodeCpu,
      },
    }),
  };
}

if (require.main === module) {
  const [executable, runs] = process.argv.slice(2);
  if (!executable) throw new Error("usage: startup-bench.ts <executable> [runs]");
  measureStartup(executable, Number(runs ?? 10)).then((r) => console.log(JSON.stringify(r)));
}
