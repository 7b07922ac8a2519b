import { describe, expect, it } from "vitest";
import { resolveSettings, systemClock } from "../../provider/infisical";
import { syncError } from "./harness";

const UA = { INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "id-1", INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "secret-1" };

const errorOf = syncError;

describe("resolveSettings", () => {
  it("defaults the host to Infisical Cloud and takes universal auth from the environment", () => {
    const s = resolveSettings({}, UA);
    expect(s.host).toBe("https://app.infisical.com");
    expect(s.auth).toEqual({ kind: "universal-auth", clientId: "id-1", clientSecret: "secret-1" });
    expect(s).toMatchObject({
      connectTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      maxRetries: 5,
      maxRetryDelayMs: 60_000,
    });
  });

  it.each([
    ["https://eu.infisical.com", "https://eu.infisical.com"],
    ["https://eu.infisical.com/", "https://eu.infisical.com"],
    ["https://eu.infisical.com/api", "https://eu.infisical.com"],
    ["https://eu.infisical.com/api/", "https://eu.infisical.com"],
    ["  http://127.0.0.1:8080//  ", "http://127.0.0.1:8080"],
  ])("normalises host %s", (raw, expected) => {
    expect(resolveSettings({ host: raw }, UA).host).toBe(expected);
    expect(resolveSettings({}, { ...UA, INFISICAL_HOST: raw }).host).toBe(expected);
  });

  it("rejects a host that is not http(s), naming where it came from", () => {
    expect(errorOf(() => resolveSettings({}, { ...UA, INFISICAL_HOST: "ftp://x.example" })).message).toMatch(
      /INFISICAL_HOST must use http or https/,
    );
    expect(errorOf(() => resolveSettings({ host: "not a url" }, UA)).message).toMatch(
      /host option must be an http\(s\) URL/,
    );
    expect(errorOf(() => resolveSettings({ host: "https://x.example/some/path" }, UA)).message).toMatch(
      /without a path/,
    );
    expect(errorOf(() => resolveSettings({ host: "https://u:p@x.example" }, UA)).kind).toBe("config");
    expect(() => resolveSettings({ host: "https://x.example/" }, UA)).not.toThrow();
  });

  it("explicit options beat the environment", () => {
    const s = resolveSettings(
      { host: "https://opt.example", clientId: "a", clientSecret: "b" },
      {
        ...UA,
        INFISICAL_HOST: "https://env.example",
        INFISICAL_TOKEN: "env-token",
      },
    );
    expect(s.host).toBe("https://opt.example");
    expect(s.auth).toEqual({ kind: "universal-auth", clientId: "a", clientSecret: "b" });
  });

  it("an explicit token wins over universal auth", () => {
    expect(resolveSettings({ token: "tok", clientId: "a", clientSecret: "b" }, UA).auth).toEqual({
      kind: "token",
      token: "tok",
    });
    expect(resolveSettings({}, { ...UA, INFISICAL_TOKEN: "env-tok" }).auth).toEqual({
      kind: "token",
      token: "env-tok",
    });
  });

  it("completes a half given in options from the environment", () => {
    expect(resolveSettings({ clientId: "a" }, { INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "s" }).auth).toEqual({
      kind: "universal-auth",
      clientId: "a",
      clientSecret: "s",
    });
  });

  it("says exactly what is missing in a half-set configuration", () => {
    expect(errorOf(() => resolveSettings({}, { INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "a" })).message).toBe(
      "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET is missing while INFISICAL_UNIVERSAL_AUTH_CLIENT_ID is set",
    );
    expect(errorOf(() => resolveSettings({}, { INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "zz-secret" })).message).toBe(
      "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID is missing while INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET is set",
    );
    expect(errorOf(() => resolveSettings({ clientId: "a" }, {})).message).toBe(
      "the clientSecret option is missing while the clientId option is set",
    );
  });

  it("treats blank values as unset and explains how to configure when nothing is set", () => {
    const err = errorOf(() => resolveSettings({}, { INFISICAL_TOKEN: "  ", INFISICAL_HOST: "" }));
    expect(err.message).toMatch(
      /set INFISICAL_TOKEN, or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET/,
    );
    expect(err.kind).toBe("config");
  });

  it("configuration errors carry reason config and the keys to fix", () => {
    expect(errorOf(() => resolveSettings({ clientId: "a" }, {}))).toMatchObject({
      kind: "config",
      reason: "config",
      settings: ["clientSecret"],
    });
    expect(errorOf(() => resolveSettings({ host: "ftp://x" }, UA))).toMatchObject({ settings: ["host"] });
    expect(errorOf(() => resolveSettings({}, {}))).toMatchObject({
      settings: ["token", "clientId", "clientSecret", "authMethod", "identityId"],
    });
    expect(errorOf(() => resolveSettings({ maxRetries: 1.5 }, UA))).toMatchObject({ settings: ["maxRetries"] });
  });

  it("words configuration errors with the caller's settingName when given", () => {
    const settingName = (k: string) => `<${k}>`;
    expect(errorOf(() => resolveSettings({ host: "ftp://x", settingName }, UA)).message).toMatch(
      /^<host> must use http or https/,
    );
    expect(errorOf(() => resolveSettings({ settingName }, {})).message).toBe(
      "No Infisical credentials: set <token>, or <clientId> and <clientSecret>; or, to log in with a workload " +
        "identity (oidc, kubernetes or aws_iam), set <authMethod> and <identityId>",
    );
    expect(errorOf(() => resolveSettings({ requestTimeoutMs: 0, settingName }, UA)).message).toMatch(
      /^<requestTimeoutMs> must be an integer >= 1/,
    );
  });

  it("defaults: the system clock, Math.random, and setting names that give the option and the variable", () => {
    const s = resolveSettings({}, UA);
    expect(s.clock).toBe(systemClock);
    expect(s.random).toBe(Math.random);
    expect(s.settingName("clientSecret")).toBe("the clientSecret option or INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
    expect(s.settingName("maxRetries")).toBe("the maxRetries option");
  });

  it("never puts a secret into a configuration error", () => {
    const err = errorOf(() =>
      resolveSettings({ host: "ftp://h" }, { INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "zz-very-secret" }),
    );
    expect(err.message).not.toContain("zz-very-secret");
    const err2 = errorOf(() => resolveSettings({}, { INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "zz-very-secret" }));
    expect(err2.message).not.toContain("zz-very-secret");
  });

  it("validates timeouts and retry counts", () => {
    expect(resolveSettings({ maxRetries: 0, requestTimeoutMs: 5 }, UA)).toMatchObject({
      maxRetries: 0,
      requestTimeoutMs: 5,
    });
    expect(errorOf(() => resolveSettings({ requestTimeoutMs: 0 }, UA)).message).toMatch(
      /requestTimeoutMs must be an integer >= 1/,
    );
    expect(errorOf(() => resolveSettings({ maxRetries: -1 }, UA)).message).toMatch(/maxRetries/);
    expect(errorOf(() => resolveSettings({ connectTimeoutMs: Number.NaN }, UA)).message).toMatch(/connectTimeoutMs/);
  });
});
