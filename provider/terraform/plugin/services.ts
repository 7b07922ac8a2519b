// The gRPC methods the plugin serves, by path, with the generated protobuf code (proto/tfplugin.js, from
// gen-proto.ts) that decodes their requests and encodes their answers. Loaded after the handshake line.
import { type Cancellation, GrpcError, type Method, Status, type UnaryMethod } from "./grpc";
import type { Logger } from "./logger";
import { grpc, plugin, tfplugin6 } from "./proto/tfplugin";
import type { ProviderDefinition } from "./resource";
import { createProviderHandlers } from "./rpc";
import type { Attributes } from "./schema";

interface MessageCodec {
  decode(bytes: Uint8Array): unknown;
  encode(message: never): { finish(): Uint8Array };
}

function unary(
  request: MessageCodec,
  response: MessageCodec,
  handle: (request: never, call: Cancellation) => Promise<unknown>,
): UnaryMethod {
  return {
    kind: "unary",
    decode: (bytes) => request.decode(bytes),
    encode: (value) => response.encode(value as never).finish(),
    handle: (value, call) => handle(value as never, call),
  };
}

/** The tfplugin6.Provider RPCs this layer serves (every other one answers UNIMPLEMENTED). */
export const PROVIDER_RPCS = [
  "GetMetadata",
  "GetProviderSchema",
  "ValidateProviderConfig",
  "ValidateResourceConfig",
  "ValidateDataResourceConfig",
  "UpgradeResourceState",
  "ConfigureProvider",
  "ReadResource",
  "PlanResourceChange",
  "ApplyResourceChange",
  "ImportResourceState",
  "ReadDataSource",
  "StopProvider",
] as const;

const SERVING = 1; // grpc.health.v1.HealthCheckResponse.ServingStatus

export function serviceMethods(
  provider: ProviderDefinition<Attributes, unknown>,
  log: Logger,
  hooks: { shutdown(): void; cancelAll(reason: Error): void },
): Map<string, Method> {
  const handlers = createProviderHandlers(provider, log, hooks.cancelAll);
  const methods = new Map<string, Method>();
  for (const rpc of PROVIDER_RPCS) {
    const messages = tfplugin6[rpc] as unknown as { Request: MessageCodec; Response: MessageCodec };
    const handler = handlers[rpc]!;
    methods.set(
      `/tfplugin6.Provider/${rpc}`,
      unary(messages.Request, messages.Response, async (request: Record<string, unknown>, call) => {
        // Checked first: the log lines of a call are built only when they are written.
        if (!log.enabled("debug")) return handler(request, call);
        const t0 = process.hrtime.bigint();
        const typeName = typeof request.type_name === "string" ? request.type_name : "";
        log.log("trace", `Received request tfplugin6.Provider/${rpc}`, { tf_rpc: rpc, tf_resource_type: typeName });
        const response = await handler(request, call);
        log.log("debug", `Served tfplugin6.Provider/${rpc}`, {
          tf_rpc: rpc,
          tf_resource_type: typeName,
          duration_ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10,
          diagnostics: Array.isArray(response.diagnostics) ? response.diagnostics.length : 0,
        });
        return response;
      }),
    );
  }
  methods.set(
    "/plugin.GRPCController/Shutdown",
    unary(plugin.Empty, plugin.Empty, async () => {
      log.log("debug", "shutdown requested");
      setImmediate(hooks.shutdown); // after this answer is on its way
      return {};
    }),
  );
  // Output goes straight to stderr, which go-plugin already reads: the stdio stream stays open and empty. No
  // sub-plugins are brokered: the broker stream is accepted so go-plugin's broker does not log errors.
  methods.set("/plugin.GRPCStdio/StreamStdio", { kind: "held-stream", endsWithClient: false });
  methods.set("/plugin.GRPCBroker/StartStream", { kind: "held-stream", endsWithClient: true });
  methods.set(
    "/grpc.health.v1.Health/Check",
    unary(
      grpc.health.v1.HealthCheckRequest,
      grpc.health.v1.HealthCheckResponse,
      async (request: { service: string }) => {
        if (request.service === "" || request.service === "plugin") return { status: SERVING };
        throw new GrpcError(Status.NOT_FOUND, `unknown service ${request.service}`);
      },
    ),
  );
  return methods;
}
