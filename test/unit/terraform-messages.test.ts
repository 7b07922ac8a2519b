// provider/terraform/messages.ts: every code the core raises, worded for a Terraform user. Each one names fields by
// their Terraform attribute (`project_id`, `credentials.client_secret_wo`), never the core's camelCase or a Pulumi
// word, and the import and lookup errors list the accepted forms. (The Record below must name every code: a code added
// to the core without a Terraform case fails to compile here and in messages.ts.)
import { describe, expect, it } from "vitest";
import { ConnectionError, type ConnectionErrorCode, coreFieldName } from "../../provider/connection";
import { terraformFieldName } from "../../provider/terraform/convert";
import { InfisicalApiError, type InfisicalErrorReason } from "../../provider/infisical/errors";
import { infisicalMessage, terraformMessage } from "../../provider/terraform/messages";

const id = "3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d";
const projectId = "8b0d5b1e-1234-4cde-9f00-aa11bb22cc33";
const base = { name: "auth0-prod", projectId, id, infisical: "Infisical's own text" };
const failures = [
  { path: "credentials.clientSecret", message: "Client Secret required" },
  { path: "projectId", message: "must not be empty" },
];

const SAMPLES: Record<ConnectionErrorCode, ConnectionError> = {
  "invalid-input": new ConnectionError("invalid-input", "x", { params: { failures } }),
  "input-unknown": new ConnectionError("input-unknown", "Some inputs are not known yet."),
  "name-taken": new ConnectionError("name-taken", "x", { params: base }),
  "name-taken-identical": new ConnectionError("name-taken-identical", "x", { params: base }),
  "name-taken-different": new ConnectionError("name-taken-different", "x", {
    params: { ...base, fields: ["description", "credentials.clientId"] },
  }),
  "name-taken-other-app": new ConnectionError("name-taken-other-app", "x", { params: base }),
  "create-outcome-unknown": new ConnectionError("create-outcome-unknown", "x", { params: base }),
  "rename-taken": new ConnectionError("rename-taken", "x", { params: base }),
  "gone-on-update": new ConnectionError("gone-on-update", "x", { params: base }),
  "in-use": new ConnectionError("in-use", "x", { params: base }),
  "replace-required": new ConnectionError("replace-required", "x", {
    params: { ...base, fields: ["projectId", "method"] },
  }),
  "import-id-invalid": new ConnectionError("import-id-invalid", "x", {
    params: { importId: "a/b/c", problem: "it has 2 slashes" },
  }),
  "import-not-found": new ConnectionError("import-not-found", `No Auth0 App Connection named "auth0-prod".`, {
    params: { importId: "auth0-prod", name: "auth0-prod", projectId: null, candidates: [{ id, projectId }] },
  }),
  "auth0-rejected": new ConnectionError("auth0-rejected", "x", {
    params: { rejection: "unauthorized", host: "t.auth0.com", infisical: "Request failed with status code 401" },
  }),
  "lookup-invalid": new ConnectionError("lookup-invalid", "x", { params: { lookupProblem: "project-without-name" } }),
  "lookup-not-found": new ConnectionError("lookup-not-found", "x", {
    params: { name: "auth0-prod", projectId: null, candidates: [{ id, projectId }] },
  }),
  "lookup-ambiguous": new ConnectionError("lookup-ambiguous", "x", {
    params: {
      name: "auth0-prod",
      projectId: null,
      candidates: [
        { id, projectId },
        { id, projectId: "p2" },
      ],
    },
  }),
  "lookup-other-app": new ConnectionError("lookup-other-app", "x", { params: { id, infisical: "not for App" } }),
};

/** The core's own spelling of fields that Terraform spells otherwise; none may reach a Terraform user. */
const CORE_NAMES = /\b(projectId|clientId|clientSecret|adoptExisting|ignoreCredentialRefresh|clientSecretWo)\b/;

describe("Terraform messages", () => {
  for (const [code, error] of Object.entries(SAMPLES)) {
    it(`${code}: Terraform's attribute names, no core or Pulumi spelling`, () => {
      const { summary, detail } = terraformMessage(error, terraformFieldName("write-only"));
      expect(summary.length).toBeGreaterThan(5);
      expect(detail).not.toMatch(CORE_NAMES);
      expect(detail).not.toMatch(/pulumi|adoptExisting|stack config/i);
      expect(detail).not.toContain("undefined");
    });
  }

  it("the fields named are the attributes of the secret form in use", () => {
    const error = new ConnectionError("invalid-input", "x", { params: { failures } });
    expect(terraformMessage(error, terraformFieldName("write-only")).detail).toContain(
      "credentials.client_secret_wo: Client Secret required",
    );
    expect(terraformMessage(error, terraformFieldName("plain")).detail).toContain("credentials.client_secret:");
    expect(terraformMessage(SAMPLES["replace-required"], terraformFieldName("plain")).detail).toContain(
      "project_id, method cannot change in place",
    );
    // The core's own words, by contrast, are camelCase: the test above would catch them.
    expect(coreFieldName("projectId")).toMatch(CORE_NAMES);
  });

  it("import errors list the accepted ID forms; an import by name points at the scope that has it", () => {
    for (const code of ["import-id-invalid", "import-not-found"] as const) {
      const { detail } = terraformMessage(SAMPLES[code], terraformFieldName("plain"));
      expect(detail).toContain("Accepted forms: the connection's id (a uuid); its name, for an org-level connection");
      expect(detail).toContain("<project_id>/<name>, for a project-level connection");
    }
    expect(terraformMessage(SAMPLES["import-not-found"], terraformFieldName("plain")).detail).toContain(
      `Project ${projectId} has one: import it with the ID "${projectId}/auth0-prod".`,
    );
  });

  it("lookup errors list the accepted lookups and what to set", () => {
    const invalid = terraformMessage(
      new ConnectionError("lookup-invalid", "x", { params: { lookupProblem: "neither" } }),
      terraformFieldName("plain"),
    ).detail;
    expect(invalid).toContain("Look a connection up by id (its uuid");
    expect(invalid).toContain("with project_id for a project-level one");
    expect(terraformMessage(SAMPLES["lookup-not-found"], terraformFieldName("plain")).detail).toContain(
      `set project_id = "${projectId}" to read it`,
    );
    expect(terraformMessage(SAMPLES["lookup-ambiguous"], terraformFieldName("plain")).detail).toContain(
      "Set project_id to the project you mean",
    );
  });
});

describe("Terraform summaries for the client's failures", () => {
  const REASONS: Record<InfisicalErrorReason, string> = {
    "login-rejected": "Infisical login refused",
    "login-locked": "Infisical identity locked out",
    "login-failed-earlier": "Infisical login refused",
    "not-infisical": "Host is not an Infisical server",
    unreachable: "Infisical not reachable",
    "token-rejected": "Infisical access token refused",
    config: "Invalid Infisical provider configuration",
    "create-outcome-unknown": "App Connection may have been created",
  };

  for (const [reason, summary] of Object.entries(REASONS) as [InfisicalErrorReason, string][]) {
    it(`${reason}: "${summary}", the client's message as the detail`, () => {
      const e = new InfisicalApiError({ kind: "http", message: `the ${reason} text`, reason });
      expect(infisicalMessage(e)).toEqual({ summary, detail: `the ${reason} text` });
    });
  }

  it("an error of another copy of the client's class (the provider's lazily loaded chunk) is recognised by name", () => {
    const other = Object.assign(new Error("Could not reach Infisical"), {
      name: "InfisicalApiError",
      reason: "unreachable",
    });
    expect(other).not.toBeInstanceOf(InfisicalApiError);
    expect(infisicalMessage(other)).toEqual({
      summary: "Infisical not reachable",
      detail: "Could not reach Infisical",
    });
  });

  it("a client error without a reason, an unknown reason, and anything else, are not worded here", () => {
    const odd = Object.assign(new Error("x"), { name: "InfisicalApiError", reason: "toString" });
    expect(infisicalMessage(odd)).toBeUndefined();
    expect(infisicalMessage(new InfisicalApiError({ kind: "http", status: 500, message: "boom" }))).toBeUndefined();
    expect(infisicalMessage(new Error("boom"))).toBeUndefined();
    expect(infisicalMessage("boom")).toBeUndefined();
  });
});
