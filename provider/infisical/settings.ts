import { systemClock } from "./clock";
import { InfisicalApiError } from "./errors";
import type { InfisicalSettings, InfisicalSettingsInput, SettingKey } from "./types";

export const DEFAULT_HOST = "https://app.infisical.com";
export const DEFAULTS = {
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxRetries: 5,
  maxRetryDelayMs: 60_000,
} as const;

const ENV = {
  host: "INFISICAL_HOST",
  token: "INFISICAL_TOKEN",
  clientId: "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID",
  clientSecret: "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET",
} as const;

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

function universalAuth(
  clientId: string | undefined,
  clientSecret: string | undefined,
  from: "option" | "env",
  name: Namer,
): InfisicalSettings["auth"] {
  const idName = name("clientId", from);
  const secretName = name("clientSecret", from);
  if (clientId && !clientSecret) {
    throw configError(`${secretName} is missing while ${idName} is set`, ["clientSecret"]);
  }
  if (clientSecret && !clientId) throw configError(`${idName} is missing while ${secretName} is set`, ["clientId"]);
  return { kind: "universal-auth", clientId: clientId as string, clientSecret: clientSecret as string };
}

/**
 * Resolves settings: explicit options first, then the environment (the same variables as Infisical's own CLI and
 * Terraform provider). An explicit token beats universal auth; options beat the environment.
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

  let auth: InfisicalSettings["auth"];
  const optToken = present(input.token);
  const optId = present(input.clientId);
  const optSecret = present(input.clientSecret);
  const envToken = present(env[ENV.token]);
  const envId = present(env[ENV.clientId]);
  const envSecret = present(env[ENV.clientSecret]);
  if (optToken) {
    auth = { kind: "token", token: optToken };
  } else if (optId || optSecret) {
    // A half given in options may be completed from the environment (e.g. the secret kept out of code).
    const id = optId ?? envId;
    const secret = optSecret ?? envSecret;
    if (id && secret) auth = { kind: "universal-auth", clientId: id, clientSecret: secret };
    else auth = universalAuth(optId, optSecret, "option", name);
  } else if (envToken) {
    auth = { kind: "token", token: envToken };
  } else if (envId || envSecret) {
    auth = universalAuth(envId, envSecret, "env", name);
  } else {
    const message = settingName
      ? `No Infisical credentials: set ${settingName("token")}, or ${settingName("clientId")} and ` +
        `${settingName("clientSecret")}`
      : `No Infisical credentials: set ${ENV.token}, or ${ENV.clientId} and ${ENV.clientSecret} ` +
        `(or the token / clientId + clientSecret options)`;
    throw configError(message, ["token", "clientId", "clientSecret"]);
  }

  return {
    host,
    auth,
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
