import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  IMPORT_ID_FORMS,
  auth0Rejection,
  isCreateOutcomeUnknown,
  parseImportId,
} from "../../provider/connection";

describe("the core's words", () => {
  it("never name an engine: no Terraform or Pulumi word in any string the core builds", () => {
    const dir = join(__dirname, "..", "..", "provider", "connection");
    const offenders: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = ts.createSourceFile(file, readFileSync(join(dir, file), "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
          if (/terraform|pulumi|adopt_existing|import \{/i.test(node.text)) offenders.push(`${file}: ${node.text}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offenders).toEqual([]);
  });
});

describe("parseImportId", () => {
  it("accepts a uuid, a name, and <projectId>/<name>", () => {
    expect(parseImportId(" 3F1C2B9E-8D4A-4C1E-9B7A-2E5F6A7B8C9D ")).toEqual({
      kind: "id",
      id: "3F1C2B9E-8D4A-4C1E-9B7A-2E5F6A7B8C9D",
    });
    expect(parseImportId("auth0-prod")).toEqual({ kind: "name", name: "auth0-prod", projectId: null });
    expect(parseImportId("proj-1/auth0-prod")).toEqual({ kind: "name", name: "auth0-prod", projectId: "proj-1" });
  });
  it.each([
    ["a/b/c", "it has 2 slashes"],
    ["", "it is empty"],
    ["/auth0-prod", "the project id before the slash is empty"],
    ["p/Auth0 Prod", '"Auth0 Prod" is not a connection name'],
    ["not a uuid or name", "is not a connection name"],
  ])("refuses %j, saying why and listing the accepted forms", (importId, why) => {
    let error: unknown;
    try {
      parseImportId(importId);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectionError);
    const e = error as ConnectionError;
    expect(e.code).toBe("import-id-invalid");
    expect(e.params.importId).toBe(importId);
    expect(e.message).toContain(why);
    for (const form of IMPORT_ID_FORMS) expect(e.message).toContain(form);
  });
});

describe("reading the client's failures", () => {
  const failure = (init: Record<string, unknown>) => Object.assign(new Error(String(init.message ?? "x")), init);
  it("a create may have happened after a lost answer, a 5xx or a failed look-up; not after a refused connection", () => {
    expect(isCreateOutcomeUnknown(failure({ status: 0, reason: "create-outcome-unknown", kind: "http" }))).toBe(true);
    expect(isCreateOutcomeUnknown(failure({ status: 503, kind: "http", method: "POST" }))).toBe(true);
    expect(isCreateOutcomeUnknown(failure({ status: 0, kind: "network", method: "POST", maybeProcessed: true }))).toBe(
      true,
    );
    expect(isCreateOutcomeUnknown(failure({ status: 0, kind: "timeout", method: "GET" }))).toBe(true);
    expect(isCreateOutcomeUnknown(failure({ status: 0, kind: "network", method: "POST", maybeProcessed: false }))).toBe(
      false,
    );
    expect(isCreateOutcomeUnknown(failure({ status: 0, kind: "config" }))).toBe(false);
    expect(isCreateOutcomeUnknown(failure({ status: 400, kind: "http", method: "POST" }))).toBe(false);
  });
  it("recognises Infisical's texts for a failed Auth0 token request", () => {
    const bad = (message: string) => failure({ status: 400, message });
    expect(auth0Rejection(bad("Request failed with status code 401"))).toBe("unauthorized");
    expect(auth0Rejection(bad("Request failed with status code 403"))).toBe("forbidden");
    expect(auth0Rejection(bad("getaddrinfo ENOTFOUND x.auth0.com"))).toBe("domain-not-found");
    expect(auth0Rejection(bad("Unhandled token type: mac"))).toBe("token-type");
    expect(auth0Rejection(bad("Request failed with status code 500"))).toBe("other");
    expect(auth0Rejection(bad('An App Connection with the name "x" already exists'))).toBeUndefined();
    expect(auth0Rejection(failure({ status: 401, message: "Request failed with status code 401" }))).toBeUndefined();
  });
});
