import type { AddressInfo } from "node:net";
import type { EmulatorOptions, RunningEmulator } from "./types";
import type { EmulatorContext } from "./context";
import { Store } from "./store";
import { Connections } from "./connections";
import { Identities } from "./identities";
import { Faults } from "./faults";
import { RequestLog } from "./request-log";
import { DEFAULT_TOKEN_TTL_SECONDS } from "./state";
import { buildServer } from "./server";
import { seedOf } from "./routes/admin";
import { adminClient } from "./admin-client";

/** Starts an emulator on 127.0.0.1 and resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const defaultTtlSeconds = options.accessTokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const store = Store.open(options.dataFile, defaultTtlSeconds);
  const ctx: EmulatorContext = {
    store,
    connections: new Connections(store),
    identities: new Identities(store),
    faults: new Faults(),
    requestLog: new RequestLog(),
    defaultTtlSeconds,
    log: options.log ?? false,
  };
  const limits =
    options.rateLimit === false
      ? false
      : {
          read: options.rateLimit?.read ?? 60,
          write: options.rateLimit?.write ?? 200,
          windowMs: options.rateLimit?.windowMs ?? 60_000,
        };
  const app = await buildServer(ctx, limits);
  await app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    seed: { url, ...seedOf(ctx) },
    admin: adminClient(url),
    close: async () => {
      await app.close();
    },
  };
}
