import { describe, expect, it } from "vitest";
import {
  CREDENTIAL_FIELDS,
  credentialProblem,
  descriptionProblem,
  isUrl,
  nameProblem,
  normalizeName,
  suggestSlug,
} from "../../provider/connection/rules";

describe("Infisical's name rule", () => {
  it.each(["a", "auth0-prod", "a1-b2-c3", "x".repeat(64)])("accepts %s", (name) => {
    expect(nameProblem(name)).toBeUndefined();
  });
  it.each([
    ["", "at least 1"],
    ["x".repeat(65), "at most 64"],
    ["Auth0", "can only contain"],
    ["a--b", "can only contain"],
    ["-a", "can only contain"],
    ["a_b", "can only contain"],
    ["é", "can only contain"],
  ])("rejects %j (%s)", (name, words) => {
    expect(nameProblem(name)).toContain(words);
  });
  it("suggests a slug a user can paste", () => {
    expect(suggestSlug("  Auth0 Prod!  ")).toBe("auth0-prod");
    expect(nameProblem(suggestSlug("Ünïcode Tenant"))).toBeUndefined();
  });
});

describe("description and credential rules", () => {
  it("caps descriptions at 256 characters", () => {
    expect(descriptionProblem("d".repeat(256))).toBeUndefined();
    expect(descriptionProblem("d".repeat(257))).toBe("Description cannot exceed 256 characters");
  });
  it("requires every credential and a URL audience", () => {
    expect(credentialProblem("clientSecret", "")).toBe("Client Secret required");
    expect(credentialProblem("audience", "not a url")).toBe("Invalid url");
    expect(credentialProblem("audience", "https://t.auth0.com/api/v2/")).toBeUndefined();
    expect(credentialProblem("domain", "anything goes")).toBeUndefined();
  });
});

describe("the rules at their edges", () => {
  it("the name pattern is anchored: one bad character anywhere is refused", () => {
    expect(nameProblem("auth0-prod!")).toContain("can only contain");
    expect(nameProblem("!auth0-prod")).toContain("can only contain");
    expect(nameProblem("a-")).toContain("can only contain");
    expect(nameProblem("0-9")).toBeUndefined();
  });
  it("the messages say the limits", () => {
    expect(nameProblem("")).toBe("name field must be at least 1 lowercase character");
    expect(nameProblem("x".repeat(65))).toBe("name field must be at most 64 lowercase characters");
    expect(nameProblem("A")).toBe("name field can only contain lowercase letters, numbers, and hyphens");
    expect(descriptionProblem("")).toBeUndefined();
  });
  it("each credential field is required in Infisical's words; only the audience must be a URL", () => {
    expect(CREDENTIAL_FIELDS).toEqual(["domain", "clientId", "clientSecret", "audience"]);
    expect(CREDENTIAL_FIELDS.map((f) => credentialProblem(f, ""))).toEqual([
      "Domain required",
      "Client ID required",
      "Client Secret required",
      "Audience required",
    ]);
    for (const field of ["domain", "clientId", "clientSecret"] as const) {
      expect(credentialProblem(field, "not a url")).toBeUndefined();
    }
    expect(credentialProblem("audience", "urn:my-api")).toBeUndefined();
  });
  it("isUrl is what new URL() accepts", () => {
    expect(isUrl("https://a/")).toBe(true);
    expect(isUrl("urn:x")).toBe(true);
    expect(isUrl("a.example.com")).toBe(false);
    expect(isUrl("")).toBe(false);
  });
  it("normalizeName trims only: Infisical stores the case as given", () => {
    expect(normalizeName("  Auth0-Prod \n")).toBe("Auth0-Prod");
  });
});

describe("suggestSlug", () => {
  it.each([
    ["Auth0 Prod", "auth0-prod"],
    ["Crème Brûlée", "creme-brulee"],
    ["--a__b--", "a-b"],
    ["a  &  b", "a-b"],
    ["ÀÉÎ", "aei"],
    ["!!!", ""],
    [`${"a".repeat(63)} b`, "a".repeat(63)],
    ["a".repeat(70), "a".repeat(64)],
  ])("%j → %j, a valid name or nothing", (input, slug) => {
    expect(suggestSlug(input)).toBe(slug);
    if (slug) expect(nameProblem(slug)).toBeUndefined();
  });
});
