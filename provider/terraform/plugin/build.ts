// Launcher build: bundles a provider entry file (one that calls serve()) into a single CommonJS file and writes
// the `terraform-provider-<type>` executable Terraform runs next to it.
// Usage: npx tsx provider/terraform/plugin/build.ts --entry <file.ts> --type <name> --out-dir <dir> [--node <path>]
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type BuildOptions, type Plugin, build } from "esbuild";

export interface LauncherBuild {
  entry: string;
  typeName: string;
  outDir: string;
  /** The interpreter in the shebang; default `/usr/bin/env node` (the node on Terraform's PATH). */
  node?: string;
  /**
   * Modules bundled into files of their own, loaded only when first required: Terraform starts a provider about
   * three times per command and most starts never need them, so their text should not be parsed at every start.
   * Each is `{ module: <absolute path of the module's file>, name }`, written as `<typeName>-<name>.cjs` (a name that
   * does not start with `terraform-provider-`, so Terraform never mistakes it for the provider executable).
   * Only `require()` them lazily (inside functions), or nothing is gained. PROTOCOL_CHUNK is always added.
   */
  lazyModules?: { module: string; name: string }[];
}

export interface LauncherFiles {
  bundle: string;
  executable: string;
  /** The lazily loaded bundles, by file name, that must ship beside the bundle. */
  chunks: string[];
}

/**
 * The plugin's generated protobuf code (and protobufjs) always goes to a chunk of its own, `<typeName>-protocol.cjs`:
 * it is needed only after the handshake line, and keeping it out of the main bundle halves the text compiled before
 * the line. It shares no state with the rest (pure codecs), so a copy of its own cannot split an instanceof.
 */
export const PROTOCOL_CHUNK = { module: join(__dirname, "proto", "tfplugin.js"), name: "protocol" };

/** The file a lazily loaded module is bundled into (see LauncherBuild.lazyModules). */
export function chunkFileName(typeName: string, name: string): string {
  return `${typeName}-${name}.cjs`;
}

const COMMON: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // Smaller text parses faster at start-up.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: false,
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  // A lazy chunk loaded with import() is required like any other (`require` is what a Node SEA can redirect).
  supported: { "dynamic-import": false },
};

/** Resolves imports of the given module files to their separate bundles, left as run-time requires. */
function externalChunks(chunks: { module: string; file: string }[]): Plugin {
  return {
    name: "lazy-chunks",
    setup(b) {
      b.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === "lazy-chunks") return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "lazy-chunks",
        });
        const chunk = chunks.find((c) => c.module === resolved.path);
        return chunk ? { path: `./${chunk.file}`, external: true } : undefined;
      });
    },
  };
}

/**
 * Node >= 22.1 keeps V8's code cache of the bundle on disk (a no-op on Node 20): in Node's own directory,
 * `<tmpdir>/node-compile-cache` unless NODE_COMPILE_CACHE says otherwise. Node checks every entry against the
 * source's hash and its own checksum, so providers starting at once at worst recompile; none reads a torn entry.
 */
const COMPILE_CACHE = 'try { require("node:module").enableCompileCache?.(); } catch {}\n';

export async function buildLauncher(options: LauncherBuild): Promise<LauncherFiles> {
  if (!/^[a-z0-9-]+$/.test(options.typeName)) throw new Error(`invalid provider type name ${options.typeName}`);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const base = `terraform-provider-${options.typeName}`;
  const bundle = join(outDir, `${base}.cjs`);
  const chunks = [...(options.lazyModules ?? []), PROTOCOL_CHUNK].map((c) => ({
    module: resolve(c.module),
    file: chunkFileName(options.typeName, c.name),
  }));
  // Short identifiers too in the generated protobuf code, which never looks at a function or class name: 213 -> 144
  // KB. Elsewhere names stay (error names reach the logs; libraries such as undici compare constructor names).
  for (const chunk of chunks) {
    // A lazy module may load another lazily (the client loads its AWS signer only for AWS IAM logins).
    const others = chunks.filter((c) => c !== chunk);
    await build({
      ...COMMON,
      minifyIdentifiers: chunk.module === PROTOCOL_CHUNK.module,
      entryPoints: [chunk.module],
      outfile: join(outDir, chunk.file),
      plugins: others.length > 0 ? [externalChunks(others)] : [],
    });
  }
  await build({
    ...COMMON,
    entryPoints: [resolve(options.entry)],
    outfile: bundle,
    plugins: chunks.length > 0 ? [externalChunks(chunks)] : [],
  });
  const executable = join(outDir, base);
  const shebang = options.node ? `#!${options.node}` : "#!/usr/bin/env node";
  writeFileSync(executable, `${shebang}\n${COMPILE_CACHE}require(${JSON.stringify(`./${base}.cjs`)});\n`);
  chmodSync(executable, 0o755);
  return { bundle, executable, chunks: chunks.map((c) => c.file) };
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
