import type { Connections } from "./connections";
import type { Faults } from "./faults";
import type { Identities } from "./identities";
import type { RequestLog } from "./request-log";
import type { Store } from "./store";

/** What every route and hook of one emulator instance shares. */
export interface EmulatorContext {
  store: Store;
  connections: Connections;
  identities: Identities;
  faults: Faults;
  requestLog: RequestLog;
  defaultTtlSeconds: number;
  log: boolean;
}

export const ADMIN_PREFIX = "/__emulator";
