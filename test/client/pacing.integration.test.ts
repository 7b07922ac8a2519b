import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../provider/infisical";
import { rejection, startEnv, type TestEnv } from "./harness";

/**
 * Pacing against the emulator's real rate limiter (@fastify/rate-limit, as Infisical uses). The logic is tested on
 * injected time in pacing.unit.test.ts; here the client runs on real time because the emulator's window does, with
 * windows of one second.
 */

let env: TestEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const AUTH0 = "/api/v1/app-connections/auth0";

describe("pacing from x-ratelimit-* headers (real HTTP)", () => {
  it("the emulator's limit really answers 429 when requests are not paced (control)", async () => {
    env = await startEnv({ rateLimit: { read: 3, write: 100, windowMs: 1_000 } });
    const client = env.client({ maxRetries: 0 });
    // Concurrent first requests: nothing is known yet, so they are not held back.
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => client.listAuth0Connections()));
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected.length).toBeGreaterThan(0);
    expect(await rejection(() => Promise.reject((rejected[0] as PromiseRejectedResult).reason))).toMatchObject({
      status: 429,
      error: "RateLimitExceeded",
    });
  });

  it("waits for the window to reset once remaining reaches 0, instead of burning into 429", async () => {
    env = await startEnv({ rateLimit: { read: 4, write: 100, windowMs: 1_000 } });
    // maxRetries 0: a single 429 would fail the call, so success proves the client paced itself.
    const a = env.client({ maxRetries: 0, clock: systemClock });
    const b = env.client({ maxRetries: 0, clock: systemClock });
    await a.listAuth0Connections();
    // Two clients, one host: they share the bucket; concurrent callers included.
    await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 ? a : b).listAuth0Connections()));
    const gets = (await env.emu.admin.requests()).filter((r) => r.method === "GET" && r.path === AUTH0);
    expect(gets.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(env.logs.some((l) => l.msg === "infisical pacing" && Number(l.fields?.wait) > 0)).toBe(true);
  });
});
