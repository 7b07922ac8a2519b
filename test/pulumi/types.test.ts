/**
 * What a Pulumi program's compiler says, checked with the TypeScript compiler itself (the project's tsconfig):
 * - infisical-input.types.ts compiles, and every line it marks `@ts-expect-error` really is an error naming the word
 *   the marker gives (compiled again without the directives);
 * - the example in Auth0AppConnection's class doc and the TypeScript examples in README's Pulumi section compile as
 *   a user's program would (`infisical-auth0-iac/pulumi` resolved through the tsconfig's paths).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const TYPES_FILE = path.join(__dirname, "infisical-input.types.ts");
const STRIPPED_FILE = path.join(__dirname, "infisical-input.stripped.ts");
const MARKER = /\/\/ @ts-expect-error -- (\w+):/;

/** The class doc's ```typescript block, as the user reads it. */
function classDocExample(): string {
  const source = readFileSync(path.join(ROOT, "provider/pulumi/resource.ts"), "utf8");
  const doc = source.slice(0, source.indexOf("export class Auth0AppConnection"));
  const block = /```typescript\n([\s\S]*?) \* ```/.exec(doc.slice(doc.lastIndexOf("/**")));
  if (!block?.[1]) throw new Error("no ```typescript example in Auth0AppConnection's class doc");
  return block[1].replace(/^ \* ?/gm, "");
}

/** The ```ts blocks of README's Pulumi section. */
function readmeExamples(): string[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Pulumi\n");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** Compiles the given files (real or virtual) in one program with the project's compiler options. */
function compile(virtual: Record<string, string>, real: string[]): Map<string, ts.Diagnostic[]> {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (f) => ts.sys.readFile(f));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (file, lang, ...rest) =>
    file in virtual
      ? ts.createSourceFile(file, virtual[file] as string, lang, true)
      : getSourceFile.call(host, file, lang, ...rest);
  host.fileExists = (file) => file in virtual || fileExists.call(host, file);
  host.readFile = (file) => virtual[file] ?? readFile.call(host, file);
  const program = ts.createProgram({ rootNames: [...real, ...Object.keys(virtual)], options, host });
  const byFile = new Map<string, ts.Diagnostic[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? "(global)";
    byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  return byFile;
}

/** `file:line: [the code the error underlines] message`. */
const show = (d: ts.Diagnostic) => {
  const start = d.start ?? 0;
  const line = d.file ? d.file.getLineAndCharacterOfPosition(start).line + 1 : 0;
  const span = d.file?.text.slice(start, start + (d.length ?? 0)) ?? "";
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  return `${path.basename(d.file?.fileName ?? "")}:${line}: [${span}] ${message}`;
};

const typesSource = readFileSync(TYPES_FILE, "utf8");
const examples: Record<string, string> = {
  [path.join(__dirname, "class-doc-example.ts")]: classDocExample(),
  ...Object.fromEntries(readmeExamples().map((code, i) => [path.join(__dirname, `readme-example-${i}.ts`), code])),
};
let diagnostics: Map<string, ts.Diagnostic[]>;

beforeAll(() => {
  // The marked file without its directives: every marked line must now be an error.
  const stripped = typesSource
    .split("\n")
    .map((line) => (MARKER.test(line) ? "" : line))
    .join("\n");
  diagnostics = compile({ [STRIPPED_FILE]: stripped, ...examples }, [TYPES_FILE]);
}, 120_000);

describe("the per-resource infisical input's type", () => {
  it("compiles with its @ts-expect-error directives, and no global error", () => {
    const errors = [...(diagnostics.get(TYPES_FILE) ?? []), ...(diagnostics.get("(global)") ?? [])];
    expect(errors.map(show)).toEqual([]);
  });

  it("refuses each marked line, naming the marked word", () => {
    const lines = typesSource.split("\n");
    const expected = lines.flatMap((line, i) => {
      const word = MARKER.exec(line)?.[1];
      return word ? [{ line: i + 2, word }] : [];
    });
    expect(expected.length).toBeGreaterThanOrEqual(7);
    const errors = (diagnostics.get(STRIPPED_FILE) ?? []).map(show);
    for (const { line, word } of expected) {
      const onLine = errors.filter((e) => e.startsWith(`infisical-input.stripped.ts:${line}:`));
      expect(onLine, `line ${line} (${lines[line - 1]})`).not.toEqual([]);
      expect(onLine.join("\n"), `line ${line}`).toContain(word);
    }
    // Nothing else fails: the accepted forms are accepted.
    const marked = new Set(expected.map((e) => e.line));
    expect(errors.filter((e) => !marked.has(Number(e.split(":")[1])))).toEqual([]);
  });
});

describe("documented examples", () => {
  it("the class doc's example and README's Pulumi examples compile", () => {
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(3);
    for (const file of Object.keys(examples)) {
      expect((diagnostics.get(file) ?? []).map(show), path.basename(file)).toEqual([]);
    }
  });
});
