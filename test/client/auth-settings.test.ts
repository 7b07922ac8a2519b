// How the client chooses its login and where each credential comes from: Infisical's Terraform provider's names and
// order (facts §9): an explicit method, then INFISICAL_AUTH_METHOD, then INFISICAL_TOKEN, then universal auth.
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../../provider/infisical";
import { syncError } from "./harness";

const ID = "7b4e5b4f-9205-48f6-8ae1-2f4f2a248af1";
const UA = { INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "id-1", INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "secret-1" };

const errorOf = syncError;

describe("choosing the login method", () => {
  it("INFISICAL_AUTH_METHOD beats INFISICAL_TOKEN, which beats the universal-auth variables", () => {
    const env = {
      ...UA,
      INFISICAL_TOKEN: "tok",
      INFISICAL_AUTH_METHOD: "oidc",
      INFISICAL_MACHINE_IDENTITY_ID: ID,
      INFISICAL_AUTH_JWT: "eyJ.jwt.x",
    };
    expect(resolveSettings({}, env).auth).toEqual({
      kind: "oidc",
      identityId: ID,
      jwt: { from: "env", name: "INFISICAL_AUTH_JWT" },
    });
    const { INFISICAL_AUTH_METHOD: _method, ...noMethod } = env;
    expect(resolveSettings({}, noMethod).auth).toEqual({ kind: "token", token: "tok" });
    expect(resolveSettings({}, { ...env, INFISICAL_AUTH_METHOD: "universal" }).auth).toEqual({
      kind: "universal-auth",
      clientId: "id-1",
      clientSecret: "secret-1",
    });
    expect(resolveSettings({}, { ...env, INFISICAL_AUTH_METHOD: "token" }).auth).toEqual({
      kind: "token",
      token: "tok",
    });
  });

  it("an explicit method (the option, or the options given) beats INFISICAL_AUTH_METHOD", () => {
    const env = { INFISICAL_AUTH_METHOD: "oidc", INFISICAL_MACHINE_IDENTITY_ID: ID, INFISICAL_AUTH_JWT: "j.w.t" };
    expect(resolveSettings({ authMethod: "aws-iam" }, env).auth).toEqual({ kind: "aws-iam", identityId: ID });
    expect(resolveSettings({ authMethod: "aws_iam" }, env).auth).toEqual({ kind: "aws-iam", identityId: ID });
    expect(resolveSettings({ clientId: "a", clientSecret: "b" }, env).auth.kind).toBe("universal-auth");
    expect(resolveSettings({ token: "t" }, env).auth.kind).toBe("token");
    expect(resolveSettings({ serviceAccountTokenPath: "/tmp/x" }, env).auth).toEqual({
      kind: "kubernetes",
      identityId: ID,
      serviceAccountToken: { from: "file", path: "/tmp/x" },
    });
    expect(resolveSettings({ jwt: "a.b.c", identityId: "other" }, {}).auth).toEqual({
      kind: "oidc",
      identityId: "other",
      jwt: { from: "value", value: "a.b.c" },
    });
  });

  it("INFISICAL_AUTH_METHOD in the provider's case only; an unknown one says what was expected", () => {
    for (const [value, hint] of [
      ["OIDC", 'did you mean "oidc"?'],
      ["aws-iam", 'did you mean "aws_iam"?'],
      ["Kubernetes", 'did you mean "kubernetes"?'],
    ] as const) {
      const err = errorOf(() =>
        resolveSettings({}, { INFISICAL_AUTH_METHOD: value, INFISICAL_MACHINE_IDENTITY_ID: ID }),
      );
      expect(err).toMatchObject({ kind: "config", reason: "config", settings: ["authMethod"] });
      expect(err.message).toBe(
        `INFISICAL_AUTH_METHOD is "${value}": expected one of token, universal, oidc, kubernetes, aws_iam (lower ` +
          `case, as Infisical's Terraform provider reads it) (${hint})`,
      );
    }
    expect(errorOf(() => resolveSettings({}, { INFISICAL_AUTH_METHOD: "ldap" })).message).toMatch(
      /^INFISICAL_AUTH_METHOD is "ldap": expected one of token, universal, oidc, kubernetes, aws_iam \(lower case/,
    );
    expect(errorOf(() => resolveSettings({ authMethod: "gcp" }, {})).message).toBe(
      'the authMethod option is "gcp": expected one of universal, token, oidc, kubernetes, aws-iam',
    );
    const named = errorOf(() => resolveSettings({ authMethod: "OIDC", settingName: (k) => `<${k}>` }, {}));
    expect(named.message).toMatch(/^<authMethod> is "OIDC": .*did you mean "oidc"/);
  });

  it("a method chosen without its credentials names what to set", () => {
    expect(errorOf(() => resolveSettings({}, { INFISICAL_AUTH_METHOD: "token" }))).toMatchObject({
      message: "INFISICAL_TOKEN is not set, and the login method is token auth",
      settings: ["token"],
    });
    expect(errorOf(() => resolveSettings({}, { INFISICAL_AUTH_METHOD: "universal" })).message).toBe(
      "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET are not set, and the login " +
        "method is universal auth",
    );
    const noId = errorOf(() => resolveSettings({}, { INFISICAL_AUTH_METHOD: "kubernetes" }));
    expect(noId).toMatchObject({ settings: ["identityId"] });
    expect(noId.message).toMatch(/^INFISICAL_MACHINE_IDENTITY_ID is not set: Kubernetes auth logs in as a machine/);
    const idOnly = errorOf(() => resolveSettings({ identityId: ID }, {}));
    expect(idOnly.message).toMatch(/the identityId option is set, but no login method is: set INFISICAL_AUTH_METHOD/);
  });
});

describe("OIDC: where the JWT comes from", () => {
  const base = { INFISICAL_AUTH_METHOD: "oidc", INFISICAL_MACHINE_IDENTITY_ID: ID };

  it("INFISICAL_AUTH_JWT by default; another variable named by the option or INFISICAL_OIDC_AUTH_TOKEN_NAME", () => {
    expect(resolveSettings({}, { ...base, INFISICAL_AUTH_JWT: "x.y.z" }).auth).toMatchObject({
      jwt: { from: "env", name: "INFISICAL_AUTH_JWT" },
    });
    const tfc = { ...base, TFC_WORKLOAD_IDENTITY_TOKEN: "x.y.z" };
    expect(resolveSettings({ tokenEnvironmentVariableName: "TFC_WORKLOAD_IDENTITY_TOKEN" }, tfc).auth).toMatchObject({
      kind: "oidc",
      jwt: { from: "env", name: "TFC_WORKLOAD_IDENTITY_TOKEN" },
    });
    expect(
      resolveSettings({}, { ...tfc, INFISICAL_OIDC_AUTH_TOKEN_NAME: "TFC_WORKLOAD_IDENTITY_TOKEN" }).auth,
    ).toMatchObject({ jwt: { from: "env", name: "TFC_WORKLOAD_IDENTITY_TOKEN" } });
  });

  it("a missing JWT names the variable that was read and how to name another, never a value", () => {
    const err = errorOf(() => resolveSettings({}, { ...base, INFISICAL_AUTH_JWT: "  " }));
    expect(err).toMatchObject({ kind: "config", settings: ["jwt", "tokenEnvironmentVariableName"] });
    expect(err.message).toBe(
      "OIDC auth reads its JWT from INFISICAL_AUTH_JWT (the default variable; INFISICAL_OIDC_AUTH_TOKEN_NAME " +
        "names another, e.g. TFC_WORKLOAD_IDENTITY_TOKEN on HCP Terraform), and INFISICAL_AUTH_JWT is not set or " +
        "empty: export the CI's ID token there",
    );
    const named = errorOf(() => resolveSettings({ tokenEnvironmentVariableName: "MY_JWT" }, base));
    expect(named.message).toMatch(
      /^OIDC auth reads its JWT from MY_JWT \(the variable named by the tokenEnvironmentVariableName option\)/,
    );
  });

  it("GitHub Actions: the audience needs the job's token-request variables; not together with a JWT", () => {
    const gha = {
      ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:1/token?api-version=2.0",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "rt",
    };
    expect(resolveSettings({ githubActionsAudience: "https://github.com/acme" }, { ...base, ...gha }).auth).toEqual({
      kind: "oidc",
      identityId: ID,
      jwt: { from: "github-actions", audience: "https://github.com/acme" },
    });
    const missing = errorOf(() => resolveSettings({ githubActionsAudience: "aud" }, base));
    expect(missing.message).toMatch(
      /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not: .*"permissions: id-token: write"/,
    );
    expect(missing.settings).toEqual(["githubActionsAudience"]);
    expect(errorOf(() => resolveSettings({ githubActionsAudience: "aud", jwt: "a.b.c" }, base)).message).toMatch(
      /are both set: set one/,
    );
  });
});

describe("Kubernetes: where the service-account token comes from", () => {
  const base = { INFISICAL_AUTH_METHOD: "kubernetes", INFISICAL_MACHINE_IDENTITY_ID: ID };

  it("the token option, else INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN (re-read), else the file", () => {
    expect(resolveSettings({}, base).auth).toEqual({
      kind: "kubernetes",
      identityId: ID,
      serviceAccountToken: { from: "file", path: "/var/run/secrets/kubernetes.io/serviceaccount/token" },
    });
    expect(
      resolveSettings({}, { ...base, INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: "/etc/sa/token" }).auth,
    ).toMatchObject({ serviceAccountToken: { from: "file", path: "/etc/sa/token" } });
    expect(
      resolveSettings({}, { ...base, INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN: "sa.jwt.value" }).auth,
    ).toMatchObject({ serviceAccountToken: { from: "env", name: "INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN" } });
    expect(
      resolveSettings(
        { serviceAccountToken: "opt.jwt.value" },
        { ...base, INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN: "sa.jwt.value" },
      ).auth,
    ).toMatchObject({ serviceAccountToken: { from: "value", value: "opt.jwt.value" } });
  });
});

describe("organizationSlug", () => {
  it("is taken from the option or INFISICAL_AUTH_ORGANIZATION_SLUG for every login method", () => {
    const slug = { INFISICAL_AUTH_ORGANIZATION_SLUG: "acme-sub" };
    expect(resolveSettings({}, { ...UA, ...slug }).auth).toEqual({
      kind: "universal-auth",
      clientId: "id-1",
      clientSecret: "secret-1",
      organizationSlug: "acme-sub",
    });
    expect(
      resolveSettings(
        { organizationSlug: "opt-sub" },
        { ...slug, INFISICAL_AUTH_METHOD: "aws_iam", INFISICAL_MACHINE_IDENTITY_ID: ID },
      ).auth,
    ).toEqual({ kind: "aws-iam", identityId: ID, organizationSlug: "opt-sub" });
  });

  it("default setting names give the option and the provider's variable", () => {
    const s = resolveSettings({}, UA);
    expect(s.settingName("identityId")).toBe("the identityId option or INFISICAL_MACHINE_IDENTITY_ID");
    expect(s.settingName("serviceAccountTokenPath")).toBe(
      "the serviceAccountTokenPath option or INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH",
    );
    expect(s.settingName("tokenEnvironmentVariableName")).toBe(
      "the tokenEnvironmentVariableName option or INFISICAL_OIDC_AUTH_TOKEN_NAME",
    );
    expect(s.settingName("organizationSlug")).toBe("the organizationSlug option or INFISICAL_AUTH_ORGANIZATION_SLUG");
  });
});
