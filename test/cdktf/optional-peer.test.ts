// cdktf and cdktn are optional peer dependencies: these run node with one or both made unresolvable.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers";

const ROOT = join(__dirname, "..", "..");

function runWithout(hidden: string[], script: string): { status: number | null; stdout: string; stderr: string } {
  const preload = join(tempDir("cdktf-peer-"), "hide.cjs");
  writeFileSync(
    preload,
    `const Module = require("module");
const hidden = new Set(${JSON.stringify(hidden)});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (hidden.has(request)) { const e = new Error("Cannot find module '" + request + "'"); e.code = "MODULE_NOT_FOUND"; throw e; }
  return resolve.call(this, request, ...rest);
};
`,
  );
  const result = spawnSync(process.execPath, ["--require", "tsx/cjs", "--require", preload, "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("optional cdktf / cdktn", () => {
  it("with neither installed, the factory module loads and the ready-made entry point says what to install", () => {
    const run = runWithout(
      ["cdktf", "cdktn"],
      `const { defineInfisicalAuth0Constructs } = require("./provider/cdktf/define");
console.log(typeof defineInfisicalAuth0Constructs);
try { require("./provider/cdktf"); } catch (e) { console.log(e.message); }`,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("function");
    expect(run.stdout).toContain("needs `cdktf` (>= 0.20) or CDK Terrain `cdktn` installed");
  });

  it("without cdktf, the ready-made classes are built on cdktn", () => {
    const run = runWithout(
      ["cdktf"],
      `const { InfisicalAuth0Provider } = require("./provider/cdktf");
const cdktn = require("cdktn");
console.log(Object.getPrototypeOf(InfisicalAuth0Provider) === cdktn.TerraformProvider);`,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("true");
  });

  it("with both installed, the ready-made classes are built on cdktf", () => {
    const run = runWithout(
      [],
      `const { AppConnection } = require("./provider/cdktf");
console.log(Object.getPrototypeOf(AppConnection) === require("cdktf").TerraformResource);`,
    );
    expect(run.stdout.trim()).toBe("true");
  });
});
