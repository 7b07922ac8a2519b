/**
 * The object Pulumi serializes into state as `__provider`. It must stay tiny and capture nothing: each method
 * loads the installed package by name at run time (resolved from the Pulumi project directory, where the program's
 * node_modules are), so state never holds a credential or a token, and a delete runs today's code.
 * Each method is self-contained (the closure serializer copies each function's text) and as short as it can be:
 * the serialized size is measured by the benchmark (target <= 2 KB).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function makeShim() {
  return {
    configure: (...a: any[]) => require("infisical-auth0-iac/pulumi/runtime").configure(...a),
    check: (...a: any[]) => require("infisical-auth0-iac/pulumi/runtime").check(...a),
    diff: (...a: any[]) => require("infisical-auth0-iac/pulumi/runtime").diff(...a),
    create: (...a: any[]) => require("infisical-auth0-iac/pulumi/runtime").create(...a),
    read: (...a: any[]) => require("infisical-auth0-iac/pulumi/runtime").read(...a),
    update: (...a: any[]) => require("infisical-auth0-iac/pulumi/runtime").update(...a),
    delete: (...a: any[]) => require("infisical-auth0-iac/pulumi/runtime").delete(...a),
  };
}
