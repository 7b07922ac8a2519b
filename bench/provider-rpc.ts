// The provider's own CPU per RPC: the built executable started as Terraform starts it, driven over mutual TLS with
// the messages Terraform sends when it creates connections (captured from terraform 1.11: ValidateResourceConfig,
// PlanResourceChange with a null prior state and the configuration as the proposal, then ApplyResourceChange with
// the planned state the provider answered), `parallelism` calls at a time as Terraform's walk makes them. The
// provider's CPU (all its threads) is read from /proc around each phase, so the figure is the provider's alone: the
// client here (node:http2) and the emulator run in this process.
// Usage: [RUNS=n] [PARALLELISM=p] npx tsx bench/provider-rpc.ts [count] [executable ...]
//   (starts its own emulator; `npm run build` first; several executables are measured interleaved, RUNS times each)
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import * as http2 from "node:http2";
import { join } from "node:path";
import * as tls from "node:tls";
import { startEmulator } from "../emulator/index";
import type { RunningEmulator } from "../emulator/types";
import { DIST_DIR } from "../provider/terraform/build-provider";
import { generateSelfSignedCert, toPem } from "../provider/terraform/plugin/cert";
import { encodeDynamicValue } from "../provider/terraform/plugin/codec";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../provider/terraform/plugin/handshake";
import { tfplugin6 } from "../provider/terraform/plugin/proto/tfplugin";
import { schemaType } from "../provider/terraform/plugin/schema";
import type { TfValue } from "../provider/terraform/plugin/types";
import { RESOURCE_TYPE, connectionSchema, providerSchema } from "../provider/terraform/schema";
import { emulatorEnv } from "../test/terraform/harness";
import { benchEnv } from "../test/terraform-plugin/startup-bench";

interface Codec<Req, Res> {
  Request: { encode(message: Req): { finish(): Uint8Array } };
  Response: { decode(bytes: Uint8Array): Res };
}
type Diagnosed = {
  diagnostics?: { severity?: number | null; summary?: string | null; detail?: string | null }[] | null;
};

/**
 * ns of CPU the process has used, all its threads (V8's compiler and GC threads too), from Linux's
 * /proc/<pid>/task/<tid>/schedstat: unlike wall time it does not grow with the machine's other load.
 */
function cpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended since the listing (its time is then lost: V8's threads live as long as the process)
    }
  }
  return total;
}

/** One provider process and an HTTP/2 session to it (kept open, as Terraform keeps its connection). */
export class ProviderUnderTest {
  private constructor(
    readonly child: ChildProcess,
    private readonly session: http2.ClientHttp2Session,
  ) {}

  static async start(executable: string, env: NodeJS.ProcessEnv): Promise<ProviderUnderTest> {
    const client = generateSelfSignedCert("P-256");
    const child = spawn(executable, [], {
      env: benchEnv({
        ...env,
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: "5,6",
        PLUGIN_CLIENT_CERT: client.certPem,
      }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.on("exit", (code) => reject(new Error(`provider exited ${code} before its handshake line`)));
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
      });
    });
    const [, , network, address, , certField] = line.split("|");
    const [host, port] = address!.split(":");
    const socket = network === "unix" ? { path: address! } : { host: host!, port: Number(port) };
    const session = http2.connect("https://localhost", {
      createConnection: () =>
        tls.connect({
          ...socket,
          servername: "localhost",
          ca: toPem(Buffer.from(certField ?? "", "base64")),
          cert: client.certPem,
          key: client.keyPem,
          ALPNProtocols: ["h2"],
        }),
    });
    session.on("error", () => undefined);
    return new ProviderUnderTest(child, session);
  }

  cpuNs(): number {
    return cpuNs(this.child.pid!);
  }

  /** A unary call as grpc-go makes it; rejects on a non-OK status or an error diagnostic. */
  call<Req, Res extends Diagnosed>(rpc: string, codec: Codec<Req, Res>, request: Req): Promise<Res> {
    const body = codec.Request.encode(request).finish();
    const framed = Buffer.alloc(5 + body.length);
    framed.writeUInt32BE(body.length, 1);
    framed.set(body, 5);
    return new Promise((resolve, reject) => {
      const stream = this.session.request({
        ":method": "POST",
        ":path": `/tfplugin6.Provider/${rpc}`,
        "content-type": "application/grpc",
        "user-agent": "grpc-go/1.59.0",
        te: "trailers",
        "grpc-accept-encoding": "gzip",
      });
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", reject);
      stream.on("trailers", (trailers) => {
        if (trailers["grpc-status"] !== "0") {
          reject(
            new Error(`${rpc}: grpc-status ${String(trailers["grpc-status"])} ${String(trailers["grpc-message"])}`),
          );
          return;
        }
        const response = codec.Response.decode(Buffer.concat(chunks).subarray(5));
        const failed = (response.diagnostics ?? []).find((d) => d.severity === 1);
        if (failed) reject(new Error(`${rpc}: ${failed.summary}: ${failed.detail}`));
        else resolve(response);
      });
      stream.end(framed);
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.session.close();
    this.child.kill("SIGTERM");
    await exited;
  }
}

/** Runs `count` jobs, `parallelism` at a time (Terraform's walk); returns the provider's CPU ns they took. */
export async function cpuOf(
  provider: ProviderUnderTest,
  count: number,
  parallelism: number,
  job: (i: number) => Promise<void>,
) {
  const before = provider.cpuNs();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await job(i);
  };
  await Promise.all(Array.from({ length: parallelism }, worker));
  return provider.cpuNs() - before;
}

export interface RpcCpuFigures {
  count: number;
  parallelism: number;
  /** µs of provider CPU per call, each phase after one warm-up create. GetMetadata: the protocol layer alone. */
  metadataUs: number;
  validateUs: number;
  planUs: number;
  applyUs: number;
  /** ms of CPU of the warm-up create (loads the HTTP client, logs in): paid once per apply process. */
  firstCreateMs: number;
  /** ms of CPU of the whole process, start-up and every phase included. */
  processMs: number;
}

/** The figures for one provider process creating `count` connections in `emu` (which keeps them). */
export async function measureRpcCpu(
  emu: RunningEmulator,
  { count = 200, parallelism = 10, executable = join(DIST_DIR, "terraform-provider-infisicalauth0") } = {},
): Promise<RpcCpuFigures> {
  const type = schemaType(connectionSchema);
  const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
  const dv = (value: TfValue) => encodeDynamicValue(type, value);
  const capabilities = { deferral_allowed: true, write_only_attributes_allowed: true };
  const config = (name: string) => ({
    ...Object.fromEntries(Object.keys(connectionSchema.attributes).map((k) => [k, null])),
    name,
    credentials: {
      domain,
      client_id: clientId,
      audience,
      client_secret: clientSecret,
      client_secret_wo: null,
      client_secret_wo_version: null,
    },
  });
  const prefix = `rpc-${process.pid}-${Date.now() % 1e6}`;
  const provider = await ProviderUnderTest.start(executable, emulatorEnv(emu));
  try {
    const providerConfig = encodeDynamicValue(schemaType(providerSchema), { host: null, auth: null });
    await provider.call("ValidateProviderConfig", tfplugin6.ValidateProviderConfig, { config: providerConfig });
    await provider.call("ConfigureProvider", tfplugin6.ConfigureProvider, {
      terraform_version: "1.11.4",
      config: providerConfig,
      client_capabilities: capabilities,
    });
    const validate = (name: string) =>
      provider.call("ValidateResourceConfig", tfplugin6.ValidateResourceConfig, {
        type_name: RESOURCE_TYPE,
        config: dv(config(name)),
        client_capabilities: capabilities,
      });
    const plan = async (name: string) => {
      const c = dv(config(name));
      const r = await provider.call("PlanResourceChange", tfplugin6.PlanResourceChange, {
        type_name: RESOURCE_TYPE,
        prior_state: dv(null),
        proposed_new_state: c,
        config: c,
        client_capabilities: capabilities,
      });
      return { planned: r.planned_state!, plannedPrivate: r.planned_private ?? new Uint8Array(0) };
    };
    const apply = (name: string, planned: Awaited<ReturnType<typeof plan>>) =>
      provider.call("ApplyResourceChange", tfplugin6.ApplyResourceChange, {
        type_name: RESOURCE_TYPE,
        prior_state: dv(null),
        planned_state: planned.planned,
        config: dv(config(name)),
        planned_private: planned.plannedPrivate,
      });

    const warm = provider.cpuNs();
    await validate(`${prefix}-warm`);
    await apply(`${prefix}-warm`, await plan(`${prefix}-warm`));
    const firstCreateMs = (provider.cpuNs() - warm) / 1e6;

    const metadataNs = await cpuOf(provider, count, parallelism, async () => {
      await provider.call("GetMetadata", tfplugin6.GetMetadata, {});
    });
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    const validateNs = await cpuOf(provider, count, parallelism, async (i) => void (await validate(names[i]!)));
    const plans: Awaited<ReturnType<typeof plan>>[] = [];
    const planNs = await cpuOf(provider, count, parallelism, async (i) => void (plans[i] = await plan(names[i]!)));
    const applyNs = await cpuOf(provider, count, parallelism, async (i) => void (await apply(names[i]!, plans[i]!)));
    const us = (ns: number) => Math.round(ns / count / 1e3);
    return {
      processMs: Math.round(provider.cpuNs() / 1e6),
      count,
      parallelism,
      metadataUs: us(metadataNs),
      validateUs: us(validateNs),
      planUs: us(planNs),
      applyUs: us(applyNs),
      firstCreateMs: Math.round(firstCreateMs),
    };
  } finally {
    await provider.stop();
  }
}

if (require.main === module) {
  void (async () => {
    delete process.env.NODE_EXTRA_CA_CERTS;
    const [count, ...executables] = process.argv.slice(2);
    const emu = await startEmulator({ rateLimit: false });
    try {
      for (let i = 0; i < Number(process.env.RUNS ?? 1); i++) {
        for (const executable of executables.length > 0 ? executables : [undefined]) {
          const parallelism = Number(process.env.PARALLELISM ?? 10);
          const figures = await measureRpcCpu(emu, {
            count: Number(count ?? 200),
            parallelism,
            ...(executable && { executable }),
          });
          console.log(JSON.stringify({ executable, ...figures }));
        }
      }
    } finally {
      await emu.close();
    }
  })();
}
