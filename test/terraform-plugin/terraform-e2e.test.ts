// End to end with the real terraform binary: the example provider, bundled by the launcher build, installed via
// dev_overrides, driven through plan -> apply -> clean plan -> in-place update -> replace -> import -> destroy.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_TERRAFORM, Workspace, hasTerraform } from "../terraform/harness";
import { buildExample } from "./helpers";

if (!hasTerraform) console.warn(`terraform-e2e: ${NO_TERRAFORM}`);

const SECRET = "sens-literal-4f1c9b";
const PASSWORD_1 = "wo-literal-first-77ad";
const PASSWORD_2 = "wo-literal-second-19ee";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe.skipIf(!hasTerraform)("terraform end to end", () => {
  let built: Awaited<ReturnType<typeof buildExample>>;
  let work: string;
  let files: string;
  let ws: Workspace;

  // The shared runner: bounded, asynchronous, killed with the provider it started if the test is aborted.
  const tf = (...args: string[]) => ws.tf(...args);

  function config(name: string, content: string, password: string, version: number): void {
    writeFileSync(
      join(work, "main.tf"),
      `terraform {
  required_providers {
    tfpluginexample = { source = "example.com/test/tfpluginexample" }
  }
}
provider "tfpluginexample" {
  root = ${JSON.stringify(files)}
}
resource "tfpluginexample_file" "a" {
  name                = ${JSON.stringify(name)}
  content             = ${JSON.stringify(content)}
  secret              = ${JSON.stringify(SECRET)}
  password_wo         = ${JSON.stringify(password)}
  password_wo_version = ${version}
  tags                = { env = "test" }
  settings            = { mode = "fast" }
}
`,
    );
  }

  const stored = (name: string) =>
    JSON.parse(readFileSync(join(files, `${name}.json`), "utf8")) as Record<string, unknown>;
  const state = () => readFileSync(join(work, "terraform.tfstate"), "utf8");

  beforeAll(async () => {
    built = await buildExample();
    work = join(built.dir, "work");
    files = join(built.dir, "files");
    writeFileSync(
      join(built.dir, "cli.tfrc"),
      `provider_installation {\n  dev_overrides {\n    "example.com/test/tfpluginexample" = ${JSON.stringify(built.dir)}\n  }\n  direct {}\n}\n`,
    );
    mkdirSync(work);
    // The example provider's own CLI config; the provider's log lines go to stderr (TF_LOG=trace, no log file).
    ws = new Workspace({ TF_CLI_CONFIG_FILE: join(built.dir, "cli.tfrc"), TF_LOG: "trace" }, { workDir: work });
  });

  afterAll(() => {
    ws?.close();
    rmSync(built.dir, { recursive: true, force: true });
  });

  it("creates, converges, updates in place, replaces, imports and destroys; reads a data source", async () => {
    config("alpha", "hello", PASSWORD_1, 1);
    const plan = await tf("plan", "-detailed-exitcode");
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain("+ create");
    expect(plan.stdout).toMatch(/id\s+= \(known after apply\)/);
    expect(plan.stdout).toMatch(/secret\s+= \(sensitive value\)/);
    expect(plan.stdout).toMatch(/password_wo\s+= \(write-only attribute\)/);

    expect((await tf("apply", "-auto-approve")).status).toBe(0);
    const created = stored("alpha");
    expect(created.content).toBe("hello");
    expect(created.password_sha256).toBe(sha256(PASSWORD_1)); // the write-only value reached create()
    expect(state()).toContain(created.id as string);
    expect(state()).not.toContain(PASSWORD_1);

    expect((await tf("plan", "-detailed-exitcode")).status).toBe(0);

    config("alpha", "hello again", PASSWORD_2, 2);
    const update = await tf("apply", "-auto-approve");
    expect(update.status).toBe(0);
    expect(update.stdout).toContain("update in-place");
    expect(update.stdout).toContain("0 added, 1 changed, 0 destroyed");
    const updated = stored("alpha");
    expect(updated).toMatchObject({ id: created.id, content: "hello again", password_sha256: sha256(PASSWORD_2) });
    expect(state()).not.toContain(PASSWORD_2);

    config("beta", "hello again", PASSWORD_2, 2);
    const replace = await tf("apply", "-auto-approve");
    expect(replace.status).toBe(0);
    expect(replace.stdout).toMatch(/name\s+= "alpha" -> "beta" # forces replacement/);
    expect(replace.stdout).toContain("1 added, 0 changed, 1 destroyed");
    expect(existsSync(join(files, "alpha.json"))).toBe(false);
    const replaced = stored("beta");
    expect(replaced.id).not.toBe(created.id);

    expect((await tf("state", "rm", "tfpluginexample_file.a")).status).toBe(0);
    expect((await tf("import", "tfpluginexample_file.a", "beta")).status).toBe(0);
    expect(state()).toContain(replaced.id as string);
    expect((await tf("plan", "-detailed-exitcode")).status).toBe(0);

    expect((await tf("destroy", "-auto-approve")).status).toBe(0);
    expect(existsSync(join(files, "beta.json"))).toBe(false);

    // A data source reads an object back through the real terraform; its schema carries Markdown descriptions.
    config("gamma", "read me", PASSWORD_1, 1);
    writeFileSync(
      join(work, "data.tf"),
      `data "tfpluginexample_file" "read" {\n  name = tfpluginexample_file.a.name\n}\n` +
        `output "content" {\n  value = data.tfpluginexample_file.read.content\n}\n` +
        `output "tags" {\n  value = data.tfpluginexample_file.read.tags\n}\n`,
    );
    expect((await tf("apply", "-auto-approve")).status).toBe(0);
    const outputs = JSON.parse((await tf("output", "-json")).stdout) as Record<string, { value: unknown }>;
    expect(outputs.content!.value).toBe("read me");
    expect(outputs.tags!.value).toEqual({ env: "test" });
    const schema = JSON.parse((await tf("providers", "schema", "-json")).stdout) as {
      provider_schemas: Record<string, { data_source_schemas: Record<string, { block: Record<string, unknown> }> }>;
    };
    const dataSchema = Object.values(schema.provider_schemas)[0]!.data_source_schemas.tfpluginexample_file!.block;
    expect(dataSchema).toMatchObject({
      description: "Reads a file written by `tfpluginexample_file`.",
      description_kind: "markdown",
      attributes: { name: { description: "The file's **name**.", description_kind: "markdown", required: true } },
    });
    writeFileSync(join(work, "data.tf"), `data "tfpluginexample_file" "bad" {\n  name = "Not Valid"\n}\n`);
    const invalid = await tf("plan");
    expect(invalid.status).toBe(1);
    expect(invalid.out).toMatch(/Invalid file name/);
    rmSync(join(work, "data.tf"));

    expect((await tf("destroy", "-auto-approve")).status).toBe(0);

    // The provider's own log lines reached Terraform's trace output...
    expect(ws.transcript).toContain("Served tfplugin6.Provider/ApplyResourceChange");
    // ...and no sensitive or write-only literal appears in any plan, apply or TF_LOG=trace output.
    for (const literal of [SECRET, PASSWORD_1, PASSWORD_2]) expect(ws.transcript).not.toContain(literal);
  }, 600_000);
});
