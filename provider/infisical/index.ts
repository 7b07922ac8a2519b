import { createHash } from "node:crypto";
import { InfisicalClient } from "./client";
import { resolveSettings } from "./settings";
import type { InfisicalSettings, InfisicalSettingsInput, Logger } from "./types";

export * from "./types";
export { InfisicalClient } from "./client";
export { InfisicalApiError, isInfisicalApiError } from "./errors";
export type { FieldError, InfisicalErrorKind } from "./errors";
export { resolveSettings, DEFAULT_HOST } from "./settings";
export { clearTokenCache } from "./auth";
export { resetPacing } from "./pacing";

const shared = new Map<string, InfisicalClient>();
const loggerIds = new WeakMap<Logger, number>();
let nextLoggerId = 1;

function sharedKey(s: InfisicalSettings): string {
  let loggerId = 0;
  if (s.logger) {
    loggerId = loggerIds.get(s.logger) ?? nextLoggerId++;
    loggerIds.set(s.logger, loggerId);
  }
  const who = s.auth.kind === "token" ? `t:${s.auth.token}` : `u:${s.auth.clientId}:${s.auth.clientSecret}`;
  const raw = JSON.stringify([
    s.host,
    who,
    s.connectTimeoutMs,
    s.requestTimeoutMs,
    s.maxRetries,
    s.maxRetryDelayMs,
    loggerId,
  ]);
  // Hashed so the map holds no credential in clear.
  return createHash("sha256").update(raw).digest("hex");
}

/**
 * A client for these settings (options, then the environment). Calls with the same settings get the same instance,
 * so they share one keep-alive pool; every client in the process shares the token cache and the rate-limit state.
 */
export function getInfisicalClient(input?: InfisicalSettingsInput): InfisicalClient {
  const settings = resolveSettings(input);
  const key = sharedKey(settings);
  let client = shared.get(key);
  // A shared client someone closed is replaced rather than handed out dead.
  if (!client || client.closed) {
    client = new InfisicalClient(settings);
    shared.set(key, client);
  }
  return client;
}
