// Runs a Pulumi TypeScript program the way `pulumi up` does, without the Pulumi CLI: the nodejs language host starts
// `node <@pulumi/pulumi>/cmd/run --monitor … --engine … . ` with PULUMI_NODEJS_TYPESCRIPT=true, and cmd/run registers
// ts-node (the project's, or the one @pulumi/pulumi vendors) with the project's tsconfig.json, type-checking the
// program, before it requires it. Here a small gRPC server stands in for the engine and the resource monitor: it
// answers every call with an empty reply of the right type (the program under test declares no resources).
import { createRequire } from "node:module";
import path from "node:path";
import { run } from "./helpers";

// The generated stubs do `instanceof` checks: use the grpc-js and google-protobuf that @pulumi/pulumi resolves.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const grpc: Any = pulumiRequire("@grpc/grpc-js");
const { ResourceMonitorService }: Any = pulumiRequire("./proto/resource_grpc_pb");
const { EngineService }: Any = pulumiRequire("./proto/engine_grpc_pb");

interface MethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  responseType: new () => Any;
}

export interface ProgramRun {
  status: number | null;
  out: string;
  /** gRPC methods the program called, with the resource type for RegisterResource. */
  calls: string[];
  /** What the program and Pulumi's runtime logged through the engine (compile errors arrive here). */
  engineLog: string;
}

function emptyReplies(service: Record<string, MethodDefinition>, calls: string[], special: Record<string, Any> = {}) {
  return Object.fromEntries(
    Object.entries(service).map(([name, def]) => [
      name,
      special[name] ??
        ((call: Any, reply?: (err: null, res: Any) => void) => {
          calls.push(def.path);
          if (def.requestStream || def.responseStream) call.end?.();
          else reply?.(null, new def.responseType());
        }),
    ]),
  );
}

/**
 * Runs the program in `projectDir` (its package.json `main` or index.ts) through the project's @pulumi/pulumi, in
 * preview mode, with `config` as stack config (`<project>:<key>` → value, as the language host passes it).
 */
export async function runPulumiProgram(
  projectDir: string,
  opts: { config?: Record<string, string>; timeout?: number } = {},
): Promise<ProgramRun> {
  const calls: string[] = [];
  const server = new grpc.Server();
  server.addService(
    ResourceMonitorService,
    emptyReplies(ResourceMonitorService, calls, {
      registerResource: (call: Any, reply: (err: null, res: Any) => void) => {
        const type = call.request.getType();
        calls.push(`RegisterResource ${type}`);
        const res = new ResourceMonitorService.registerResource.responseType();
        res.setUrn(`urn:pulumi:dev::consumer::${type}::${call.request.getName()}`);
        reply(null, res);
      },
    }),
  );
  let engineLog = "";
  server.addService(
    EngineService,
    emptyReplies(EngineService, calls, {
      log: (call: Any, reply: (err: null, res: Any) => void) => {
        engineLog += `${call.request.getMessage()}\n`;
        reply(null, new EngineService.log.responseType());
      },
    }),
  );
  const port: number = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const program = createRequire(path.join(projectDir, "package.json")).resolve("@pulumi/pulumi/cmd/run");
  const address = `127.0.0.1:${port}`;
  try {
    const args = ["--monitor", address, "--engine", address, "--project", "consumer", "--stack", "dev"];
    const r = await run(process.execPath, [program, ...args, "--pwd", projectDir, "--dry-run", "."], {
      cwd: projectDir,
      env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_CONFIG: JSON.stringify(opts.config ?? {}) },
      timeout: opts.timeout ?? 120_000,
    });
    return { status: r.status, out: r.out, calls, engineLog };
  } finally {
    server.forceShutdown();
  }
}
