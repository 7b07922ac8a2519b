import type { AddressInfo } from "node:net";
import type { EmulatorOptions, RunningEmulator } from "./types";
import type { EmulatorContext } from "./context";
import { Store } from "./store";
import { Connections } from "./connections";
import { AccessTokens } from "./access-tokens";
import { UniversalAuth } from "./universal-auth";
import { Faults } from "./faults";
import { RequestLog } from "./request-log";
import { buildServer } from "./server";
import { seedOf, useOwnIssuerAt } from "./routes/admin";
import { adminClient } from "./admin-client";
import { resolveOptions } from "./options";
import { AuthMethods } from "./auth-methods";

/** Starts an emulator on 127.0.0.1 and resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return start(options, "EmulatorOptions.dataFile");
}

/** `startEmulator` naming the data file as the caller's user knows it (the CLI: `--data`). */
export async function start(options: EmulatorOptions, dataFileLabel: string): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const store = Store.open(resolved.dataFile, resolved.defaultTtlSeconds, dataFileLabel);
  const tokens = new AccessTokens(store, resolved.now);
  const authMethods = new AuthMethods(store, tokens);
  const ctx: EmulatorContext = {
    store,
    connections: new Connections(store),
    tokens,
    universalAuth: new UniversalAuth(store, tokens, resolved.now),
    faults: new Faults(),
    requestLog: new RequestLog(),
    authMethods,
    defaultTtlSeconds: resolved.defaultTtlSeconds,
    log: resolved.log,
    now: resolved.now,
    outboundTimeoutMs: resolved.outboundTimeoutMs,
    awsStsEndpoint: resolved.awsStsEndpoint,
    url: "",
  };
  const app = await buildServer(ctx, resolved.limits);
  await app.listen({ host: "127.0.0.1", port: resolved.port });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  ctx.url = url;
  useOwnIssuerAt(ctx, url);
  return {
    url,
    seed: { url, ...seedOf(ctx) },
    admin: adminClient(url),
    close: async () => {
      await app.close();
    },
  };
}
