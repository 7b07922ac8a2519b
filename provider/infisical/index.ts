import { createHash } from "node:crypto";
import { InfisicalClient } from "./client";
import { resolveSettings } from "./settings";
import type { InfisicalSettings, InfisicalSettingsInput } from "./types";

export * from "./types";
export { InfisicalClient } from "./client";
export { InfisicalApiError, isInfisicalApiError } from "./errors";
export type { FieldError, InfisicalErrorKind, InfisicalErrorReason } from "./errors";
export {
  resolveSettings,
  defaultSettingName,
  DEFAULT_HOST,
  DEFAULT_SERVICE_ACCOUNT_TOKEN_PATH,
  ENV as SETTINGS_ENV,
} from "./settings";
export { systemClock } from "./clock";
export { clearTokenCache, MAX_RELOGINS } from "./auth";
export { resetPacing } from "./pacing";
export { resetListCache, LIST_TTL_MS } from "./list-cache";

const shared = new Map<string, InfisicalClient>();
// Settings that are functions (logger, settingName, clock, random) are told apart by identity.
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 1;

function idOf(fn: object | undefined): number {
  if (!fn) return 0;
  let id = functionIds.get(fn);
  if (id === undefined) {
    id = nextFunctionId++;
    functionIds.set(fn, id);
  }
  return id;
}

function sharedKey(s: InfisicalSettings): string {
  const raw = JSON.stringify([
    s.host,
    s.auth,
    s.connectTimeoutMs,
    s.requestTimeoutMs,
    s.maxRetries,
    s.maxRetryDelayMs,
    [s.logger, s.settingName, s.clock, s.random].map(idOf),
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
