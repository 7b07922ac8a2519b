import { systemClock } from "./clock";
import { InfisicalApiError } from "./errors";
import type {
  AuthMethod,
  CredentialSource,
  InfisicalSettings,
  InfisicalSettingsInput,
  ResolvedAuth,
  SettingKey,
} from "./types";

export const DEFAULT_HOST = "https://app.infisical.com";
export const DEFAULTS = {
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxRetries: 5,
  maxRetryDelayMs: 60_000,
} as const;

/** The environment variables of each setting: the names Infisical's own Terraform provider, CLI and SDKs read. */
export const ENV = {
  host: "INFISICAL_HOST",
  token: "INFISICAL_TOKEN",
  clientId: "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID",
  clientSecret: "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET",
  authMethod: "INFISICAL_AUTH_METHOD",
  identityId: "INFISICAL_MACHINE_IDENTITY_ID",
  /** The default variable of the OIDC JWT (`tokenEnvironmentVariableName` names another). */
  jwt: "INFISICAL_AUTH_JWT",
  // The official provider's schema text says INFISICAL_OIDC_AUTH_TOKEN_KEY_NAME; its code reads this one.
  tokenEnvironmentVariableName: "INFISICAL_OIDC_AUTH_TOKEN_NAME",
  serviceAccountToken: "INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN",
  serviceAccountTokenPath: "INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH",
  organizationSlug: "INFISICAL_AUTH_ORGANIZATION_SLUG",
} as const satisfies Partial<Record<SettingKey, string>>;

/** As Infisical's Terraform provider (and Go SDK) default it. */
export const DEFAULT_SERVICE_ACCOUNT_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/** The variables GitHub Actions sets in a job with `permissions: id-token: write`. */
export const GITHUB_ACTIONS_ENV = {
  url: "ACTIONS_ID_TOKEN_REQUEST_URL",
  token: "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
} as const;

/** INFISICAL_AUTH_METHOD's values, exactly as Infisical's Terraform provider reads them (case-sensitive). */
const ENV_METHODS: Record<string, AuthMethod> = {
  token: "token",
  universal: "universal",
  oidc: "oidc",
  kubernetes: "kubernetes",
  aws_iam: "aws-iam",
};

/** The `authMethod` option's values: the client's names, and the provider's `aws_iam`. */
const OPTION_METHODS: Record<string, AuthMethod> = { ...ENV_METHODS, "aws-iam": "aws-iam" };

/** `the clientSecret option or INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET`: how errors name a setting by default. */
export function defaultSettingName(key: SettingKey): string {
  return key in ENV ? `the ${key} option or ${ENV[key as keyof typeof ENV]}` : `the ${key} option`;
}

function configError(message: string, settings: SettingKey[]): InfisicalApiError {
  return new InfisicalApiError({ kind: "config", reason: "config", settings, message });
}

/** Blank strings count as unset: an exported-but-empty variable is a common shell accident. */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Normalises a host to its origin, tolerating a trailing `/` or `/api` (the API always lives under `/api`). */
export function normalizeHost(raw: string, source: string): string {
  const invalid = (message: string) => configError(message, ["host"]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`${source} must be an http(s) URL such as ${DEFAULT_HOST}; got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalid(`${source} must use http or https; got "${url.protocol}" in "${url.origin}"`);
  }
  if (url.username || url.password) throw invalid(`${source} must not contain a user name or password`);
  const path = url.pathname.replace(/\/+$/, "");
  if (path !== "" && path !== "/api") {
    throw invalid(`${source} must be the server's origin (e.g. ${DEFAULT_HOST}), without a path; got "${path}"`);
  }
  if (url.search || url.hash) throw invalid(`${source} must not contain a query string or fragment`);
  return url.origin;
}

type NumericKey = "connectTimeoutMs" | "requestTimeoutMs" | "maxRetries" | "maxRetryDelayMs";

/** How config errors name a setting: the caller's `settingName`, else where the value came from. */
type Namer = (key: SettingKey, from: "option" | "env") => string;

/** Without the caller's names, a config error says exactly where the value came from (the option or the variable). */
function sourceName(key: SettingKey, from: "option" | "env"): string {
  if (from === "env" && key in ENV) return ENV[key as keyof typeof ENV];
  return key in DEFAULTS ? key : `the ${key} option`;
}

function integerSetting(input: InfisicalSettingsInput, key: NumericKey, min: number, name: Namer): number {
  const value = input[key];
  if (value === undefined) return DEFAULTS[key];
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < min) {
    throw configError(`${name(key, "option")} must be an integer >= ${min}; got ${String(value)}`, [key]);
  }
  return value;
}

type StringKey = Exclude<keyof typeof ENV, "jwt">;

/** One setting's value and where it came from: the option, else its environment variable (blank counts as unset). */
interface Found {
  value: string;
  from: "option" | "env";
}

/** Reads the settings input and the environment the same way for every key. */
class Lookup {
  constructor(
    private readonly input: InfisicalSettingsInput,
    private readonly env: NodeJS.ProcessEnv,
    readonly name: Namer,
  ) {}

  option(key: StringKey | "jwt" | "githubActionsAudience"): string | undefined {
    return present(this.input[key]);
  }

  envValue(name: string): string | undefined {
    return present(this.env[name]);
  }

  get(key: StringKey): Found | undefined {
    const opt = this.option(key);
    if (opt !== undefined) return { value: opt, from: "option" };
    const env = this.envValue(ENV[key]);
    return env === undefined ? undefined : { value: env, from: "env" };
  }

  /** The name of a setting as the error should say it, from where it was (or would have been) read. */
  named(key: SettingKey, found?: Found): string {
    return this.name(key, found?.from ?? "env");
  }
}

function universalAuth(
  clientId: string | undefined,
  clientSecret: string | undefined,
  from: "option" | "env",
  name: Namer,
): { kind: "universal-auth"; clientId: string; clientSecret: string } {
  const idName = name("clientId", from);
  const secretName = name("clientSecret", from);
  if (clientId && !clientSecret) {
    throw configError(`${secretName} is missing while ${idName} is set`, ["clientSecret"]);
  }
  if (clientSecret && !clientId) throw configError(`${idName} is missing while ${secretName} is set`, ["clientId"]);
  return { kind: "universal-auth", clientId: clientId as string, clientSecret: clientSecret as string };
}

/** `did you mean "oidc"?` for a value that differs from an accepted one only in case, `-` or `_`. */
function didYouMean(value: string, accepted: string[]): string {
  const loose = (v: string) => v.toLowerCase().replace(/[-_\s]/g, "");
  const match = accepted.find((a) => loose(a) === loose(value));
  return match ? ` (did you mean "${match}"?)` : "";
}

/**
 * The method chosen explicitly: the `authMethod` option, else one the other options imply (a token, a client id or
 * secret, a JWT or its source, a service-account token or its file), else INFISICAL_AUTH_METHOD. Undefined when
 * nothing chooses one (then INFISICAL_TOKEN, then universal-auth variables decide, as in Infisical's provider).
 */
function explicitMethod(look: Lookup): AuthMethod | undefined {
  const option = look.option("authMethod");
  if (option !== undefined) {
    const method = OPTION_METHODS[option];
    if (!method) {
      const accepted = ["universal", "token", "oidc", "kubernetes", "aws-iam"];
      throw configError(
        `${look.name("authMethod", "option")} is "${option}": expected one of ${accepted.join(", ")}` +
          didYouMean(option, accepted),
        ["authMethod"],
      );
    }
    return method;
  }
  if (look.option("token")) return "token";
  if (look.option("clientId") || look.option("clientSecret")) return "universal";
  if (look.option("jwt") || look.option("tokenEnvironmentVariableName") || look.option("githubActionsAudience")) {
    return "oidc";
  }
  if (look.option("serviceAccountToken") || look.option("serviceAccountTokenPath")) return "kubernetes";
  const env = look.envValue(ENV.authMethod);
  if (env === undefined) return undefined;
  const method = Object.hasOwn(ENV_METHODS, env) ? ENV_METHODS[env] : undefined;
  if (!method) {
    const accepted = Object.keys(ENV_METHODS);
    throw configError(
      `${look.name("authMethod", "env")} is "${env}": expected one of ${accepted.join(", ")} (lower case, as ` +
        `Infisical's Terraform provider reads it)${didYouMean(env, accepted)}`,
      ["authMethod"],
    );
  }
  return method;
}

const METHOD_LABEL: Record<AuthMethod, string> = {
  universal: "universal auth",
  token: "token auth",
  oidc: "OIDC auth",
  kubernetes: "Kubernetes auth",
  "aws-iam": "AWS IAM auth",
};

function identityIdFor(method: AuthMethod, look: Lookup): string {
  const found = look.get("identityId");
  if (!found) {
    throw configError(
      `${look.named("identityId")} is not set: ${METHOD_LABEL[method]} logs in as a machine identity, by its ID ` +
        `(Infisical: Organization > Access Control > Identities)`,
      ["identityId"],
    );
  }
  return found.value;
}

/** The OIDC JWT's source: the value, else GitHub Actions' token service, else the variable (read at each login). */
function jwtSource(look: Lookup): CredentialSource {
  const jwt = look.option("jwt");
  const audience = look.option("githubActionsAudience");
  if (jwt !== undefined && audience !== undefined) {
    throw configError(
      `${look.name("jwt", "option")} and ${look.name("githubActionsAudience", "option")} are both set: set one ` +
        `(a JWT, or the audience of the GitHub Actions ID token to fetch)`,
      ["jwt", "githubActionsAudience"],
    );
  }
  if (jwt !== undefined) return { from: "value", value: jwt };
  if (audience !== undefined) {
    const missing = [GITHUB_ACTIONS_ENV.url, GITHUB_ACTIONS_ENV.token].filter((v) => look.envValue(v) === undefined);
    if (missing.length > 0) {
      throw configError(
        `${look.name("githubActionsAudience", "option")} is set, but ${missing.join(" and ")} ` +
          `${missing.length > 1 ? "are" : "is"} not: GitHub Actions sets them only in a job with ` +
          `"permissions: id-token: write"`,
        ["githubActionsAudience"],
      );
    }
    return { from: "github-actions", audience };
  }
  const variable = look.get("tokenEnvironmentVariableName");
  const name = variable?.value ?? ENV.jwt;
  if (look.envValue(name) === undefined) {
    const how = variable
      ? `the variable named by ${look.named("tokenEnvironmentVariableName", variable)}`
      : `the default variable; ${look.named("tokenEnvironmentVariableName")} names another, e.g. ` +
        `TFC_WORKLOAD_IDENTITY_TOKEN on HCP Terraform`;
    throw configError(
      `OIDC auth reads its JWT from ${name} (${how}), and ${name} is not set or empty: export the CI's ID ` +
        `token there`,
      ["jwt", "tokenEnvironmentVariableName"],
    );
  }
  return { from: "env", name };
}

/** The service-account token's source: the value (option or variable, re-read), else the file (read at each login). */
function serviceAccountTokenSource(look: Lookup): CredentialSource {
  const option = look.option("serviceAccountToken");
  if (option !== undefined) return { from: "value", value: option };
  if (look.envValue(ENV.serviceAccountToken) !== undefined) return { from: "env", name: ENV.serviceAccountToken };
  return { from: "file", path: look.get("serviceAccountTokenPath")?.value ?? DEFAULT_SERVICE_ACCOUNT_TOKEN_PATH };
}

function noCredentials(look: Lookup, custom: boolean): InfisicalApiError {
  const n = (key: SettingKey) => look.name(key, "env");
  const identity = look.get("identityId");
  const base = custom
    ? `No Infisical credentials: set ${n("token")}, or ${n("clientId")} and ${n("clientSecret")}`
    : `No Infisical credentials: set ${ENV.token}, or ${ENV.clientId} and ${ENV.clientSecret} ` +
      `(or the token / clientId + clientSecret options)`;
  const machine = identity
    ? `; ${look.named("identityId", identity)} is set, but no login method is: set ${n("authMethod")} ` +
      `(oidc, kubernetes or aws_iam)`
    : `; or, to log in with a workload identity (oidc, kubernetes or aws_iam), set ${n("authMethod")} and ` +
      `${n("identityId")}`;
  return configError(base + machine, ["token", "clientId", "clientSecret", "authMethod", "identityId"]);
}

function resolveAuth(look: Lookup, custom: boolean): ResolvedAuth {
  const method = explicitMethod(look);
  const token = look.get("token");
  const id = look.get("clientId");
  const secret = look.get("clientSecret");
  let auth: ResolvedAuth;
  if (method === undefined) {
    // As Infisical's provider: INFISICAL_TOKEN, then the universal-auth variables.
    if (token) return { kind: "token", token: token.value };
    if (id || secret) auth = universalAuth(id?.value, secret?.value, "env", look.name);
    else throw noCredentials(look, custom);
  } else if (method === "token") {
    if (!token) {
      throw configError(`${look.named("token")} is not set, and the login method is token auth`, ["token"]);
    }
    return { kind: "token", token: token.value };
  } else if (method === "universal") {
    // A half given in options may be completed from the environment (e.g. the secret kept out of code).
    const from = id?.from === "option" || secret?.from === "option" ? "option" : "env";
    if (!id && !secret) {
      throw configError(
        `${look.named("clientId")} and ${look.named("clientSecret")} are not set, and the login method is ` +
          `universal auth`,
        ["clientId", "clientSecret"],
      );
    }
    auth =
      id && secret
        ? { kind: "universal-auth", clientId: id.value, clientSecret: secret.value }
        : universalAuth(id?.value, secret?.value, from, look.name);
  } else if (method === "oidc") {
    auth = { kind: "oidc", identityId: identityIdFor(method, look), jwt: jwtSource(look) };
  } else if (method === "kubernetes") {
    auth = {
      kind: "kubernetes",
      identityId: identityIdFor(method, look),
      serviceAccountToken: serviceAccountTokenSource(look),
    };
  } else {
    auth = { kind: "aws-iam", identityId: identityIdFor(method, look) };
  }
  const slug = look.get("organizationSlug");
  return slug ? { ...auth, organizationSlug: slug.value } : auth;
}

/**
 * Resolves settings: explicit options first, then the environment (the same variables as Infisical's own CLI and
 * Terraform provider), choosing the login as Infisical's Terraform provider does: an explicit method (the
 * `authMethod` option, or one the options imply), else INFISICAL_AUTH_METHOD, else INFISICAL_TOKEN, else the
 * universal-auth variables.
 */
export function resolveSettings(
  input: InfisicalSettingsInput = {},
  env: NodeJS.ProcessEnv = process.env,
): InfisicalSettings {
  const settingName = input.settingName;
  const name: Namer = settingName ? (key) => settingName(key) : sourceName;
  const explicitHost = present(input.host);
  const envHost = present(env[ENV.host]);
  const host = explicitHost
    ? normalizeHost(explicitHost, name("host", "option"))
    : envHost
      ? normalizeHost(envHost, name("host", "env"))
      : DEFAULT_HOST;
  const auth = resolveAuth(new Lookup(input, env, name), settingName !== undefined);

  return {
    host,
    auth,
    readEnv: (variable) => env[variable],
    connectTimeoutMs: integerSetting(input, "connectTimeoutMs", 1, name),
    requestTimeoutMs: integerSetting(input, "requestTimeoutMs", 1, name),
    maxRetries: integerSetting(input, "maxRetries", 0, name),
    maxRetryDelayMs: integerSetting(input, "maxRetryDelayMs", 0, name),
    ...(input.logger ? { logger: input.logger } : {}),
    settingName: settingName ?? defaultSettingName,
    clock: input.clock ?? systemClock,
    random: input.random ?? Math.random,
  };
}
