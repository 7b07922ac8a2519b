// The repository root is itself a Pulumi project (Pulumi.yaml runs examples/pulumi). Pulumi's dynamic-provider host
// loads our provider by package name from the project's node_modules, as it does in a user's project; this link
// makes `require("infisical-auth0-iac/...")` resolve to this checkout. Runs on `npm install` / `npm ci` here only
// (npm does not run `prepare` for a package installed as a dependency).
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const name = require(path.join(root, "package.json")).name;
const link = path.join(root, "node_modules", name);
try {
  if (fs.lstatSync(link).isSymbolicLink()) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // absent: create it below
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync(path.relative(path.dirname(link), root) || ".", link, "dir");
