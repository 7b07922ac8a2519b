import { InfisicalApiError } from "./errors";
import type { InfisicalSettings, InfisicalSettingsInput } from "./types";

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

function configError(message: string): InfisicalApiError {
  return new InfisicalApiError({ kind: "config", message });
}

/** Blank strings count as unset: an exported-but-empty variable is a common shell accident. */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Normalises a host to its origin, tolerating a trailing `/` or `/api` (the API always lives under `/api`). */
export function normalizeHost(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(`${source} must be an http(s) URL such as ${DEFAULT_HOST}; got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw configError(`${source} must use http or https; got "${url.protocol}" in "${url.origin}"`);
  }
  if (url.username || url.password) throw configError(`${source} must not contain a user name or password`);
  const path = url.pathname.replace(/\/+$/, "");
  if (path !== "" && path !== "/api") {
    throw configError(`${source} must be the server's origin (e.g. ${DEFAULT_HOST}), without a path; got "${path}"`);
  }
  if (url.search || url.hash) throw configError(`${source} must not contain a query string or fragment`);
  return url.origin;
}

function positiveInt(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < min) {
    throw configError(`${name} must be an integer >= ${min}; got ${String(value)}`);
  }
  return value;
}

function universalAuth(
  clientId: string | undefined,
  clientSecret: string | undefined,
  from: "option" | "env",
): InfisicalSettings["auth"] {
  const idName = from === "option" ? "the clientId option" : ENV.clientId;
  const secretName = from === "option" ? "the clientSecret option" : ENV.clientSecret;
  if (clientId && !clientSecret) throw configError(`${secretName} is missing while ${idName} is set`);
  if (clientSecret && !clientId) throw configError(`${idName} is missing while ${secretName} is set`);
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
  const explicitHost = present(input.host);
  const envHost = present(env[ENV.host]);
  const host = explicitHost
    ? normalizeHost(explicitHost, "the host option")
    : envHost
      ? normalizeHost(envHost, ENV.host)
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
    else auth = universalAuth(optId, optSecret, "option");
  } else if (envToken) {
    auth = { kind: "token", token: envToken };
  } else if (envId || envSecret) {
    auth = universalAuth(envId, envSecret, "env");
  } else {
    throw configError(
      `No Infisical credentials: set ${ENV.token}, or ${ENV.clientId} and ${ENV.clientSecret} ` +
        `(or the token / clientId + clientSecret options)`,
    );
  }

  return {
    host,
    auth,
    connectTimeoutMs: positiveInt("connectTimeoutMs", input.connectTimeoutMs, DEFAULTS.connectTimeoutMs, 1),
    requestTimeoutMs: positiveInt("requestTimeoutMs", input.requestTimeoutMs, DEFAULTS.requestTimeoutMs, 1),
    maxRetries: positiveInt("maxRetries", input.maxRetries, DEFAULTS.maxRetries, 0),
    maxRetryDelayMs: positiveInt("maxRetryDelayMs", input.maxRetryDelayMs, DEFAULTS.maxRetryDelayMs, 0),
    ...(input.logger ? { logger: input.logger } : {}),
  };
}
