// Node single executable applications (SEA) for the provider: one file per platform holding the official Node binary
// and the provider's bundle, so Terraform runs it with no `node` on the machine.
//
// A SEA runs one CommonJS script whose `require` loads built-in modules only. The provider's bundle requires its
// lazily loaded chunks (the HTTP client) as `./<chunk>.cjs` files beside it; here they travel as SEA assets, and a
// prelude gives the bundle a `require` that compiles a chunk from its asset on first use (most provider starts never
// need the client, so they never parse it) and passes anything else to the built-in one.
import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { signatureSet } from "portable-executable-signature";
import { stripSourceMapComment } from "../mirror";
import { adHocSign } from "./macho-codesign";
import type { ReleaseTarget } from "./targets";

const run = promisify(execFile);

/** The fuse postject flips so that Node looks for the blob (Node's documented value). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/**
 * The SEA's main script: the prelude, then the bundle inside a CommonJS-style wrapper whose `require` is the prelude's.
 * `chunks` are the file names the bundle requires (by a path ending in the name); each is a SEA asset under that key.
 */
export function seaMainScript(bundleSource: string, chunks: readonly string[]): string {
  return `"use strict";
const seaRequire = (() => {
  const { getAsset } = require("node:sea");
  const { compileFunction } = require("node:vm");
  const { dirname, join } = require("node:path");
  const assets = new Set(${JSON.stringify(chunks)});
  const loaded = new Map();
  return function seaRequire(id) {
    // A chunk is required by a path ending in its file name ("./<chunk>" or absolute).
    const key = id.replace(/^.*[\\\\/]/, "");
    if (key === id || !assets.has(key)) return require(id);
    const cached = loaded.get(key);
    if (cached) return cached.exports;
    const chunk = { exports: {} };
    loaded.set(key, chunk);
    const filename = join(dirname(process.execPath), key);
    const params = ["exports", "require", "module", "__filename", "__dirname"];
    compileFunction(getAsset(key, "utf8"), params, { filename })
      .call(chunk.exports, chunk.exports, seaRequire, chunk, filename, dirname(filename));
    return chunk.exports;
  };
})();
(function (exports, require, module, __filename, __dirname) {
${stripSourceMapComment(bundleSource)}
})(module.exports, seaRequire, module, __filename, __dirname);
`;
}

export interface BlobInput {
  /** The Node binary that makes the blob: the same version as every executable it goes into, runnable here. */
  node: string;
  workDir: string;
  mainScript: string;
  /** Asset key → file. */
  assets: Record<string, string>;
  /** Only for a blob injected into the same platform's binary: V8's code cache does not load elsewhere. */
  useCodeCache: boolean;
  name: string;
}

/** Writes the SEA preparation blob (`node --experimental-sea-config`) and returns its path. */
export async function makeBlob(input: BlobInput): Promise<string> {
  // Relative paths, from a directory of its own: the blob records the main script's path, and the same inputs should
  // make the same blob wherever the work directory is.
  const dir = join(input.workDir, input.name);
  mkdirSync(dir);
  writeFileSync(join(dir, "main.cjs"), input.mainScript);
  const config = {
    main: "main.cjs",
    output: "sea.blob",
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: input.useCodeCache,
    assets: input.assets,
  };
  writeFileSync(join(dir, "sea-config.json"), JSON.stringify(config));
  await run(input.node, ["--experimental-sea-config", "sea-config.json"], { cwd: dir });
  return join(dir, "sea.blob");
}

/**
 * Copies `nodeBinary` to `output` and injects `blob` into it with postject: on Windows after removing the Authenticode
 * signature that injection would invalidate, on macOS followed by an ad-hoc signature (injection strips Node's, and
 * arm64 macOS runs no unsigned code). postject runs in a process of its own (it is a WebAssembly build of LIEF holding
 * the whole executable in memory, and installs process-wide error handlers).
 */
export async function injectBlob(target: ReleaseTarget, nodeBinary: string, blob: string, output: string) {
  if (target.format === "pe") {
    writeFileSync(output, Buffer.from(signatureSet(readFileSync(nodeBinary), null)));
  } else {
    copyFileSync(nodeBinary, output);
  }
  const args = [require.resolve("postject/dist/cli.js"), output, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE];
  if (target.format === "macho") args.push("--macho-segment-name", "NODE_SEA");
  try {
    await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`postject failed for ${target.platform}: ${err.stderr || err.stdout || err.message}`);
  }
  if (target.format === "macho") {
    writeFileSync(output, adHocSign(readFileSync(output), output.replace(/^.*[\\/]/, "").replace(/\.exe$/, "")));
  }
  chmodSync(output, 0o755);
}
