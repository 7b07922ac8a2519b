// Launcher build: bundles a provider entry file (one that calls serve()) into a single CommonJS file and writes
// the `terraform-provider-<type>` executable Terraform runs next to it.
// Usage: npx tsx provider/terraform/plugin/build.ts --entry <file.ts> --type <name> --out-dir <dir> [--node <path>]
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";

export interface LauncherBuild {
  entry: string;
  typeName: string;
  outDir: string;
  /** The interpreter in the shebang; default `/usr/bin/env node` (the node on Terraform's PATH). */
  node?: string;
}

export interface LauncherFiles {
  bundle: string;
  executable: string;
}

export async function buildLauncher(options: LauncherBuild): Promise<LauncherFiles> {
  if (!/^[a-z0-9-]+$/.test(options.typeName)) throw new Error(`invalid provider type name ${options.typeName}`);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const base = `terraform-provider-${options.typeName}`;
  const bundle = join(outDir, `${base}.cjs`);
  await build({
    entryPoints: [resolve(options.entry)],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Smaller text parses faster at start-up; names are kept so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: false,
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "warning",
  });
  const executable = join(outDir, base);
  const shebang = options.node ? `#!${options.node}` : "#!/usr/bin/env node";
  writeFileSync(executable, `${shebang}\nrequire(${JSON.stringify(`./${base}.cjs`)});\n`);
  chmodSync(executable, 0o755);
  return { bundle, executable };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      entry: { type: "string" },
      type: { type: "string" },
      "out-dir": { type: "string" },
      node: { type: "string" },
    },
  });
  if (!values.entry || !values.type || !values["out-dir"]) {
    console.error("usage: build.ts --entry <file.ts> --type <provider type> --out-dir <dir> [--node <path>]");
    process.exit(2);
  }
  buildLauncher({ entry: values.entry, typeName: values.type, outDir: values["out-dir"], node: values.node }).then(
    (files) => console.log(`built ${files.executable}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
