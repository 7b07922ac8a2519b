import { afterEach, describe, expect, it } from "vitest";
import { rejection, startEnv, type TestEnv } from "./harness";

let env: TestEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const AUTH0 = "/api/v1/app-connections/auth0";

describe("pacing from x-ratelimit-* headers", () => {
  it("the emulator's limit really answers 429 when requests are not paced (control)", async () => {
    env = await startEnv({ rateLimit: { read: 3, write: 100, windowMs: 2_000 } });
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
    env = await startEnv({ rateLimit: { read: 4, write: 100, windowMs: 2_000 } });
    // maxRetries 0: a single 429 would fail the call, so success proves the client paced itself.
    const a = env.client({ maxRetries: 0, maxRetryDelayMs: 10_000 });
    const b = env.client({ maxRetries: 0, maxRetryDelayMs: 10_000 });
    await a.listAuth0Connections();
    const started = Date.now();
    // Two clients, one host: they share the bucket; concurrent callers included.
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).listAuth0Connections()));
    const elapsed = Date.now() - started;
    const gets = (await env.emu.admin.requests()).filter((r) => r.method === "GET" && r.path === AUTH0);
    expect(gets.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(gets).toHaveLength(11);
    // 11 reads at 4 per window need two resets.
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(env.logs.some((l) => l.msg === "infisical pacing" && Number(l.fields?.wait) > 0)).toBe(true);
  });

  it("reads and writes are paced separately", async () => {
    env = await startEnv({ rateLimit: { read: 2, write: 100, windowMs: 3_000 } });
    const client = env.client({ maxRetries: 0, maxRetryDelayMs: 10_000 });
    await client.listAuth0Connections();
    await client.listAuth0Connections();
    // The read bucket is spent; a write goes without waiting, a read waits.
    await client.createAuth0Connection({ name: "pace-write", credentials: { ...env.emu.seed.auth0 } });
    const paced = () => (env as TestEnv).logs.filter((l) => l.msg === "infisical pacing").map((l) => l.fields?.method);
    expect(paced()).toEqual([]);
    await client.listAuth0Connections();
    expect(paced()).toEqual(["GET"]);
  });
});
