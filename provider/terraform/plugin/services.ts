// gRPC service definitions whose (de)serializers load the protobuf descriptor on first use: the handshake line
// goes out before protobufjs and @grpc/proto-loader are even required (they cost more than the rest of start-up).
// The method table is checked against proto/descriptor.json by the tests.
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import type { PackageDefinition } from "@grpc/proto-loader";
// Static so tsc copies it to dist and esbuild inlines it; parsing 20 KB of JSON costs well under a millisecond.
import descriptor from "./proto/descriptor.json";

interface MethodShape {
  requestStream?: boolean;
  responseStream?: boolean;
}

export const SERVICE_METHODS: Record<string, Record<string, MethodShape>> = {
  "tfplugin6.Provider": {
    GetMetadata: {},
    GetProviderSchema: {},
    ValidateProviderConfig: {},
    ValidateResourceConfig: {},
    UpgradeResourceState: {},
    ConfigureProvider: {},
    ReadResource: {},
    PlanResourceChange: {},
    ApplyResourceChange: {},
    ImportResourceState: {},
    StopProvider: {},
  },
  "plugin.GRPCController": { Shutdown: {} },
  "plugin.GRPCStdio": { StreamStdio: { responseStream: true } },
  "plugin.GRPCBroker": { StartStream: { requestStream: true, responseStream: true } },
  "grpc.health.v1.Health": { Check: {} },
};

let packageDefinition: PackageDefinition | undefined;

export function loadPackageDefinition(): PackageDefinition {
  if (!packageDefinition) {
    const { fromJSON } = require("@grpc/proto-loader") as typeof import("@grpc/proto-loader");
    packageDefinition = fromJSON(descriptor as Parameters<typeof fromJSON>[0], {
      keepCase: true,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
    });
  }
  return packageDefinition;
}

function real(service: string, method: string): MethodDefinition<unknown, unknown> {
  const definition = loadPackageDefinition()[service] as unknown as Record<string, MethodDefinition<unknown, unknown>>;
  const found = definition[method];
  if (!found) throw new Error(`${service}/${method} is not in the descriptor`);
  return found;
}

export function lazyService(service: string): ServiceDefinition {
  const methods = SERVICE_METHODS[service];
  if (!methods) throw new Error(`unknown service ${service}`);
  const result: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const [method, shape] of Object.entries(methods)) {
    result[method] = {
      path: `/${service}/${method}`,
      requestStream: shape.requestStream === true,
      responseStream: shape.responseStream === true,
      originalName: method,
      requestSerialize: (value) => real(service, method).requestSerialize(value),
      requestDeserialize: (bytes) => real(service, method).requestDeserialize(bytes),
      responseSerialize: (value) => real(service, method).responseSerialize(value),
      responseDeserialize: (bytes) => real(service, method).responseDeserialize(bytes),
    };
  }
  return result as ServiceDefinition;
}
