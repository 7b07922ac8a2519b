// tfplugin6.Provider: each RPC decoded, handed to the ProviderDefinition and its resource or data source
// definitions, encoded back. Every call returns a response: thrown errors become error diagnostics (secrets
// redacted), never a crash. One file per RPC family.
import type { Logger } from "../logger";
import type { ProviderDefinition } from "../resource";
import type { Attributes } from "../schema";
import { type Handler, HandlerContext } from "./context";
import { dataSourceHandlers } from "./data-source";
import { providerHandlers } from "./provider";
import { resourceHandlers } from "./resource";

export type { Handler } from "./context";
export type ProviderHandlers = Record<string, Handler>;

/** `cancelAll` aborts the signal of every call in flight and of every later one (StopProvider). */
export function createProviderHandlers(
  provider: ProviderDefinition<Attributes, unknown>,
  log: Logger,
  cancelAll: (reason: Error) => void,
): ProviderHandlers {
  const ctx = new HandlerContext(provider, log, cancelAll);
  return { ...providerHandlers(ctx), ...resourceHandlers(ctx), ...dataSourceHandlers(ctx) };
}
