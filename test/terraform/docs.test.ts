// The Terraform Registry docs (docs/) and the examples they show: generated from the schema terraform really gets
// (compared with `terraform providers schema -json` against the built provider), every attribute described in
// Markdown, the committed pages up to date (the same check as `npm run docs:check`, and proof it fails on a stale
// page), and every example validated by the real terraform with the dev override.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { parseImportId } from "../../provider/connection";
import { ROOT, generateDocs, staleDocs } from "../../provider/terraform/docs/generate";
import { type JsonAttribute, providerSchemaJson } from "../../provider/terraform/docs/schema-json";
import { infisicalAuth0Provider } from "../../provider/terraform/provider";
import { PROVIDER_SOURCE } from "../../provider/terraform/schema";
import { tempDir } from "../cdktf/helpers";
import { terraformTest } from "../support/terraform-test";
import { HEADER, NO_TERRAFORM, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform docs: ${NO_TERRAFORM}`);

const TIMEOUT = 120_000;
const { it } = terraformTest();
const example = (path: string) => readFileSync(join(ROOT, "examples", path), "utf8");
const PROVIDER_EXAMPLE = "provider/provider.tf";
const RESOURCE_DIR = "resources/infisicalauth0_app_connection";
const DATA_SOURCE_DIR = "data-sources/infisicalauth0_app_connection";
/** A page's Markdown headings (not the `#` comments inside its code blocks). */
const headings = (page: string) =>
  page
    .replace(/^---\n[\s\S]*?\n---\n/, "")
    .replace(/```[\s\S]*?```/g, "")
    .match(/^#+ .*$/gm);

describe("Registry docs", () => {
  it("are up to date with the provider's schema and the examples (npm run docs:check)", () => {
    expect(staleDocs()).toEqual([]);
  });

  it("the check fails on a stale page, a changed example and a page nothing generates", () => {
    const root = tempDir("registry-docs-");
    for (const dir of ["docs", "examples", "templates"]) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
    expect(staleDocs(root)).toEqual([]);
    const page = join(root, "docs", "resources", "app_connection.md");
    writeFileSync(page, readFileSync(page, "utf8").replace("### Read-Only", "### Computed"));
    // An example changed without regenerating: the page that shows it is stale.
    const dataExample = join(root, "examples", DATA_SOURCE_DIR, "data-source.tf");
    writeFileSync(dataExample, `${readFileSync(dataExample, "utf8")}\n# changed\n`);
    writeFileSync(join(root, "docs", "data-sources", "removed_thing.md"), "# gone\n");
    expect(staleDocs(root)).toEqual([
      "docs/resources/app_connection.md is out of date",
      "docs/data-sources/app_connection.md is out of date",
      "docs/data-sources/removed_thing.md is not generated from any resource or data source",
    ]);
  });

  it("lay out each page as the Registry renders it: Example Usage, Schema groups, nested schema, Import", () => {
    const pages = generateDocs();
    const resource = pages.get("docs/resources/app_connection.md")!;
    expect(resource).toMatch(/^---\n[\s\S]*page_title: "infisicalauth0_app_connection Resource - infisicalauth0"/);
    expect(headings(resource)).toEqual([
      "# infisicalauth0_app_connection (Resource)",
      "## Example Usage",
      "## Schema",
      "### Required",
      "### Optional",
      "### Read-Only",
      "### Nested Schema for `credentials`",
      "## Import",
    ]);
    expect(resource).toContain("- `client_secret` (String, Sensitive) ");
    expect(resource).toMatch(
      /- `client_secret_wo` \(String, Sensitive, \[Write-only\]\(https:\/\/developer\.hashicorp/,
    );
    expect(resource).toContain('<a id="nestedatt--credentials"></a>');
    expect(resource).toContain(example(`${RESOURCE_DIR}/import.sh`).trim());
    const data = pages.get("docs/data-sources/app_connection.md")!;
    expect(headings(data)).toEqual([
      "# infisicalauth0_app_connection (Data Source)",
      "## Example Usage",
      "## Schema",
      "### Optional",
      "### Read-Only",
      "### Nested Schema for `credentials`",
    ]);
    const index = pages.get("docs/index.md")!;
    expect(index).toContain("## Authentication");
    expect(index).toContain(example(PROVIDER_EXAMPLE).trim());
    expect(index).toContain("### Nested Schema for `auth.universal`");
  });

  it("list every accepted import ID form, each one the provider accepts", () => {
    const commands = example(`${RESOURCE_DIR}/import.sh`)
      .split("\n")
      .filter((l) => l.startsWith("terraform import"));
    const refs = commands.map((c) => parseImportId(c.split(" ")[3]!));
    expect(refs.map((r) => (r.kind === "id" ? "id" : r.projectId ? "project/name" : "name"))).toEqual([
      "id",
      "name",
      "project/name",
    ]);
    const resources = [...example(`${RESOURCE_DIR}/resource.tf`).matchAll(/resource "(\w+)" "(\w+)"/g)].map(
      (m) => `${m[1]}.${m[2]}`,
    );
    for (const c of commands) expect(resources).toContain(c.split(" ")[2]);
  });
});

describe.skipIf(!hasTerraform)("Registry docs against the real terraform", () => {
  it(
    "are generated from the schema terraform gets from the built provider; every attribute described in Markdown",
    async ({ ws }) => {
      ws.write(HEADER);
      const r = await ws.tf("providers", "schema", "-json");
      expect(r.status, r.out).toBe(0);
      const real = (JSON.parse(r.stdout) as { provider_schemas: Record<string, unknown> }).provider_schemas[
        PROVIDER_SOURCE
      ];
      expect(real).toEqual(providerSchemaJson(infisicalAuth0Provider));

      const undescribed: string[] = [];
      const walk = (where: string, attributes: Record<string, JsonAttribute>) => {
        for (const [name, a] of Object.entries(attributes)) {
          const path = `${where}.${name}`;
          if (!a.description?.trim() || a.description_kind !== "markdown") undescribed.push(path);
          if (a.nested_type) walk(path, a.nested_type.attributes);
        }
      };
      const schemas = real as ReturnType<typeof providerSchemaJson>;
      walk("provider", schemas.provider.block.attributes);
      for (const [type, s] of Object.entries(schemas.resource_schemas)) walk(`resource ${type}`, s.block.attributes);
      for (const [type, s] of Object.entries(schemas.data_source_schemas)) walk(`data ${type}`, s.block.attributes);
      expect(undescribed).toEqual([]);
      for (const s of [
        schemas.provider,
        ...Object.values(schemas.resource_schemas),
        ...Object.values(schemas.data_source_schemas),
      ]) {
        expect(s.block.description_kind).toBe("markdown");
        expect(s.block.description?.length).toBeGreaterThan(40);
      }
    },
    TIMEOUT,
  );

  it(
    "examples: each validates (with the provider example's requirements) and is formatted as terraform fmt writes",
    async ({ ws }) => {
      const fmt = await ws.tf("fmt", "-check", "-diff", "-recursive", join(ROOT, "examples"));
      expect(fmt.status, fmt.out).toBe(0);
      const sets = [
        [PROVIDER_EXAMPLE],
        [PROVIDER_EXAMPLE, `${RESOURCE_DIR}/resource.tf`, `${RESOURCE_DIR}/import-by-string-id.tf`],
        [PROVIDER_EXAMPLE, `${DATA_SOURCE_DIR}/data-source.tf`],
      ];
      for (const files of sets) {
        for (const f of ["provider.tf", "resource.tf", "import-by-string-id.tf", "data-source.tf"]) ws.remove(f);
        for (const f of files) ws.write(example(f), f.split("/").pop());
        const r = await ws.tf("validate");
        expect(r.status, `${files.join(" + ")}\n${r.out}`).toBe(0);
        expect(r.out).toContain("Success! The configuration is valid");
      }
    },
    TIMEOUT,
  );

  it(
    "the Terraform snippets written into the provider page validate too",
    async ({ ws }) => {
      const index = readFileSync(join(ROOT, "docs", "index.md"), "utf8");
      const snippets = [...index.matchAll(/```terraform\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(snippets.length).toBeGreaterThan(1);
      for (const snippet of snippets) {
        ws.write(snippet.includes("required_providers") ? snippet : HEADER + snippet);
        const r = await ws.tf("validate");
        expect(r.status, `${snippet}\n${r.out}`).toBe(0);
      }
    },
    TIMEOUT,
  );
});
