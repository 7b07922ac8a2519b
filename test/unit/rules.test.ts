import { describe, expect, it } from "vitest";
import { credentialProblem, descriptionProblem, nameProblem, suggestSlug } from "../../provider/connection/rules";

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
