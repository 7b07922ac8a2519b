import type { Connections } from "./connections";
import type { Faults } from "./faults";
import type { AccessTokens } from "./access-tokens";
import type { UniversalAuth } from "./universal-auth";
import type { RequestLog } from "./request-log";
import type { Store } from "./store";

/** What every route and hook of one emulator instance shares. */
export interface EmulatorContext {
  store: Store;
  connections: Connections;
  tokens: AccessTokens;
  universalAuth: UniversalAuth;
  faults: Faults;
  requestLog: RequestLog;
  defaultTtlSeconds: number;
  log: boolean;
}

export const ADMIN_PREFIX = "/__emulator";

/** Whether a normalised path is on the admin surface. */
export const isAdminPath = (path: string): boolean => path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
