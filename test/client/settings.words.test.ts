// The exact words and setting keys of settings errors: a host with credentials, a query or a fragment; half a
// universal-auth pair named where it was given; the auth method misspelt; the identity, the JWT's source and the
// GitHub Actions variables missing; no credentials at all, in the default wording.
import { describe, expect, it } from "vitest";
import { resolveSettings, type InfisicalSettingsInput } from "../../provider/infisical";
import { syncError } from "./harness";

function fails(input: InfisicalSettingsInput, env: NodeJS.ProcessEnv = {}) {
  const err = syncError(() => resolveSettings(input, env));
  return { message: err.message, settings: err.settings };
}

describe("settings errors, word for word", () => {
  it("a host with a user name or password, a query or a fragment", () => {
    const userinfo = { message: "the host option must not contain a user name or password", settings: ["host"] };
    expect(fails({ host: "http://u@h.test", token: "t" })).toEqual(userinfo);
    expect(fails({ host: "http://:p@h.test", token: "t" })).toEqual(userinfo);
    const query = { message: "the host option must not contain a query string or fragment", settings: ["host"] };
    expect(fails({ host: "http://h.test/?x=1", token: "t" })).toEqual(query);
    expect(fails({ host: "http://h.test/#f", token: "t" })).toEqual(query);
  });

  it("half a universal-auth pair, named where the given half came from", () => {
    const option = {
      message: "the clientId option is missing while the clientSecret option is set",
      settings: ["clientId"],
    };
    expect(fails({ clientSecret: "s" })).toEqual(option);
    expect(fails({ authMethod: "universal", clientSecret: "s" })).toEqual(option);
    expect(fails({}, { INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "s" })).toEqual({
      message: "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID is missing while INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET is set",
      settings: ["clientId"],
    });
    expect(fails({ authMethod: "universal" }, { INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "c" })).toEqual({
      message: "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET is missing while INFISICAL_UNIVERSAL_AUTH_CLIENT_ID is set",
      settings: ["clientSecret"],
    });
    expect(fails({ authMethod: "universal" })).toEqual({
      message:
        "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET are not set, and the login " +
        "method is universal auth",
      settings: ["clientId", "clientSecret"],
    });
  });

  it("a misspelt auth method, with the accepted one it resembles", () => {
    expect(fails({ authMethod: "awsiam" })).toEqual({
      message:
        'the authMethod option is "awsiam": expected one of universal, token, oidc, kubernetes, aws-iam (did you mean "aws-iam"?)',
      settings: ["authMethod"],
    });
  });

  it("a workload identity without its ID, or with two JWT sources", () => {
    expect(fails({ authMethod: "oidc", jwt: "j" })).toEqual({
      message:
        "INFISICAL_MACHINE_IDENTITY_ID is not set: OIDC auth logs in as a machine identity, by its ID (Infisical: " +
        "Organization > Access Control > Identities)",
      settings: ["identityId"],
    });
    expect(fails({ authMethod: "oidc", identityId: "i", jwt: "j", githubActionsAudience: "a" })).toEqual({
      message:
        "the jwt option and the githubActionsAudience option are both set: set one (a JWT, or the audience of the " +
        "GitHub Actions ID token to fetch)",
      settings: ["jwt", "githubActionsAudience"],
    });
  });

  it("GitHub Actions variables missing: one 'is not', two 'are not'", () => {
    const input = { authMethod: "oidc", identityId: "i", githubActionsAudience: "a" } as const;
    const tail = ': GitHub Actions sets them only in a job with "permissions: id-token: write"';
    expect(fails(input, { ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:9/t" })).toEqual({
      message: `the githubActionsAudience option is set, but ACTIONS_ID_TOKEN_REQUEST_TOKEN is not${tail}`,
      settings: ["githubActionsAudience"],
    });
    expect(fails(input).message).toBe(
      `the githubActionsAudience option is set, but ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not${tail}`,
    );
  });

  it("no credentials at all, in the default wording (options and variables)", () => {
    const base =
      "No Infisical credentials: set INFISICAL_TOKEN, or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and " +
      "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET (or the token / clientId + clientSecret options)";
    const keys = ["token", "clientId", "clientSecret", "authMethod", "identityId"];
    expect(fails({})).toEqual({
      message:
        `${base}; or, to log in with a workload identity (oidc, kubernetes or aws_iam), set INFISICAL_AUTH_METHOD ` +
        "and INFISICAL_MACHINE_IDENTITY_ID",
      settings: keys,
    });
    expect(fails({ identityId: "i" })).toEqual({
      message:
        `${base}; the identityId option is set, but no login method is: set INFISICAL_AUTH_METHOD (oidc, ` +
        "kubernetes or aws_iam)",
      settings: keys,
    });
  });
});
