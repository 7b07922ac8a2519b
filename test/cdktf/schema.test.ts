// The CDKTF constructs are written by hand in the shape `cdktf get` generates. Rather than generate them at build time
// (a code generator plus a committed or built TypeScript file, for one resource and one provider block), every
// construct property is checked here against the provider's own schema: names, types, optional/required, sensitive
// and write-only, the generated-style `// attr - computed: …` markers, and the getters, setters, *Input and reset*
// members. A schema change that the constructs do not follow fails this test.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { Attribute, Attributes } from "../../provider/terraform/plugin/schema";
import { connectionDataSchema, connectionSchema, providerSchema } from "../../provider/terraform/schema";

const DIR = join(__dirname, "..", "..", "provider", "cdktf");
const FILES = ["app-connection.ts", "credentials.ts", "provider-construct.ts", "data-app-connection.ts"].map((f) =>
  join(DIR, f),
);
const sources = FILES.map((file) =>
  ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true),
);

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const pascal = (snake: string) => camel(snake).replace(/^./, (c) => c.toUpperCase());

interface Member {
  optional: boolean;
  readonly: boolean;
  method: boolean;
  type: string;
  doc: string;
}

/** The members of an interface declared in one of the construct files. */
function members(interfaceName: string): Map<string, Member> {
  for (const source of sources) {
    for (const statement of source.statements) {
      if (!ts.isInterfaceDeclaration(statement) || statement.name.text !== interfaceName) continue;
      const out = new Map<string, Member>();
      for (const m of statement.members) {
        if (!m.name || !ts.isIdentifier(m.name)) continue;
        const docs = ts.getJSDocCommentsAndTags(m).map((d) => d.getText(source));
        out.set(m.name.text, {
          optional: m.questionToken !== undefined,
          readonly: (ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Readonly) !== 0,
          method: ts.isMethodSignature(m),
          type: (m as ts.PropertySignature).type?.getText(source) ?? "",
          doc: docs.join(" "),
        });
      }
      return out;
    }
  }
  throw new Error(`interface ${interfaceName} not found in provider/cdktf`);
}

/**
 * The generated-style markers: `// a, b - computed: x, optional: y, required: z[, sensitive][, write-only …]`, of the
 * given construct files (the resource and the data source both have an `id`, with different flags).
 */
function markers(files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of sources.filter((s) => files.includes(basename(s.fileName)))) {
    for (const match of source.text.matchAll(/^\s*\/\/ ([a-z_, ]+) - (computed: .*)$/gm)) {
      for (const name of (match[1] as string).split(/,\s*/)) out.set(name, match[2] as string);
    }
  }
  return out;
}

function expectedMarker(attribute: Attribute): RegExp {
  const o = attribute.options;
  const flags = `computed: ${o.computed === true}, optional: ${o.optional === true}, required: ${o.required === true}`;
  const sensitive = o.sensitive ? ", sensitive" : "";
  const writeOnly = o.writeOnly ? ", write-only" : "";
  return new RegExp(`^${flags}${sensitive}${writeOnly}(?!, (sensitive|write-only))`);
}

function typeMatches(attribute: Attribute, type: string, nestedName?: string): boolean {
  if (attribute.nested) return type.split("|")[0]!.trim() === nestedName;
  const expected = { string: "string", number: "number", bool: "boolean" }[attribute.type as string];
  return type.split("|").map((t) => t.trim())[0] === expected;
}

const configurable = (a: Attribute) => a.options.required === true || a.options.optional === true;

/** Checks a config interface against a block of the schema; `nested` names the interfaces of nested attributes. */
function checkConfig(interfaceName: string, attributes: Attributes, nested: Record<string, string>, extra: string[]) {
  const props = members(interfaceName);
  const expected = Object.entries(attributes).filter(([, a]) => configurable(a));
  expect([...props.keys()].filter((k) => !extra.includes(k)).sort(), interfaceName).toEqual(
    expected.map(([name]) => camel(name)).sort(),
  );
  for (const [name, attribute] of expected) {
    const prop = props.get(camel(name))!;
    const where = `${interfaceName}.${camel(name)}`;
    expect(prop.optional, `${where} optional`).toBe(attribute.options.required !== true);
    expect(typeMatches(attribute, prop.type, nested[name]), `${where}: ${prop.type}`).toBe(true);
    expect(/sensitive/i.test(prop.doc), `${where} doc says sensitive`).toBe(attribute.options.sensitive === true);
    expect(/write-only/i.test(prop.doc), `${where} doc says write-only`).toBe(attribute.options.writeOnly === true);
    expect(prop.doc.length, `${where} has a doc comment`).toBeGreaterThan(0);
    if (attribute.nested) {
      checkConfig(nested[name]!, attribute.nested.attributes, nested, []);
    }
  }
}

/**
 * Checks the members a generated class has for each attribute: getter, setter, *Input, reset*, and for a nested
 * attribute put* (resources) or a plain setter (providers).
 */
function checkInstance(interfaceName: string, attributes: Attributes, nestedBy: "put" | "setter") {
  const props = members(interfaceName);
  for (const [name, attribute] of Object.entries(attributes)) {
    const where = `${interfaceName}.${camel(name)}`;
    const getter = props.get(camel(name));
    expect(getter, where).toBeDefined();
    if (!configurable(attribute)) {
      expect(getter!.readonly, `${where} is read-only`).toBe(true);
      continue;
    }
    expect(props.has(`${camel(name)}Input`), `${where}Input`).toBe(true);
    if (attribute.nested && nestedBy === "put") {
      expect(props.get(`put${pascal(name)}`)?.method, `put${pascal(name)}`).toBe(true);
    } else expect(getter!.readonly, `${where} has a setter`).toBe(false);
    if (attribute.options.optional)
      expect(props.get(`reset${pascal(name)}`)?.method, `reset${pascal(name)}`).toBe(true);
  }
}

describe("CDKTF constructs against the provider's schema", () => {
  const credentials = connectionSchema.attributes.credentials.nested!.attributes;

  it("the resource config has every configurable attribute, with its type and optionality", () => {
    checkConfig("AppConnectionConfig", connectionSchema.attributes, { credentials: "AppConnectionCredentials" }, []);
  });

  it("the provider config has every provider attribute (and cdktf's alias)", () => {
    const auth = providerSchema.attributes.auth.nested!.attributes;
    checkConfig(
      "InfisicalAuth0ProviderConfig",
      providerSchema.attributes,
      {
        auth: "InfisicalAuth0ProviderAuth",
        universal: "InfisicalAuth0ProviderUniversalAuth",
        oidc: "InfisicalAuth0ProviderOidcAuth",
        kubernetes: "InfisicalAuth0ProviderKubernetesAuth",
        aws_iam: "InfisicalAuth0ProviderAwsIamAuth",
      },
      ["alias"],
    );
    expect(Object.keys(auth).sort()).toEqual([
      "aws_iam",
      "kubernetes",
      "oidc",
      "organization_slug",
      "token",
      "universal",
    ]);
  });

  it("the classes expose every attribute as generated code does", () => {
    checkInstance("AppConnection", connectionSchema.attributes, "put");
    checkInstance("AppConnectionCredentialsOutputReference", credentials, "put");
    checkInstance("InfisicalAuth0Provider", providerSchema.attributes, "setter");
  });

  it("every attribute has its generated-style marker with the schema's flags", () => {
    const checkMarkers = (files: string[], attributes: Attributes) => {
      const found = markers(files);
      for (const [name, attribute] of Object.entries(attributes)) {
        expect(found.get(name), `marker for ${name} in ${files.join(", ")}`).toMatch(expectedMarker(attribute));
      }
    };
    checkMarkers(["app-connection.ts", "credentials.ts", "provider-construct.ts"], {
      ...connectionSchema.attributes,
      ...credentials,
      ...providerSchema.attributes,
    });
    checkMarkers(["data-app-connection.ts"], {
      ...connectionDataSchema.attributes,
      ...connectionDataSchema.attributes.credentials.nested!.attributes,
    });
  });

  it("the data source config has exactly its lookup attributes, and the class every attribute", () => {
    checkConfig("DataAppConnectionConfig", connectionDataSchema.attributes, {}, []);
    checkInstance("DataAppConnection", connectionDataSchema.attributes, "put");
    checkInstance(
      "DataAppConnectionCredentialsOutputReference",
      connectionDataSchema.attributes.credentials.nested!.attributes,
      "put",
    );
  });
});
