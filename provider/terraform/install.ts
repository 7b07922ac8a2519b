#!/usr/bin/env node
// Installing the Terraform provider: the package's `infisical-auth0-iac-terraform` bin (also
// `npm run terraform:dev-config|terraform:mirror` in a checkout). Run with --help for the commands.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PROVIDER_SOURCE, PROVIDER_TYPE } from "./address";
import { currentPlatform, mirrorFromRelease, packMirror, type PackedMirror } from "./mirror";

const PACKAGE_NAME = "infisical-auth0-iac";

/** The package's root: this file runs from provider/terraform (checkout) or dist/provider/terraform (installed). */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`cannot find ${PACKAGE_NAME}'s package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);
const ROOT = PACKAGE_ROOT;
/** The Node-script provider built by `npm run build` (shipped in the npm package). */
export const DIST_DIR = join(ROOT, "dist", "terraform");

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export function devConfigText(distDir: string = DIST_DIR): string {
  return `provider_installation {
  dev_overrides {
    ${JSON.stringify(PROVIDER_SOURCE)} = ${JSON.stringify(distDir)}
  }
  # Every other provider installs as usual.
  direct {}
}
`;
}

export function writeDevConfig(out: string, distDir: string = DIST_DIR): string {
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, devConfigText(distDir));
  return resolve(out);
}

export function mirrorConfigText(mirrorDir: string): string {
  return `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirrorDir)}
    include = [${JSON.stringify(PROVIDER_SOURCE)}]
  }
  direct {
    exclude = [${JSON.stringify(PROVIDER_SOURCE)}]
  }
}
`;
}

function requireBuild(distDir: string): void {
  if (!existsSync(join(distDir, `terraform-provider-${PROVIDER_TYPE}.cjs`))) {
    throw new Error(`no provider build in ${distDir}: run \`npm run build\` first`);
  }
}

const BIN = "infisical-auth0-iac-terraform";
export const USAGE = `Usage: ${BIN} <command> [options]

Install the ${PROVIDER_TYPE} Terraform provider (${PROVIDER_SOURCE}) from this package.

Commands:
  dev-config [--out <file>]
      Write a Terraform CLI config whose dev_overrides point at this package's provider (a Node script: needs
      node >= 20 on Terraform's PATH). Default file: ./${PROVIDER_TYPE}.tfrc. Then export TF_CLI_CONFIG_FILE=<file>.
  mirror --out <dir> [--release <dir>] [--platform <os_arch> ...]
      Write a provider mirror (packed layout, plus index.json and <version>.json for a network mirror):
        --release <dir>   from the self-contained release zips (no Node needed on the machines that run
                          Terraform): a GitHub release's assets or \`npm run terraform:release\`'s dist/release
        otherwise         from this package's Node-script provider (needs node on Terraform's PATH)
      --platform          platforms to include (repeatable); default: every zip in --release, or ${currentPlatform()}

Options:
  -h, --help          Show this help.
`;

function printMirror(packed: PackedMirror, out: string): void {
  for (const z of packed.zips) console.log(`wrote ${z.file}  (${z.platform}, ${z.h1})`);
  console.log(`
Install offline with a CLI config (TF_CLI_CONFIG_FILE or ~/.terraformrc) containing:
${mirrorConfigText(out).replace(/^/gm, "  ")}
then \`terraform init\`. Record every platform's hash in the lock file with
  terraform providers lock -fs-mirror=${JSON.stringify(out)} ${packed.zips.map((z) => `-platform=${z.platform}`).join(" ")}
Served over HTTPS, the same directory works as a network_mirror { url = "https://<host>/<path>/" }.`);
}

export function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      release: { type: "string" },
      platform: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help || command === "help") {
    console.log(USAGE);
    return 0;
  }
  if (extra.length > 0) throw new Error(`unexpected argument ${extra[0]}\n\n${USAGE}`);
  if (command === "dev-config") {
    requireBuild(DIST_DIR);
    const file = writeDevConfig(values.out ?? `${PROVIDER_TYPE}.tfrc`);
    console.log(`wrote ${file}
Use it with:
  export TF_CLI_CONFIG_FILE=${file}
Then, in a configuration with
  terraform { required_providers { ${PROVIDER_TYPE} = { source = "infisical-iac/${PROVIDER_TYPE}" } } }
run terraform plan / apply directly (no terraform init needed for this provider; Terraform warns that
development overrides are in effect).`);
    return 0;
  }
  if (command === "mirror") {
    if (!values.out) throw new Error(`mirror needs --out <dir>\n\n${USAGE}`);
    const out = resolve(values.out);
    if (values.release) {
      printMirror(
        mirrorFromRelease({ releaseDir: resolve(values.release), outDir: out, platforms: values.platform }),
        out,
      );
    } else {
      requireBuild(DIST_DIR);
      const platforms = values.platform?.length ? values.platform : [currentPlatform()];
      printMirror(packMirror({ distDir: DIST_DIR, outDir: out, version: packageVersion(), platforms }), out);
    }
    return 0;
  }
  console.error(command ? `unknown command ${command}\n\n${USAGE}` : USAGE);
  return 2;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  }
}
