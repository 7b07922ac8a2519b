/**
 * Runs a policy pack the way the Pulumi CLI does and talks to it over gRPC: `node run-policy-pack <engine> <packDir>`
 * with the pack as cwd, port on the first stdout line, then the Analyzer service. The gRPC and protobuf modules are
 * the ones @pulumi/pulumi resolves, because its generated stubs check `instanceof` against them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: Record<string, unknown>): { toJavaScript(): Record<string, unknown> } };
};
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Message = any;
const pb = require("@pulumi/pulumi/proto/analyzer_pb") as Record<string, Message>;
const rpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as { AnalyzerClient: new (...a: unknown[]) => Message };

export { PULUMI_UNKNOWN as UNKNOWN_STRING } from "../../provider/pulumi/unknown";
/** How the engine marshals a secret value. */
export const secretValue = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: Level[] = ["advisory", "mandatory", "disabled", "remediate"]; // proto enum order

export interface Diagnostic {
  policyName: string;
  message: string;
  enforcementLevel: Level;
  urn: string;
}
export interface PolicyInfo {
  name: string;
  description: string;
  enforcementLevel: Level;
  type: "resource" | "stack";
  configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
}
export interface PolicyConfig {
  enforcementLevel: Level;
  properties?: Record<string, unknown>;
}
export interface Resource {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

const urnOf = (r: Resource) => `urn:pulumi:dev::billing::${r.type}::${r.name}`;

export class PolicyPackHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: Message,
    readonly stderr: () => string,
  ) {}

  static async start(packDir: string, env: Record<string, string> = {}): Promise<PolicyPackHost> {
    const child = spawn(
      process.execPath,
      [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", path.resolve(packDir)],
      { cwd: packDir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      const onData = (chunk: Buffer) => {
        stdout += chunk.toString();
        const newline = stdout.indexOf("\n");
        if (newline >= 0) {
          child.stdout?.off("data", onData);
          resolve(Number(stdout.slice(0, newline).trim()));
        }
      };
      child.stdout?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`policy pack exited with ${code} before serving: ${stderr}`)));
    });
    const client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new PolicyPackHost(child, client, () => stderr);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
      this.client[method](request, (error: Error | null, reply: T) => (error ? reject(error) : resolve(reply))),
    );
  }

  async getAnalyzerInfo(): Promise<{ name: string; version: string; policies: PolicyInfo[] }> {
    const info = await this.call<Message>("getAnalyzerInfo", new Empty());
    return {
      name: info.getName(),
      version: info.getVersion(),
      policies: info.getPoliciesList().map((p: Message) => {
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: LEVELS[p.getEnforcementlevel()]!,
          type: p.getPolicyType() === pb.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
          ...(schema
            ? {
                configSchema: {
                  properties: schema.getProperties()?.toJavaScript() ?? {},
                  required: schema.getRequiredList(),
                },
              }
            : {}),
        };
      }),
    };
  }

  async configure(config: Record<string, PolicyConfig>): Promise<void> {
    const request = new pb.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, c] of Object.entries(config)) {
      const pc = new pb.PolicyConfig();
      pc.setEnforcementlevel(LEVELS.indexOf(c.enforcementLevel));
      pc.setProperties(Struct.fromJavaScript(c.properties ?? {}));
      map.set(name, pc);
    }
    await this.call("configure", request);
  }

  private static fill(message: Message, r: Resource): Message {
    message.setType(r.type);
    message.setName(r.name);
    message.setUrn(urnOf(r));
    message.setProperties(Struct.fromJavaScript(r.props));
    message.setOptions(new pb.AnalyzerResourceOptions());
    return message;
  }

  private static diagnostics(reply: Message): Diagnostic[] {
    return reply.getDiagnosticsList().map((d: Message) => ({
      policyName: d.getPolicyname(),
      message: d.getMessage(),
      enforcementLevel: LEVELS[d.getEnforcementlevel()]!,
      urn: d.getUrn(),
    }));
  }

  async analyze(r: Resource): Promise<Diagnostic[]> {
    return PolicyPackHost.diagnostics(await this.call("analyze", PolicyPackHost.fill(new pb.AnalyzeRequest(), r)));
  }

  async analyzeStack(resources: Resource[]): Promise<Diagnostic[]> {
    const request = new pb.AnalyzeStackRequest();
    request.setResourcesList(resources.map((r) => PolicyPackHost.fill(new pb.AnalyzerResource(), r)));
    return PolicyPackHost.diagnostics(await this.call("analyzeStack", request));
  }

  /** The remediated properties per policy, as the engine receives them. */
  async remediate(r: Resource): Promise<{ policyName: string; properties: Record<string, unknown> }[]> {
    const reply = await this.call<Message>("remediate", PolicyPackHost.fill(new pb.AnalyzeRequest(), r));
    return reply.getRemediationsList().map((m: Message) => ({
      policyName: m.getPolicyname(),
      properties: m.getProperties()?.toJavaScript() ?? {},
    }));
  }
}

export { urnOf };
