import { describe, expect, it } from "vitest";
import { pacingMiddleware, resetPacing } from "../../provider/infisical/pacing";
import { compose, type Handler, type PipelineRequest } from "../../provider/infisical/pipeline";
import { retryMiddleware } from "../../provider/infisical/retry";
import { FakeClock } from "./harness";

/**
 * Pacing logic on injected time: a model of Infisical's per-window buckets (the headers of @fastify/rate-limit)
 * runs on the same fake clock as the client, so windows of seconds pass in microseconds.
 */

interface Limits {
  read: number;
  write: number;
  windowMs: number;
}

function rateLimitedServer(clock: FakeClock, limits: Limits) {
  const buckets = { read: { start: 0, used: 0 }, write: { start: 0, used: 0 } };
  const answered: { method: string; status: number; at: number }[] = [];
  const handler: Handler = async (req) => {
    const kind = req.method === "GET" ? "read" : "write";
    const b = buckets[kind];
    const now = clock.now();
    if (b.used === 0 || now >= b.start + limits.windowMs) {
      b.start = now;
      b.used = 0;
    }
    b.used += 1;
    const limit = limits[kind];
    const resetSeconds = String(Math.ceil((b.start + limits.windowMs - now) / 1000));
    const status = b.used > limit ? 429 : 200;
    answered.push({ method: req.method, status, at: now - t0 });
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(0, limit - b.used)),
      "x-ratelimit-reset": resetSeconds,
    };
    if (status === 429) headers["retry-after"] = resetSeconds;
    return { status, headers, body: {} };
  };
  const t0 = clock.now();
  return { handler, answered };
}

let hostSeq = 0;
function pipeline(clock: FakeClock, server: Handler) {
  const host = `http://pacing-${++hostSeq}.test`;
  resetPacing(host);
  const opts = { clock, random: () => 0 };
  // maxRetries 0: a single 429 fails the request, so success proves the client paced itself.
  return compose(
    [
      retryMiddleware({ maxRetries: 0, maxRetryDelayMs: 60_000, ...opts }),
      pacingMiddleware({ host, maxWaitMs: 60_000, ...opts }),
    ],
    server,
  );
}

const get = (): PipelineRequest => ({
  method: "GET",
  path: "/api/v1/app-connections/auth0",
  auth: false,
  idempotent: true,
});
const post = (): PipelineRequest => ({
  method: "POST",
  path: "/api/v1/app-connections/auth0",
  auth: false,
  idempotent: false,
});

describe("pacing (injected time)", () => {
  it("the model really answers 429 when requests are not paced (control)", async () => {
    const clock = new FakeClock();
    const server = rateLimitedServer(clock, { read: 4, write: 100, windowMs: 2_000 });
    const results = await Promise.all(Array.from({ length: 6 }, () => server.handler(get())));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it("waits for the window to reset once remaining reaches 0, instead of burning into 429", async () => {
    const clock = new FakeClock();
    const server = rateLimitedServer(clock, { read: 4, write: 100, windowMs: 2_000 });
    const send = pipeline(clock, server.handler);
    await send(get());
    // Concurrent callers share the bucket.
    const results = await Promise.all(Array.from({ length: 10 }, () => send(get())));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(server.answered.filter((a) => a.status === 429)).toEqual([]);
    // 11 reads at 4 per window: 4 in the first window, 4 after one reset, 3 after the second.
    const windows = server.answered.map((a) => Math.floor(a.at / 2_000));
    expect(windows).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
    // No wait is longer than a window (plus the 250 ms margin of a window whose end is only guessed).
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(2_250);
  });

  it("reads and writes are paced separately", async () => {
    const clock = new FakeClock();
    const server = rateLimitedServer(clock, { read: 2, write: 100, windowMs: 3_000 });
    const send = pipeline(clock, server.handler);
    await send(get());
    await send(get());
    // The read bucket is spent: a write goes without waiting, a read waits for the window.
    await send(post());
    expect(clock.sleeps).toEqual([]);
    await send(get());
    expect(clock.sleeps).toHaveLength(1);
    // Exactly until the reset the server announced (random 0: no jitter).
    expect(clock.sleeps[0]).toBe(3_000);
    expect(server.answered.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });

  it("after a 429 the bucket is closed for retry-after, for every caller of the host", async () => {
    const clock = new FakeClock();
    let first = true;
    const send = pipeline(clock, async () => {
      if (first) {
        first = false;
        return { status: 429, headers: { "retry-after": "5" }, body: {} };
      }
      return { status: 200, headers: {}, body: {} };
    });
    expect((await send(get())).status).toBe(429);
    expect((await send(get())).status).toBe(200);
    expect(clock.sleeps).toEqual([5_000]);
  });
});
