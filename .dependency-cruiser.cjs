// The layering rules of issue 12 (brief, contract 6), checked on every `npm run lint`. dependency-cruiser rather than
// per-folder `no-restricted-imports`: it resolves every edge, `import type` and run-time `require()` included (the
// Terraform provider loads the client with a lazy require), so a rule cannot be dodged by the import's spelling.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-only-own-files",
      comment: "provider/connection is the engine-neutral core: it depends on nothing but its own files (and node:*).",
      severity: "error",
      from: { path: "^provider/connection/" },
      to: { pathNot: "^provider/connection/", dependencyTypesNot: ["core"] },
    },
    {
      name: "only-the-client-imports-undici",
      comment: "Only provider/infisical speaks HTTP. (The emulator, a separate test double, is outside provider/.)",
      severity: "error",
      from: { path: "^provider/", pathNot: "^provider/infisical/" },
      to: { path: "(^|/)node_modules/undici/" },
    },
    {
      name: "client-implements-the-core-port-only",
      comment: "provider/infisical implements the core's port: it may use port.ts, nothing else above it.",
      severity: "error",
      from: { path: "^provider/infisical/" },
      to: { path: "^provider/", pathNot: ["^provider/infisical/", "^provider/connection/port\\.ts$"] },
    },
    {
      name: "adapters-do-not-import-each-other",
      comment: "Engine adapters translate to the core; none depends on another engine's adapter.",
      severity: "error",
      from: { path: "^provider/(pulumi|terraform|cdktf)/" },
      to: { path: "^provider/(pulumi|terraform|cdktf|policy)/", pathNot: "^provider/$1/" },
    },
    {
      name: "policy-not-the-pulumi-adapter",
      comment: "The policy pack takes the type token and the unknown marker only, never the resource or runtime.",
      severity: "error",
      from: { path: "^provider/policy/" },
      to: {
        path: "^provider/(pulumi|terraform|cdktf|infisical)/",
        pathNot: "^provider/pulumi/(type-token|unknown)\\.ts$",
      },
    },
    {
      name: "cdktf-no-client",
      comment: "The CDKTF constructs only synthesize configuration: they never talk to Infisical.",
      severity: "error",
      from: { path: "^provider/cdktf/" },
      to: { path: "^provider/infisical/" },
    },
    {
      name: "plugin-layer-knows-no-infisical",
      comment: "provider/terraform/plugin is generic tfplugin6/go-plugin code: nothing of Infisical or the core.",
      severity: "error",
      from: { path: "^provider/terraform/plugin/" },
      to: { path: "^provider/", pathNot: "^provider/terraform/plugin/" },
    },
    {
      name: "emulator-imports-nothing-of-provider",
      comment: "The emulator is an independent model of Infisical: sharing the client's code would hide shared bugs.",
      severity: "error",
      from: { path: "^emulator/" },
      to: { path: "^provider/" },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^dist/"] },
    exclude: { path: ["^dist/", "\\.test\\.ts$"] },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    moduleSystems: ["cjs", "es6"],
  },
};
