// Installing the provider for Terraform. Usage (npx tsx provider/terraform/install.ts ...):
//   dev-config [--out <file>]   write a CLI config whose dev_overrides point at dist/terraform
//   mirror --out <dir> [--platform linux_amd64 ...]   pack a provider mirror for filesystem_mirror / network_mirror
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { currentPlatform, packMirror } from "./mirror";
import { PROVIDER_SOURCE, PROVIDER_TYPE } from "./schema";

const ROOT = resolve(__dirname, "..", "..");
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

function requireBuild(distDir: string): void {
  if (!existsSync(join(distDir, `terraform-provider-${PROVIDER_TYPE}.cjs`))) {
    throw new Error(`no provider build in ${distDir}: run \`npm run build\` first`);
  }
}

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { out: { type: "string" }, platform: { type: "string", multiple: true } },
  });
  if (command === "dev-config") {
    requireBuild(DIST_DIR);
    const file = writeDevConfig(values.out ?? join(ROOT, "dist", "terraform.tfrc"));
    console.log(`wrote ${file}
Use it with:
  export TF_CLI_CONFIG_FILE=${file}
Then, in a configuration with
  terraform { required_providers { ${PROVIDER_TYPE} = { source = "infisical-iac/${PROVIDER_TYPE}" } } }
run terraform plan / apply directly (no terraform init needed for this provider; Terraform warns that
development overrides are in effect).`);
    return;
  }
  if (command === "mirror") {
    if (!values.out) throw new Error("mirror needs --out <dir>");
    requireBuild(DIST_DIR);
    const version = packageVersion();
    const packed = packMirror({
      distDir: DIST_DIR,
      outDir: resolve(values.out),
      version,
      platforms: values.platform?.length ? values.platform : [currentPlatform()],
    });
    for (const z of packed.zips) console.log(`wrote ${z.file}`);
    console.log(`
Install offline with a CLI config (TF_CLI_CONFIG_FILE or ~/.terraformrc) containing:
  provider_installation {
    filesystem_mirror {
      path    = ${JSON.stringify(resolve(values.out))}
      include = [${JSON.stringify(PROVIDER_SOURCE)}]
    }
    direct { exclude = [${JSON.stringify(PROVIDER_SOURCE)}] }
  }
then \`terraform init\` (the lock file records ${packed.h1}).`);
    return;
  }
  console.error("usage: install.ts dev-config [--out <file>] | mirror --out <dir> [--platform <os_arch> ...]");
  process.exitCode = 2;
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  }
}
