/**
 * The package as a Pulumi user gets it: `npm pack`, installed into a fresh project laid out as `pulumi new typescript`
 * makes it (@pulumi/pulumi, typescript, @types/node; no ts-node, so Pulumi's vendored one runs), then:
 * - the install pulls no HTTP server framework, certificate or gRPC code, and npm prints no engine warning;
 * - the README's import type-checks and runs through Pulumi's own TypeScript path (cmd/run + ts-node with the
 *   template's tsconfig.json, `moduleResolution: node`), as `pulumi up` runs it;
 * - Pulumi's provider host runs the resource from the installed copy (the serialized `__provider` loads it by name);
 * - the `infisical-auth0-iac-terraform` bin installs the Terraform provider for the real terraform binary.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import type { RunningEmulator } from "../../emulator/types";
import { PulumiProviderHost, serializedProvider, TYPE, urnFor } from "../../tools/pulumi-host";
import { mirrorConfigText, packageVersion } from "../../provider/terraform/install";
import { HEADER, NO_TERRAFORM, Workspace, hasTerraform } from "../terraform/harness";
import { devVersion, installedProject, NPM, PACKAGE_NAME, productionClosure, run, type Project } from "./helpers";
import { runPulumiProgram } from "./pulumi-run";

// The tsconfig.json `pulumi new typescript` writes (pulumi/templates, typescript/).
const PULUMI_TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

// The README's example, as is.
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Auth0AppConnection } from "${PACKAGE_NAME}/pulumi";

const config = new pulumi.Config();

const auth0 = new Auth0AppConnection("auth0-prod", {
  description: "Auth0 tenant for secret rotation",
  projectId: "8b0d5b1e-…",                          // omit for an org-level connection
  credentials: {
    domain: "acme.eu.auth0.com",
    clientId: config.require("auth0ClientId"),
    clientSecret: config.requireSecret("auth0ClientSecret"),
    audience: "https://acme.eu.auth0.com/api/v2/",
  },
});

export const connectionId = auth0.connectionId;
`;
const STACK_CONFIG = { "consumer:auth0ClientId": "client-id", "consumer:auth0ClientSecret": "client-secret" };

let project: Project;
let emu: RunningEmulator;

if (!hasTerraform) console.warn(`packaged Terraform helpers: ${NO_TERRAFORM}`);

beforeAll(async () => {
  project = await installedProject(
    [`@pulumi/pulumi@${devVersion("@pulumi/pulumi")}`, `typescript@${devVersion("typescript")}`, "@types/node@20"],
    {
      "Pulumi.yaml": "name: consumer\nruntime: nodejs\n",
      "tsconfig.json": JSON.stringify(PULUMI_TEMPLATE_TSCONFIG, null, 4),
      "index.ts": PROGRAM,
    },
  );
  emu = await startEmulator({ rateLimit: false });
}, 600_000);

afterAll(async () => {
  await emu?.close();
  project?.cleanup();
});

describe("the packed package in a Pulumi project", () => {
  it("installs without engine warnings and pulls only undici, zod and fflate", async () => {
    expect(project.installOutput).not.toContain("EBADENGINE");
    const closure = await productionClosure(project.dir, PACKAGE_NAME);
    expect(closure).toEqual(expect.arrayContaining(["fflate", "undici", "zod"]));
    for (const heavy of ["fastify", "@fastify/rate-limit", "pino", "node-forge", "@grpc/grpc-js", "@msgpack/msgpack"]) {
      expect(closure, heavy).not.toContain(heavy);
    }
    expect(closure.length).toBeLessThanOrEqual(3);
  });

  it("loads every entry point whose peers are installed", () => {
    // The emulator is its own package now (infisical-auth0-emulator, tested in test/emulator/package.test.ts).
    const script = `
      const out = {};
      for (const m of ["", "/pulumi", "/pulumi/runtime", "/infisical"]) {
        out[m || "."] = Object.keys(require("${PACKAGE_NAME}" + m)).length;
      }
      console.log(JSON.stringify(out));`;
    const counts = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: project.dir, encoding: "utf8" }));
    for (const [entry, n] of Object.entries(counts)) expect(n, entry).toBeGreaterThan(0);
  });

  it("without the AWS SDK (an optional peer), AWS IAM auth says which packages to install", async () => {
    for (const name of ["@aws-sdk/credential-provider-node", "@smithy/signature-v4"]) {
      expect(() => require.resolve(name, { paths: [project.dir] }), name).toThrow();
    }
    const script = `
      const { getInfisicalClient } = require("${PACKAGE_NAME}/infisical");
      const client = getInfisicalClient({ host: process.argv[1], authMethod: "aws_iam", identityId: "${emu.seed.orgId}" });
      client.getAuth0Connection("00000000-0000-4000-8000-000000000000").then(
        () => console.log("no error"),
        (e) => { console.log(JSON.stringify({ reason: e.reason, message: e.message })); return client.close(); },
      );`;
    const out = execFileSync(process.execPath, ["-e", script, emu.url], { cwd: project.dir, encoding: "utf8" });
    const failure = JSON.parse(out) as { reason: string; message: string };
    expect(failure.reason).toBe("config");
    expect(failure.message).toContain("optional peer dependencies");
    expect(failure.message).toContain("npm install @aws-sdk/credential-provider-node");
    expect(failure.message).toContain("@smithy/signature-v4");
  });

  it("compiles and runs the README's example through Pulumi's TypeScript path (ts-node, template tsconfig)", async () => {
    const ok = await runPulumiProgram(project.dir, { config: STACK_CONFIG });
    expect(ok.status, ok.out + ok.engineLog).toBe(0);
    // No ts-node in a `pulumi new typescript` project: Pulumi's vendored one compiles with the project's TypeScript.
    expect(ok.engineLog).toContain("Using vendored ts-node@7.0.1");
    expect(ok.engineLog).toMatch(/Found typescript version 5\./);
    expect(ok.calls).toEqual(
      expect.arrayContaining(["RegisterResource pulumi:pulumi:Stack", `RegisterResource ${TYPE}`]),
    );
    // The same path type-checks: a wrong argument fails the run with the compiler's diagnostic.
    writeFileSync(path.join(project.dir, "index.ts"), PROGRAM.replace('domain: "acme.eu.auth0.com"', "domain: 42"));
    try {
      const bad = await runPulumiProgram(project.dir, { config: STACK_CONFIG });
      expect(bad.status).not.toBe(0);
      // TS2322, or TS2769 naming the same mismatch for each constructor overload.
      expect(bad.out + bad.engineLog).toMatch(/error TS2(322|769)/);
      expect(bad.out + bad.engineLog).toContain("Type 'number' is not assignable to type 'Input<string>'");
      expect(bad.calls).not.toContain(`RegisterResource ${TYPE}`);
    } finally {
      writeFileSync(path.join(project.dir, "index.ts"), PROGRAM);
    }
  }, 240_000);

  it("runs the Pulumi resource from the installed copy through Pulumi's provider host", async () => {
    const host = await PulumiProviderHost.start({ cwd: project.dir, project: "consumer" });
    try {
      await host.configure({
        "infisical:host": emu.url,
        "infisical:clientId": emu.seed.identity.clientId,
        "infisical:clientSecret": emu.seed.identity.clientSecret,
      });
      const news = {
        name: "from-the-tarball",
        credentials: { ...emu.seed.auth0 },
        __provider: await serializedProvider(),
      };
      const checked = await host.check(urnFor("c"), {}, news);
      const created = await host.create(urnFor("c"), checked.inputs);
      expect(created.outs.name).toBe("from-the-tarball");
      await host.delete(created.id, urnFor("c"), created.outs);
      expect((await emu.admin.connections()).some((c) => c.id === created.id)).toBe(false);
    } finally {
      await host.close();
    }
  });
});

describe("the infisical-auth0-iac-terraform bin, installed", () => {
  const bin = (...args: string[]) =>
    run(NPM, ["exec", "--", "infisical-auth0-iac-terraform", ...args], { cwd: project.dir });

  it("prints its usage with --help", async () => {
    const r = await bin("--help");
    expect(r.status, r.out).toBe(0);
    expect(r.stdout).toMatch(/^Usage: infisical-auth0-iac-terraform <command>/);
    expect(r.stdout).toContain("dev-config");
    expect(r.stdout).toContain("mirror --out <dir>");
    const wrong = await bin("frobnicate");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("unknown command frobnicate");
  });

  it.skipIf(!hasTerraform)("dev-config points Terraform at the installed provider (terraform validate)", async () => {
    const r = await bin("dev-config", "--out", "dev.tfrc");
    expect(r.status, r.out).toBe(0);
    const installed = path.join(project.dir, "node_modules", PACKAGE_NAME, "dist", "terraform");
    const config = readFileSync(path.join(project.dir, "dev.tfrc"), "utf8");
    expect(config).toContain(JSON.stringify(installed));
    const ws = new Workspace({ TF_CLI_CONFIG_FILE: path.join(project.dir, "dev.tfrc") });
    try {
      ws.write(HEADER + 'provider "infisicalauth0" {}\n');
      const validate = await ws.tf("validate");
      expect(validate.status, validate.out).toBe(0);
      expect(validate.out).toContain("Provider development overrides are in effect");
    } finally {
      ws.close();
    }
  });

  it.skipIf(!hasTerraform)("mirror packs a filesystem mirror terraform init installs from", async () => {
    const r = await bin("mirror", "--out", "tf-mirror");
    expect(r.status, r.out).toBe(0);
    const mirror = path.join(project.dir, "tf-mirror");
    expect(r.stdout).toContain(`path    = ${JSON.stringify(mirror)}`);
    const providerDir = path.join(mirror, "registry.terraform.io/infisical-iac/infisicalauth0");
    expect(readdirSync(providerDir)).toEqual(expect.arrayContaining(["index.json", `${packageVersion()}.json`]));
    const cli = path.join(project.dir, "mirror.tfrc");
    writeFileSync(cli, mirrorConfigText(mirror));
    const ws = new Workspace({ TF_CLI_CONFIG_FILE: cli });
    try {
      ws.write(HEADER + 'provider "infisicalauth0" {}\n');
      const init = await ws.tf("init", "-input=false");
      expect(init.status, init.out).toBe(0);
      expect(readFileSync(path.join(ws.work, ".terraform.lock.hcl"), "utf8")).toContain(`"${packageVersion()}"`);
      const validate = await ws.tf("validate");
      expect(validate.status, validate.out).toBe(0);
    } finally {
      ws.close();
    }
  });
});
