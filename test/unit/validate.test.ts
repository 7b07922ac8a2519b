// validateConnectionInput: what a user who declares a wrong value reads at preview / `terraform validate`, before any
// API call. Wrong types, null and absent values, blanks, boundaries, unknowns, and field names in the engine's words.
import { describe, expect, it } from "vitest";
import { type RawConnectionInput, UNKNOWN, validateConnectionInput } from "../../provider/connection";

const AUDIENCE = "https://t.auth0.com/api/v2/";
const good = (): RawConnectionInput => ({
  name: "auth0-prod",
  credentials: { domain: "t.auth0.com", clientId: "cid", clientSecret: "zz-secret-value", audience: AUDIENCE },
});
/** Terraform-like names, so a test sees which messages go through the engine's namer. */
const snake = (path: string) => path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function failuresOf(raw: RawConnectionInput, name = snake) {
  return validateConnectionInput(raw, name).failures;
}

describe("a valid declaration", () => {
  it("passes with no failure, trimmed, with the defaults of an org-level connection", () => {
    const { value, failures } = validateConnectionInput({
      name: "  auth0-prod\t",
      description: "  tenant  ",
      credentials: { domain: " t.auth0.com ", clientId: " cid ", clientSecret: " s3 ", audience: ` ${AUDIENCE} ` },
    });
    expect(failures).toEqual([]);
    expect(value).toEqual({
      name: "auth0-prod",
      description: "tenant",
      projectId: null,
      method: "client-credentials",
      credentials: { domain: "t.auth0.com", clientId: "cid", clientSecret: "s3", audience: AUDIENCE },
      adoptExisting: false,
      ignoreCredentialRefresh: false,
    });
  });
  it("keeps a project id, the method spelled out, and both options when set", () => {
    const { value, failures } = validateConnectionInput({
      ...good(),
      projectId: " p-1 ",
      method: "client-credentials",
      adoptExisting: true,
      ignoreCredentialRefresh: true,
    });
    expect(failures).toEqual([]);
    expect(value).toMatchObject({
      projectId: "p-1",
      method: "client-credentials",
      adoptExisting: true,
      ignoreCredentialRefresh: true,
    });
  });
  it("accepts the boundaries: a 1- and a 64-character name, a 256-character description", () => {
    expect(failuresOf({ ...good(), name: "a" })).toEqual([]);
    expect(failuresOf({ ...good(), name: "a".repeat(64) })).toEqual([]);
    expect(failuresOf({ ...good(), description: "d".repeat(256) })).toEqual([]);
  });
});

describe("the name", () => {
  it.each([undefined, null])("is required (%s), named in the engine's words", (name) => {
    const { value, failures } = validateConnectionInput({ ...good(), name }, (p) => `«${p}»`);
    expect(failures).toEqual([{ path: "name", message: "«name» is required" }]);
    expect(value.name).toBe("");
  });
  it.each([
    [5, "number"],
    [true, "boolean"],
    [{}, "object"],
  ])("must be a string: %j is refused as a %s", (name, type) => {
    expect(failuresOf({ ...good(), name })).toEqual([{ path: "name", message: `name must be a string, got ${type}` }]);
  });
  it("blank is too short, and gets no suggestion", () => {
    expect(failuresOf({ ...good(), name: "   " })).toEqual([
      { path: "name", message: 'name field must be at least 1 lowercase character (got "")' },
    ]);
  });
  it("a name with capitals and spaces suggests the slug to use", () => {
    expect(failuresOf({ ...good(), name: " Auth0 Prod! " })).toEqual([
      {
        path: "name",
        message:
          'name field can only contain lowercase letters, numbers, and hyphens (got "Auth0 Prod!"; try "auth0-prod")',
      },
    ]);
  });
  it("one of 65 characters is too long and suggests its first 64", () => {
    const [failure] = failuresOf({ ...good(), name: "a".repeat(65) });
    expect(failure?.message).toBe(
      `name field must be at most 64 lowercase characters (got "${"a".repeat(65)}"; try "${"a".repeat(64)}")`,
    );
  });
  it("a name with nothing to keep gets no suggestion", () => {
    expect(failuresOf({ ...good(), name: "!!!" })[0]?.message).toBe(
      'name field can only contain lowercase letters, numbers, and hyphens (got "!!!")',
    );
  });
});

describe("the description", () => {
  it.each([undefined, null, "", "   "])("absent, null or blank (%j) is no description", (description) => {
    const { value, failures } = validateConnectionInput({ ...good(), description });
    expect(failures).toEqual([]);
    expect(value.description).toBeNull();
  });
  it("over 256 characters says how long it is", () => {
    expect(failuresOf({ ...good(), description: "d".repeat(257) })).toEqual([
      { path: "description", message: "Description cannot exceed 256 characters (got 257)" },
    ]);
  });
  it("must be a string", () => {
    expect(failuresOf({ ...good(), description: 12 })).toEqual([
      { path: "description", message: "description must be a string, got number" },
    ]);
  });
});

describe("the project id", () => {
  it.each(["", "  "])("empty (%j) is refused: an org-level connection omits it", (projectId) => {
    const { value, failures } = validateConnectionInput({ ...good(), projectId }, snake);
    expect(failures).toEqual([
      { path: "projectId", message: "project_id must not be empty: omit it for an org-level connection" },
    ]);
    expect(value.projectId).toBeNull();
  });
  it("null is an org-level connection; a number is refused", () => {
    expect(validateConnectionInput({ ...good(), projectId: null }).value.projectId).toBeNull();
    expect(failuresOf({ ...good(), projectId: 7 })).toEqual([
      { path: "projectId", message: "project_id must be a string, got number" },
    ]);
  });
});

describe("the method", () => {
  it("only client-credentials exists", () => {
    expect(failuresOf({ ...good(), method: "password" })).toEqual([
      {
        path: "method",
        message: 'method must be "client-credentials" (the only method Infisical offers for Auth0), got "password"',
      },
    ]);
  });
  it("a wrong type is one failure, not two", () => {
    expect(failuresOf({ ...good(), method: 1 })).toEqual([
      { path: "method", message: "method must be a string, got number" },
    ]);
  });
});

describe("the credentials", () => {
  it.each([undefined, null, "t.auth0.com", 3])("are required (%j), listing their fields in the engine's words", (c) => {
    const { value, failures } = validateConnectionInput({ ...good(), credentials: c }, snake);
    expect(failures).toEqual([
      { path: "credentials", message: "credentials is required: { domain, client_id, client_secret, audience }" },
    ]);
    expect(value.credentials).toEqual({ domain: "", clientId: "", clientSecret: "", audience: "" });
  });
  it("each missing field is named with Infisical's words", () => {
    expect(failuresOf({ ...good(), credentials: {} })).toEqual([
      { path: "credentials.domain", message: "Domain required" },
      { path: "credentials.clientId", message: "Client ID required" },
      { path: "credentials.clientSecret", message: "Client Secret required" },
      { path: "credentials.audience", message: "Audience required" },
    ]);
  });
  it("null or blank fields count as missing and become empty strings", () => {
    const { value, failures } = validateConnectionInput({
      ...good(),
      credentials: { domain: null, clientId: "  ", clientSecret: "s", audience: AUDIENCE },
    });
    expect(failures.map((f) => f.path)).toEqual(["credentials.domain", "credentials.clientId"]);
    expect(value.credentials).toMatchObject({ domain: "", clientId: "" });
  });
  it("a field of the wrong type is one failure naming the type, and never shows the value", () => {
    const failures = failuresOf({
      ...good(),
      credentials: { domain: "t.auth0.com", clientId: "cid", clientSecret: 123456789, audience: AUDIENCE },
    });
    expect(failures).toEqual([
      { path: "credentials.clientSecret", message: "credentials.client_secret must be a string, got number" },
    ]);
    expect(JSON.stringify(failures)).not.toContain("123456789");
  });
  it("an audience that is not a URL is shown (it is not secret); a required one is not", () => {
    const bad = (audience: unknown) =>
      failuresOf({ ...good(), credentials: { ...(good().credentials as object), audience } });
    expect(bad("api v2")).toEqual([{ path: "credentials.audience", message: 'Invalid url: "api v2"' }]);
    expect(bad("")).toEqual([{ path: "credentials.audience", message: "Audience required" }]);
  });
  it("only their own fields are read, never ones inherited through a prototype", () => {
    const inherited = Object.create({ domain: "t.auth0.com", clientId: "c", clientSecret: "s", audience: AUDIENCE });
    expect(failuresOf({ ...good(), credentials: inherited }).map((f) => f.path)).toEqual([
      "credentials.domain",
      "credentials.clientId",
      "credentials.clientSecret",
      "credentials.audience",
    ]);
    const raw = Object.create({ name: "auth0-prod" }) as RawConnectionInput;
    raw.credentials = good().credentials;
    expect(failuresOf(raw)).toEqual([{ path: "name", message: "name is required" }]);
  });
});

describe("the options", () => {
  it.each(["adoptExisting", "ignoreCredentialRefresh"] as const)(
    "%s: absent or null is false; a string is refused",
    (key) => {
      const absent = validateConnectionInput({ ...good(), [key]: null });
      expect(absent.failures).toEqual([]);
      expect(absent.value[key]).toBe(false);
      const { value, failures } = validateConnectionInput({ ...good(), [key]: "true" }, snake);
      expect(failures).toEqual([{ path: key, message: `${snake(key)} must be a boolean, got string` }]);
      expect(value[key]).toBe(false);
    },
  );
});

describe("values not known yet (preview, plan)", () => {
  it("pass unchecked and stay unknown, field by field", () => {
    const { value, failures } = validateConnectionInput({
      name: UNKNOWN,
      description: UNKNOWN,
      projectId: UNKNOWN,
      method: UNKNOWN,
      credentials: { domain: UNKNOWN, clientId: "cid", clientSecret: UNKNOWN, audience: UNKNOWN },
      adoptExisting: UNKNOWN,
      ignoreCredentialRefresh: UNKNOWN,
    });
    expect(failures).toEqual([]);
    expect(value).toEqual({
      name: UNKNOWN,
      description: UNKNOWN,
      projectId: UNKNOWN,
      method: UNKNOWN,
      credentials: { domain: UNKNOWN, clientId: "cid", clientSecret: UNKNOWN, audience: UNKNOWN },
      adoptExisting: UNKNOWN,
      ignoreCredentialRefresh: UNKNOWN,
    });
  });
  it("unknown credentials as a whole make every credential field unknown", () => {
    const { value, failures } = validateConnectionInput({ name: "a", credentials: UNKNOWN });
    expect(failures).toEqual([]);
    expect(value.credentials).toEqual({ domain: UNKNOWN, clientId: UNKNOWN, clientSecret: UNKNOWN, audience: UNKNOWN });
  });
});

describe("several mistakes at once", () => {
  it("are all reported, in declaration order, with the core's paths", () => {
    const failures = failuresOf({
      name: "Bad Name",
      description: "d".repeat(300),
      projectId: "",
      method: "x",
      credentials: { domain: "", clientId: 1, clientSecret: "", audience: "nope" },
      adoptExisting: 1,
      ignoreCredentialRefresh: "no",
    });
    expect(failures.map((f) => f.path)).toEqual([
      "name",
      "description",
      "projectId",
      "method",
      "credentials.domain",
      "credentials.clientId",
      "credentials.clientSecret",
      "credentials.audience",
      "adoptExisting",
      "ignoreCredentialRefresh",
    ]);
  });
});
