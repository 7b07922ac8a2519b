// Build-time step: turns proto/*.proto into proto/descriptor.json so the plugin never parses .proto text at start-up
// (and the esbuild bundle needs no file next to it). Run: npx tsx provider/terraform/plugin/gen-descriptor.ts
// protobufjs is the parser @grpc/proto-loader itself uses; it is only needed here, at build time.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as protobuf from "protobufjs";

export const PROTO_DIR = join(__dirname, "proto");
export const PROTO_FILES = ["tfplugin6.proto", "go_plugin.proto", "health.proto"];
export const DESCRIPTOR_PATH = join(PROTO_DIR, "descriptor.json");

export function buildDescriptorJson(): string {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target.replace(/^.*[\\/]/, ""));
  root.loadSync(PROTO_FILES, { keepCase: true });
  root.resolveAll();
  return JSON.stringify(root.toJSON({ keepComments: false }), null, 2) + "\n";
}

if (require.main === module) {
  writeFileSync(DESCRIPTOR_PATH, buildDescriptorJson());
  console.log(`wrote ${DESCRIPTOR_PATH}`);
}
