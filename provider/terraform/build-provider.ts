// Builds dist/terraform/terraform-provider-infisicalauth0 (one bundled file + its launcher) with the plugin layer's
// launcher build. Usage: npx tsx provider/terraform/build-provider.ts [--out-dir <dir>]
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildLauncher, type LauncherFiles } from "./plugin/build";
import { PROVIDER_TYPE } from "./schema";

export const ROOT = resolve(__dirname, "..", "..");
export const DIST_DIR = join(ROOT, "dist", "terraform");

export function buildProvider(outDir: string = DIST_DIR): Promise<LauncherFiles> {
  return buildLauncher({ entry: join(__dirname, "main.ts"), typeName: PROVIDER_TYPE, outDir });
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
