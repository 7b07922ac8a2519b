/**
 * Every documented import of the packed package resolves and type-checks under each TypeScript `moduleResolution`
 * (node10, node16, nodenext, bundler), from CommonJS and ES module programs, and the compiled programs run (ES module
 * named imports of the CommonJS build included). Then a CDKTF app under the tsconfig `cdktf init --template=typescript`
 * writes, run as its cdktf.json does (`npx ts-node main.ts`), synthesizes a stack the real terraform validates against
 * the installed provider.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_TERRAFORM, Workspace, hasTerraform } from "../terraform/harness";
import { devVersion, installedProject, NPM, PACKAGE_NAME, run, type Project } from "./helpers";

// The README's and docs' imports, one symbol each at least.
const PROGRAM = `import { getInfisicalClient as fromRoot } from "${PACKAGE_NAME}";
import { Auth0AppConnection } from "${PACKAGE_NAME}/pulumi";
import { auth0AppConnectionPolicies } from "${PACKAGE_NAME}/policy";
import { AppConnection, InfisicalAuth0Provider } from "${PACKAGE_NAME}/cdktf";
import { getInfisicalClient, InfisicalApiError } from "${PACKAGE_NAME}/infisical";

const imported = { fromRoot, Auth0AppConnection, auth0AppConnectionPolicies, AppConnection, InfisicalAuth0Provider, getInfisicalClient, InfisicalApiError };
const kinds: Record<string, string> = {};
for (const [name, value] of Object.entries(imported)) kinds[name] = typeof value;
console.log(JSON.stringify(kinds));
`;
const EXPECTED_KINDS = {
  fromRoot: "function",
  Auth0AppConnection: "function",
  auth0AppConnectionPolicies: "object",
  AppConnection: "function",
  InfisicalAuth0Provider: "function",
  getInfisicalClient: "function",
  InfisicalApiError: "function",
};

interface Cell {
  moduleResolution: string;
  module: string;
  /** .ts, .cts (CommonJS) or .mts (ES module) */
  file: string;
  /** The emitted file node runs (bundler output is for bundlers, not node). */
  runs?: string;
}

const MATRIX: Cell[] = [
  { moduleResolution: "node10", module: "commonjs", file: "prog.ts", runs: "prog.js" },
  { moduleResolution: "node10", module: "es2022", file: "prog.ts" },
  { moduleResolution: "node16", module: "node16", file: "prog.cts", runs: "prog.cjs" },
  { moduleResolution: "node16", module: "node16", file: "prog.mts", runs: "prog.mjs" },
  { moduleResolution: "nodenext", module: "nodenext", file: "prog.cts", runs: "prog.cjs" },
  { moduleResolution: "nodenext", module: "nodenext", file: "prog.mts", runs: "prog.mjs" },
  { moduleResolution: "bundler", module: "esnext", file: "prog.ts" },
  { moduleResolution: "bundler", module: "preserve", file: "prog.cts" },
];

// What `cdktf init --template=typescript` writes (cdktf-cli 0.21.0, templates/typescript/tsconfig.json).
const CDKTF_TEMPLATE_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ["es2018"],
    module: "CommonJS",
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: "ES2018",
    incremental: true,
    skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

// guides/cdktf.md's example.
const CDKTF_APP = `import { App, TerraformStack, TerraformVariable } from "cdktf";
import { AppConnection, InfisicalAuth0Provider } from "${PACKAGE_NAME}/cdktf";

const app = new App({ outdir: "cdktf.out" });
const stack = new TerraformStack(app, "infisical");
const identitySecret = new TerraformVariable(stack, "infisical_client_secret", { type: "string", sensitive: true });
const auth0Secret = new TerraformVariable(stack, "auth0_client_secret", { type: "string", sensitive: true });

new InfisicalAuth0Provider(stack, "infisical", {
  host: "https://eu.infisical.com",
  auth: { universal: { clientId: "machine-identity", clientSecret: identitySecret.stringValue } },
});
const org = new AppConnection(stack, "org", {
  name: "auth0-prod",
  credentials: {
    domain: "my-tenant.eu.auth0.com",
    clientId: "auth0-client",
    audience: "https://my-tenant.eu.auth0.com/api/v2/",
    clientSecretWo: auth0Secret.stringValue,
    clientSecretWoVersion: 1,
  },
});
new AppConnection(stack, "project", {
  name: "auth0-prod",
  projectId: "0b0e2a55-4a0c-4b5e-9b1a-6f7d1f1e2c3d",
  description: \`Twin of \${org.id}\`,
  credentials: { domain: "my-tenant.eu.auth0.com", clientId: "auth0-client", audience: "https://my-tenant.eu.auth0.com/api/v2/", clientSecret: auth0Secret.stringValue },
  ignoreCredentialRefresh: true,
});
app.synth();
`;

let project: Project;

if (!hasTerraform) console.warn(`cdktf typings: ${NO_TERRAFORM}`);

beforeAll(async () => {
  project = await installedProject(
    [
      `@pulumi/pulumi@${devVersion("@pulumi/pulumi")}`,
      `@pulumi/policy@${devVersion("@pulumi/policy")}`,
      `cdktf@${devVersion("cdktf")}`,
      `constructs@${devVersion("constructs")}`,
      `typescript@${devVersion("typescript")}`,
      `ts-node@${devVersion("ts-node")}`,
      "@types/node@20",
    ],
    { "prog.ts": PROGRAM, "prog.cts": PROGRAM, "prog.mts": PROGRAM },
  );
}, 600_000);

afterAll(() => project?.cleanup());

/**
 * Compiles every cell with the project's own TypeScript, in one process that parses each declaration file once, and
 * reports the diagnostics of the program and of this package's declarations. Other packages' declarations are not
 * ours to fix (@pulumi/policy 1.21 ships a broken proxy.d.ts; zod's need esModuleInterop under node10): they are left
 * out rather than hidden with skipLibCheck, which would hide errors in ours too.
 */
const CHECKER = `
const ts = require("typescript");
const path = require("path");
const cells = JSON.parse(process.argv[2]);
const parsed = new Map();
const results = {};
for (const cell of cells) {
  const options = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    types: ["node"],
    module: ts.ModuleKind[{ commonjs: "CommonJS", es2022: "ES2022", node16: "Node16", nodenext: "NodeNext", esnext: "ESNext", preserve: "Preserve" }[cell.module]],
    moduleResolution: ts.ModuleResolutionKind[{ node10: "Node10", node16: "Node16", nodenext: "NodeNext", bundler: "Bundler" }[cell.moduleResolution]],
    outDir: cell.outDir,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const key = name + "|" + JSON.stringify(languageVersion);
    if (!parsed.has(key)) parsed.set(key, getSourceFile.call(host, name, languageVersion, ...rest));
    return parsed.get(key);
  };
  const program = ts.createProgram([cell.file], options, host);
  const ours = program.getSourceFiles().filter((f) => !f.fileName.includes("/node_modules/") || f.fileName.includes("/node_modules/${PACKAGE_NAME}/"));
  const diagnostics = [...program.getOptionsDiagnostics(), ...ours.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])];
  program.emit(program.getSourceFile(cell.file));
  results[cell.outDir] = {
    checkedDeclarations: ours.filter((f) => f.fileName.includes("/node_modules/${PACKAGE_NAME}/")).length,
    errors: diagnostics.map((d) => (d.file ? path.relative(process.cwd(), d.file.fileName) + ": " : "") + "TS" + d.code + " " + ts.flattenDiagnosticMessageText(d.messageText, " ")),
  };
}
console.log(JSON.stringify(results));
`;

const outDirOf = (cell: Cell) => `out-${cell.moduleResolution}-${cell.module}-${path.extname(cell.file).slice(1)}`;
let compiled: Record<string, { checkedDeclarations: number; errors: string[] }>;

describe("TypeScript resolution of the packed package", () => {
  it("installs with every peer on Node 20 and 22 without an engine warning", () => {
    expect(project.installOutput).not.toContain("EBADENGINE");
  });

  beforeAll(async () => {
    writeFileSync(path.join(project.dir, "check-types.cjs"), CHECKER);
    const cells = MATRIX.map((c) => ({ ...c, outDir: outDirOf(c) }));
    const r = await run(process.execPath, ["check-types.cjs", JSON.stringify(cells)], {
      cwd: project.dir,
      timeout: 480_000,
      background: true,
    });
    expect(r.status, r.out).toBe(0);
    compiled = JSON.parse(r.stdout);
  }, 500_000);

  for (const cell of MATRIX) {
    const label = `moduleResolution ${cell.moduleResolution}, module ${cell.module}, ${cell.file}`;
    it(`${label}: type-checks${cell.runs ? " and runs" : ""}`, async () => {
      const result = compiled[outDirOf(cell)]!;
      expect(result.errors).toEqual([]);
      // Every entry point's declarations were found and checked (not an `any` from a failed resolution).
      expect(result.checkedDeclarations).toBeGreaterThan(10);
      if (!cell.runs) return;
      const emitted = path.join(project.dir, outDirOf(cell), cell.runs);
      const ran = await run(process.execPath, [emitted], { cwd: project.dir });
      expect(ran.status, ran.out).toBe(0);
      expect(JSON.parse(ran.stdout)).toEqual(EXPECTED_KINDS);
    }, 60_000);
  }
});

describe("a CDKTF app under cdktf's default tsconfig", () => {
  it("type-checks and synthesizes with `npx ts-node main.ts` (cdktf.json's app)", async () => {
    writeFileSync(path.join(project.dir, "tsconfig.json"), JSON.stringify(CDKTF_TEMPLATE_TSCONFIG, null, 2));
    writeFileSync(path.join(project.dir, "main.ts"), CDKTF_APP);
    // The template's tsconfig includes every .ts file: the matrix programs are not part of a CDKTF app.
    writeFileSync(
      path.join(project.dir, "cdktf.json"),
      JSON.stringify({ language: "typescript", app: "npx ts-node main.ts" }),
    );
    for (const f of ["prog.ts", "prog.cts", "prog.mts"]) writeFileSync(path.join(project.dir, f), "export {};\n");
    const synth = await run(NPM, ["exec", "--", "ts-node", "main.ts"], { cwd: project.dir, timeout: 180_000 });
    expect(synth.status, synth.out).toBe(0);
    const stack = JSON.parse(
      readFileSync(path.join(project.dir, "cdktf.out/stacks/infisical/cdk.tf.json"), "utf8"),
    ) as { resource: Record<string, Record<string, unknown>>; terraform: { required_providers: object } };
    expect(Object.keys(stack.resource.infisicalauth0_app_connection ?? {}).sort()).toEqual(["org", "project"]);
    expect(JSON.stringify(stack.terraform.required_providers)).toContain("infisical-iac/infisicalauth0");

    // The type check is on: a wrong attribute type fails the app.
    writeFileSync(
      path.join(project.dir, "main.ts"),
      CDKTF_APP.replace("clientSecretWoVersion: 1", 'clientSecretWoVersion: "1"'),
    );
    const bad = await run(NPM, ["exec", "--", "ts-node", "main.ts"], { cwd: project.dir, timeout: 180_000 });
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/TS2322/);
  }, 360_000);

  it.skipIf(!hasTerraform)(
    "terraform validate accepts the synthesized stack with the installed provider",
    async () => {
      const cfg = await run(NPM, ["exec", "--", "infisical-auth0-iac-terraform", "dev-config", "--out", "dev.tfrc"], {
        cwd: project.dir,
      });
      expect(cfg.status, cfg.out).toBe(0);
      const ws = new Workspace({ TF_CLI_CONFIG_FILE: path.join(project.dir, "dev.tfrc") });
      try {
        ws.write(readFileSync(path.join(project.dir, "cdktf.out/stacks/infisical/cdk.tf.json"), "utf8"), "cdk.tf.json");
        const validate = await ws.tf("validate");
        expect(validate.status, validate.out).toBe(0);
        expect(validate.out).toContain("The configuration is valid");
        // The schema is the provider's: an attribute it does not have is refused.
        ws.write('resource "infisicalauth0_app_connection" "x" {\n  no_such_attribute = 1\n}\n', "extra.tf");
        const wrong = await ws.tf("validate");
        expect(wrong.status).not.toBe(0);
        expect(wrong.out).toContain("no_such_attribute");
      } finally {
        ws.close();
      }
    },
    180_000,
  );
});
