import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** `server` listening on a free port of 127.0.0.1: its URL, and a close that drops open connections. */
export async function listenOnLoopback(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const { url, close } = await listenOnLoopback(createServer());
  await close();
  return Number(new URL(url).port);
}
