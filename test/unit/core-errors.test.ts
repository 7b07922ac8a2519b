import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  IMPORT_ID_FORMS,
  apiStatus,
  auth0RejectedError,
  auth0Rejection,
  coreFieldName,
  explainAuth0Rejection,
  facts,
  isConnectionError,
  isCreateOutcomeUnknown,
  isDuplicateName,
  isInUse,
  isNotFound,
  isOtherApp,
  messageOf,
  parseImportId,
  scopeLabel,
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

describe("import ids at their edges", () => {
  it("a uuid is matched whole, in any case; anything longer is read as a name", () => {
    expect(parseImportId("3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d").kind).toBe("id");
    expect(() => parseImportId("3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d0")).not.toThrow();
    expect(parseImportId("3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d0")).toMatchObject({ kind: "name", projectId: null });
    expect(parseImportId("x3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d")).toMatchObject({ kind: "name" });
  });
  it("a project id with a space is refused, saying so", () => {
    expect(() => parseImportId("my project/auth0-prod")).toThrow(/before the slash is empty or contains spaces/);
  });
  it("counts the slashes it refuses, and says what is wrong with the name in Infisical's words", () => {
    expect(() => parseImportId("a/b/c/d")).toThrow(/it has 3 slashes; at most one separates project and name/);
    expect(() => parseImportId("p/")).toThrow(/"" is not a connection name \(name field must be at least 1/);
    expect(() => parseImportId("   ")).toThrow(/^Import ID " {3}" is not valid: it is empty\. Use one of: /);
    expect(() => parseImportId("")).toThrow(
      'Import ID "" is not valid: it is empty. Use one of: ' +
        "the connection's id, a uuid (e.g. 3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d); " +
        "its name, for an org-level connection (e.g. auth0-prod); " +
        "<projectId>/<name>, for a project-level connection (e.g. 8b0d5b1e-1234-4cde-9f00-aa11bb22cc33/auth0-prod).",
    );
  });
});

describe("reading a failure's facts", () => {
  const failure = (init: Record<string, unknown>) => Object.assign(new Error(String(init.message ?? "x")), init);
  it("reads the status only from an object with a numeric status", () => {
    expect(apiStatus(failure({ status: 404 }))).toBe(404);
    expect(apiStatus({ status: 0 })).toBe(0);
    expect(apiStatus({ status: "404" })).toBeUndefined();
    expect(apiStatus(null)).toBeUndefined();
    expect(apiStatus("404")).toBeUndefined();
    expect(isNotFound({ status: 404, message: "" })).toBe(true);
    expect(isNotFound({ status: 400, message: "" })).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
  it("tells Infisical's 400s apart by their text, and only 400s", () => {
    const bad = (message: string, status = 400) => failure({ status, message });
    expect(isDuplicateName(bad('An App Connection with the name "x" ALREADY EXISTS'))).toBe(true);
    expect(isDuplicateName(bad("already exists", 422))).toBe(false);
    expect(isDuplicateName(bad("Invalid url"))).toBe(false);
    expect(isInUse(bad("Cannot delete: it has existing connections to secret syncs"))).toBe(true);
    expect(isInUse(bad("already exists"))).toBe(false);
    expect(isInUse(bad("existing connections", 500))).toBe(false);
    expect(isOtherApp(bad('App Connection with ID x is not for App "auth0"'))).toBe(true);
    expect(isOtherApp(bad("is not for app", 404))).toBe(false);
    expect(isOtherApp(bad("already exists"))).toBe(false);
  });
  it("a create's outcome is unknown only where the server may have committed", () => {
    expect(isCreateOutcomeUnknown(undefined)).toBe(false);
    expect(isCreateOutcomeUnknown(failure({ status: 500, kind: "http" }))).toBe(true);
    expect(isCreateOutcomeUnknown(failure({ status: 499, kind: "http" }))).toBe(false);
    // An answer of the wrong shape came from the server: whatever it is, it is not a lost answer.
    expect(isCreateOutcomeUnknown(failure({ status: 502, kind: "invalid-response" }))).toBe(false);
    expect(isCreateOutcomeUnknown(failure({ status: 503, kind: "config" }))).toBe(false);
    expect(isCreateOutcomeUnknown(failure({ status: 0, kind: "timeout", method: "POST" }))).toBe(false);
    expect(isCreateOutcomeUnknown(failure({ status: 0, kind: "timeout", method: "POST", maybeProcessed: true }))).toBe(
      true,
    );
    expect(isCreateOutcomeUnknown(failure({ status: 0, kind: "network" }))).toBe(false);
    expect(isCreateOutcomeUnknown(failure({ status: 0, kind: "network", method: "GET" }))).toBe(true);
    expect(isCreateOutcomeUnknown(failure({ status: 0, method: "GET" }))).toBe(false);
  });
  it("Auth0's verdicts: whole status codes, any transport failure, and nothing else", () => {
    const bad = (message: string) => failure({ status: 400, message });
    expect(auth0Rejection(bad("Request failed with status code 4011"))).toBe("other");
    expect(auth0Rejection(bad("Request failed with status code 4031"))).toBe("other");
    expect(auth0Rejection(bad("getaddrinfo EAI_AGAIN t.auth0.com"))).toBe("domain-not-found");
    expect(auth0Rejection(bad("unhandled TOKEN TYPE: mac"))).toBe("token-type");
    for (const text of [
      "connect ECONNREFUSED 127.0.0.1:1",
      "read ECONNRESET",
      "ETIMEDOUT x",
      "Local IPs not allowed",
    ]) {
      expect(auth0Rejection(bad(text))).toBe("other");
    }
    // Anchored: Infisical's own texts that merely mention a status are not Auth0's verdicts.
    expect(auth0Rejection(bad("Upstream: Request failed with status code 500"))).toBeUndefined();
    expect(auth0Rejection(undefined)).toBeUndefined();
  });
  it("messageOf gives an error's message, or the value as text", () => {
    expect(messageOf(new Error("boom"))).toBe("boom");
    expect(messageOf("plain")).toBe("plain");
    expect(messageOf(42)).toBe("42");
  });
});

describe("ConnectionError", () => {
  it("carries code, field and params; a cause only when there is one", () => {
    const cause = new Error("infisical said no");
    const e = new ConnectionError("in-use", "text", { field: "name", params: { id: "i" }, cause });
    expect(e).toBeInstanceOf(Error);
    expect(isConnectionError(e)).toBe(true);
    expect(isConnectionError(cause)).toBe(false);
    expect(e).toMatchObject({ name: "ConnectionError", code: "in-use", field: "name", params: { id: "i" } });
    expect(e.message).toBe("text");
    expect(e.cause).toBe(cause);
    const bare = new ConnectionError("replace-required", "x");
    expect(bare.field).toBeUndefined();
    expect(bare.params).toEqual({});
    expect("cause" in bare).toBe(false);
  });
});

describe("the shared wording", () => {
  const upper = (p: string) => p.toUpperCase();
  it("names the scope", () => {
    expect(scopeLabel("p-1")).toBe("project p-1");
    expect(scopeLabel(null)).toBe("the organization (org-level)");
    expect(scopeLabel(undefined)).toBe("the organization (org-level)");
    expect(scopeLabel("")).toBe("the organization (org-level)");
    expect(coreFieldName("credentials.clientId")).toBe("credentials.clientId");
  });
  it("states each situation's facts with the names, ids, scope and Infisical's text", () => {
    const p = { name: "auth0-prod", projectId: "p-1", id: "id-1", infisical: "already exists" };
    expect(facts.identical(p)).toBe(
      'An Auth0 App Connection named "auth0-prod" already exists in project p-1 (id id-1), with this resource\'s ' +
        "name, description, domain, client ID and audience: most likely an earlier run created it and was " +
        "interrupted before recording it.",
    );
    expect(facts.different({ ...p, fields: ["description", "credentials.clientId"] }, upper)).toBe(
      'An Auth0 App Connection named "auth0-prod" already exists in project p-1 (id id-1), but it differs from ' +
        "this resource in DESCRIPTION, CREDENTIALS.CLIENTID: it is not the connection declared here. Choose another " +
        "name, or rename or delete the existing connection in Infisical.",
    );
    expect(facts.different({ name: "n", projectId: null, id: "i" }, upper)).toContain(
      "differs from this resource in :",
    );
    expect(facts.otherApp(p)).toBe(
      'The name "auth0-prod" belongs to an App Connection of another app (not Auth0) in project p-1 (Infisical: ' +
        "already exists). Names are unique across all apps in a scope.",
    );
    expect(facts.otherApp({ name: "n", projectId: null })).toBe(
      'The name "n" belongs to an App Connection of another app (not Auth0) in the organization (org-level). ' +
        "Names are unique across all apps in a scope.",
    );
    expect(facts.outcomeUnknown(p)).toBe(
      'Creating the Auth0 App Connection "auth0-prod" in project p-1 may or may not have taken effect: ' +
        "Infisical's answer was lost and the look-up that should settle it failed too (Infisical: already exists). " +
        "The connection MAY exist now",
    );
    expect(facts.gone(p)).toBe(
      'App Connection id-1 ("auth0-prod") no longer exists in Infisical: it was deleted outside this tool.',
    );
    expect(facts.inUse({ ...p, infisical: "" })).toBe(
      'Cannot delete App Connection "auth0-prod" (id-1): Infisical still uses it for secret syncs or rotations. ' +
        "Remove those in Infisical first, then retry; or stop managing it without deleting it",
    );
  });
  it("explains each Auth0 rejection, naming the fields to check in the engine's words", () => {
    const explain = (r: Parameters<typeof explainAuth0Rejection>[0], host?: string, infisical?: string) =>
      explainAuth0Rejection(r, { host, infisical }, upper);
    const grant =
      "the Auth0 machine-to-machine application must be authorized for that audience (Auth0 dashboard: APIs → " +
      "the API → Machine to Machine Applications)";
    const lead = "Infisical could not obtain an Auth0 token with these credentials. ";
    expect(explain("unauthorized", "t.auth0.com", "Request failed with status code 401")).toBe(
      `${lead}Auth0 ("t.auth0.com") refused the client-credentials grant with 401 Unauthorized: the client ID or ` +
        "client secret is wrong for this tenant. Check CREDENTIALS.CLIENTSECRET and CREDENTIALS.CLIENTID (of a " +
        "machine-to-machine application in that tenant), CREDENTIALS.DOMAIN and CREDENTIALS.AUDIENCE; " +
        `${grant}. Infisical: Request failed with status code 401`,
    );
    expect(explain("forbidden")).toBe(
      `${lead}Auth0 (the tenant) refused the client-credentials grant with 403 Forbidden: the application is most ` +
        `likely not authorized for the audience. Check CREDENTIALS.AUDIENCE; ${grant}. Then check ` +
        "CREDENTIALS.DOMAIN, CREDENTIALS.CLIENTID and CREDENTIALS.CLIENTSECRET.",
    );
    expect(explain("domain-not-found", "x.example")).toBe(
      `${lead}The Auth0 domain "x.example" could not be found (DNS). Check CREDENTIALS.DOMAIN: the tenant's host ` +
        "name, e.g. acme.eu.auth0.com, or a custom domain that resolves from the Infisical server.",
    );
    const all =
      "Check CREDENTIALS.DOMAIN, CREDENTIALS.CLIENTID, CREDENTIALS.CLIENTSECRET and CREDENTIALS.AUDIENCE; " +
      `${grant}.`;
    expect(explain("token-type", "h")).toBe(
      `${lead}"h" answered, but not with an Auth0 Bearer token. Check that CREDENTIALS.DOMAIN is the Auth0 tenant ` +
        `and CREDENTIALS.AUDIENCE one of its APIs. ${all}`,
    );
    expect(explain("other", "h", "ETIMEDOUT")).toBe(
      `${lead}The token request to "h" failed. ${all} Infisical: ETIMEDOUT`,
    );
  });
  it("pins an Auth0 rejection to the field most likely at fault, and reads the tenant's host from the domain", () => {
    const cause = new Error("x");
    const cases = [
      ["unauthorized", "t.auth0.com", "credentials.clientSecret", "t.auth0.com"],
      ["forbidden", "https://t.auth0.com/", "credentials.audience", "t.auth0.com"],
      ["domain-not-found", "HTTP://127.0.0.1:8080", "credentials.domain", "127.0.0.1:8080"],
      ["token-type", "t.auth0.com:8443", "credentials.domain", "t.auth0.com:8443"],
      ["other", "not a host", "credentials.domain", undefined],
    ] as const;
    for (const [rejection, domain, field, host] of cases) {
      const e = auth0RejectedError(rejection, domain, "Infisical's text", cause);
      expect(e).toMatchObject({
        code: "auth0-rejected",
        field,
        params: { rejection, host, infisical: "Infisical's text" },
      });
      expect(e.cause).toBe(cause);
      expect(e.message).toBe(explainAuth0Rejection(rejection, { host, infisical: "Infisical's text" }, coreFieldName));
    }
    expect(auth0RejectedError("other", "", "t", cause).params.host).toBeUndefined();
    // Only a leading scheme is a scheme: a host that merely contains "http" gets https:// prepended.
    expect(auth0RejectedError("other", "myhttp.auth0.com", "t", cause).params.host).toBe("myhttp.auth0.com");
  });
});
