export { startEmulator } from "./start";
export type {
  Auth0TenantSeed,
  EmulatorAdmin,
  EmulatorConnectionView,
  EmulatorOptions,
  EmulatorSeed,
  FaultKind,
  FaultRule,
  RateLimitOptions,
  RequestLogEntry,
  RunningEmulator,
} from "./types";
