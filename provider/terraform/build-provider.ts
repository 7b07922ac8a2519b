// Builds dist/terraform/terraform-provider-infisicalauth0 (one bundled file + its launcher) with the plugin layer's
// launcher build. Usage: npx tsx provider/terraform/build-provider.ts [--out-dir <dir>]
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PROTOCOL_CHUNK, buildLauncher, chunkFileName, type LauncherFiles } from "./plugin/build";
import { PROVIDER_TYPE } from "./schema";

export const ROOT = resolve(__dirname, "..", "..");
export const DIST_DIR = join(ROOT, "dist", "terraform");

// The HTTP client (undici, zod: 1.3 MB of the bundle) is needed by one of the ~3 provider starts per command.
// The AWS SDK's credential chain and signer (0.7 MB) are needed only by AWS IAM logins: a chunk of their own.
const LAZY_MODULES = [
  { module: join(ROOT, "provider", "infisical", "index.ts"), name: "client" },
  { module: join(ROOT, "provider", "infisical", "aws-iam.ts"), name: "aws" },
];
/** The bundles that ship beside the provider's own (the mirror packs them too), the plugin's protocol code included. */
export const LAZY_CHUNKS = [...LAZY_MODULES, PROTOCOL_CHUNK].map((m) => chunkFileName(PROVIDER_TYPE, m.name));

export function buildProvider(outDir: string = DIST_DIR): Promise<LauncherFiles> {
  return buildLauncher({
    entry: join(__dirname, "main.ts"),
    typeName: PROVIDER_TYPE,
    outDir,
    lazyModules: LAZY_MODULES,
  });
}

if (require.main === module) {
  const { values } = parseArgs({ options: { "out-dir": { type: "string" } } });
  buildProvider(values["out-dir"] ? resolve(values["out-dir"]) : DIST_DIR).then(
    (files) => console.log(`built ${files.executable}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
