/**
 * The short-lived credentials a workload-identity login presents (an OIDC JWT, a Kubernetes service-account token),
 * read from their source at every login: a CI token or a projected service-account token expires within minutes or
 * hours, and the login after that must use the refreshed one (a rewritten file, a new GitHub Actions ID token).
 */
import { readFile } from "node:fs/promises";
import { secretHash } from "./auth";
import { InfisicalApiError } from "./errors";
import type { Handler } from "./pipeline";
import { compose } from "./pipeline";
import { retryMiddleware } from "./retry";
import { GITHUB_ACTIONS_ENV } from "./settings";
import { createPool, transport } from "./transport";
import type { CredentialSource, InfisicalSettings, SettingKey } from "./types";

/** The setting a source belongs to: the OIDC JWT or the Kubernetes service-account token. */
export interface SourceKeys {
  value: SettingKey;
  path?: SettingKey;
}

/** A source in words, for errors (never the credential): `the variable INFISICAL_AUTH_JWT`, `the file /var/…`. */
export function describeSource(source: CredentialSource, keys: SourceKeys, settings: InfisicalSettings): string {
  switch (source.from) {
    case "value":
      return settings.settingName(keys.value);
    case "env":
      return `the variable ${source.name}`;
    case "file":
      return `the file ${source.path}`;
    case "github-actions":
      return `the GitHub Actions ID token for audience "${source.audience}"`;
  }
}

/** The part of the token cache key that names the source (never its content, which changes). */
export function sourceCacheKey(source: CredentialSource): string {
  switch (source.from) {
    case "value":
      return `value:${secretHash(source.value)}`;
    case "env":
      return `env:${source.name}`;
    case "file":
      return `file:${source.path}`;
    case "github-actions":
      return `github-actions:${source.audience}`;
  }
}

function configError(message: string, settings: SettingKey[], cause?: unknown): InfisicalApiError {
  return new InfisicalApiError({ kind: "config", reason: "config", settings, message, cause });
}

/** A file system error in words, without the error's own text (which may quote the path only, but keep it short). */
function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return typeof code === "string" ? code : "cannot be read";
  }
}

/** Reads a value, variable or file source (GitHub Actions tokens are fetched by `fetchGitHubActionsToken`). */
export async function readSource(
  source: Exclude<CredentialSource, { from: "github-actions" }>,
  keys: SourceKeys,
  settings: InfisicalSettings,
  what: string,
): Promise<string> {
  if (source.from === "value") return source.value;
  if (source.from === "env") {
    const value = settings.readEnv(source.name)?.trim();
    if (!value) {
      throw configError(`${what}: the variable ${source.name} is empty or not set any more`, [keys.value]);
    }
    return value;
  }
  for (let attempt = 1; ; attempt++) {
    let text: string;
    try {
      text = await readFile(source.path, "utf8");
    } catch (err) {
      throw configError(
        `${what}: cannot read the file ${source.path} (${describeFsError(err)}). Set ` +
          `${settings.settingName(keys.path ?? keys.value)} to the token's file, or ` +
          `${settings.settingName(keys.value)} to the token itself`,
        [keys.path ?? keys.value],
      );
    }
    const token = text.trim();
    if (token) return token;
    // Caught between the truncation and the write of a writer that rewrites the file in place (the kubelet swaps a
    // symlink instead; `echo $TOKEN > file` does not): look again shortly.
    if (attempt >= EMPTY_FILE_READS) {
      throw configError(`${what}: the file ${source.path} is empty`, [keys.path ?? keys.value]);
    }
    await settings.clock.sleep(EMPTY_FILE_PAUSE_MS);
  }
}

/** How often an empty token file is read before it counts as empty, and the pause between reads. */
const EMPTY_FILE_READS = 3;
const EMPTY_FILE_PAUSE_MS = 100;

/**
 * A fresh GitHub Actions OIDC ID token for `audience`: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with
 * `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answered `{"value": "<jwt>"}` (what `core.getIDToken`
 * does). Retried like a read (429, 5xx, network), through the client's own transport.
 */
export async function fetchGitHubActionsToken(
  audience: string,
  settings: InfisicalSettings,
): Promise<{ token: string; secrets: string[] }> {
  const rawUrl = settings.readEnv(GITHUB_ACTIONS_ENV.url)?.trim() ?? "";
  const bearer = settings.readEnv(GITHUB_ACTIONS_ENV.token)?.trim() ?? "";
  const keys: SettingKey[] = ["githubActionsAudience"];
  if (!rawUrl || !bearer) {
    throw configError(
      `OIDC auth fetches its JWT from GitHub Actions (${settings.settingName("githubActionsAudience")}), but ` +
        `${GITHUB_ACTIONS_ENV.url} or ${GITHUB_ACTIONS_ENV.token} is not set: give the job "permissions: ` +
        `id-token: write"`,
      keys,
    );
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw configError(`${GITHUB_ACTIONS_ENV.url} is not a URL`, keys);
  }
  url.searchParams.set("audience", audience);
  const pool = createPool({ ...settings, host: url.origin });
  const send: Handler = compose(
    [
      retryMiddleware({
        maxRetries: settings.maxRetries,
        maxRetryDelayMs: settings.maxRetryDelayMs,
        logger: settings.logger,
        clock: settings.clock,
        random: settings.random,
      }),
    ],
    transport(pool, { ...settings, host: url.origin }),
  );
  const secrets = [bearer];
  const failed = (detail: string, cause?: unknown) =>
    new InfisicalApiError({
      kind: "http",
      reason: "login-rejected",
      settings: keys,
      message:
        `Could not get a GitHub Actions ID token for audience "${audience}" from ${url.origin}: ${detail}. The ` +
        `job needs "permissions: id-token: write"; ${GITHUB_ACTIONS_ENV.token} is valid only while the job runs.`,
      cause,
    });
  try {
    const res = await send({
      method: "GET",
      path: `${url.pathname}${url.search}`,
      auth: false,
      idempotent: true,
      token: bearer,
      secrets,
    });
    const body = typeof res.body === "object" && res.body !== null ? (res.body as Record<string, unknown>) : {};
    if (res.status !== 200) throw failed(`HTTP ${res.status}`);
    const token = typeof body.value === "string" ? body.value.trim() : "";
    if (!token) throw failed('the answer has no "value"');
    return { token, secrets: [...secrets, token] };
  } catch (err) {
    if (err instanceof InfisicalApiError && err.reason) throw err;
    const code = err instanceof InfisicalApiError ? (err.code ?? err.kind) : "error";
    throw new InfisicalApiError({
      kind: err instanceof InfisicalApiError ? err.kind : "network",
      reason: "unreachable",
      settings: keys,
      retryable: true,
      message: `Could not reach GitHub Actions' token service at ${url.origin} (${code}) to get an OIDC ID token.`,
      cause: err,
    });
  } finally {
    await pool.close();
  }
}
