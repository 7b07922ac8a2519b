// Pacing buckets and the header parsers they use, called directly with a fake clock: blank and zero headers, a limit
// remembered across answers that omit it, a new window's guessed end only with a known limit, reads and writes in
// separate buckets, the jitter added (never subtracted) to a wait, and a wait longer than the cap taken once.
import { describe, expect, it } from "vitest";
import { parseRetryAfter, readRateLimitHeaders } from "../../provider/infisical/backoff";
import { bucketsFor, pacingMiddleware, RateLimitBucket, resetPacing } from "../../provider/infisical/pacing";
import type { PipelineRequest, PipelineResponse } from "../../provider/infisical/pipeline";
import { FakeClock } from "./harness";

describe("header parsers", () => {
  it("blank values are absent; zero is a value", () => {
    for (const blank of ["", "   "]) expect(parseRetryAfter(blank, 0)).toBeUndefined();
    expect(parseRetryAfter(" 2 ", 0)).toBe(2);
    expect(
      readRateLimitHeaders({ "x-ratelimit-limit": "  ", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "" }),
    ).toEqual({
      limit: undefined,
      remaining: 0,
      resetSeconds: undefined,
    });
    expect(readRateLimitHeaders({ "x-ratelimit-limit": "-1", "x-ratelimit-remaining": "x" })).toEqual({
      limit: undefined,
      remaining: undefined,
      resetSeconds: undefined,
    });
  });
});

describe("RateLimitBucket", () => {
  it("keeps the last known limit when an answer omits it, and refills a new window with it", () => {
    const b = new RateLimitBucket();
    b.update({ "x-ratelimit-limit": "2", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1" }, 200, 0);
    b.update({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1" }, 200, 0);
    expect(b.limit).toBe(2);
    expect(b.tryAcquire(500)).toBe(500);
    // The window has passed: two slots, then a wait for the guessed end (window + 250 ms margin).
    expect([b.tryAcquire(1_000), b.tryAcquire(1_000), b.tryAcquire(1_000)]).toEqual([0, 0, 1_250]);
  });

  it("without a known limit, a new window's end is not guessed", () => {
    const b = new RateLimitBucket();
    b.update({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1" }, 200, 0);
    expect(b.tryAcquire(1_000)).toBe(0);
    expect(b.resetAt).toBeUndefined();
    // Spent again, with no end known: nothing to wait for.
    b.update({ "x-ratelimit-remaining": "0" }, 200, 1_000);
    expect(b.tryAcquire(1_001)).toBe(0);
  });

  it("resetPacing() forgets every host", () => {
    const before = bucketsFor("http://pacing-reset.test");
    expect(bucketsFor("http://pacing-reset.test")).toBe(before);
    resetPacing();
    expect(bucketsFor("http://pacing-reset.test")).not.toBe(before);
  });
});

describe("pacingMiddleware", () => {
  const spent = { "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1" };
  const req = (method: "GET" | "POST"): PipelineRequest => ({ method, path: "/p?q=1", auth: true, idempotent: true });

  function paced(host: string, maxWaitMs: number) {
    resetPacing(host);
    const clock = new FakeClock(0);
    const logs: unknown[] = [];
    const next = async (): Promise<PipelineResponse> => ({ status: 200, headers: spent, body: {} });
    const send = pacingMiddleware({
      host,
      maxWaitMs,
      clock,
      random: () => 0.5,
      logger: (_l, msg, fields) => logs.push([msg, fields]),
    })(next);
    return { send, clock, logs };
  }

  it("a spent read bucket delays reads by the wait plus jitter, not writes", async () => {
    const { send, clock, logs } = paced("http://pacing-a.test", 60_000);
    await send(req("GET"));
    await send(req("POST"));
    expect(clock.sleeps).toEqual([]);
    await send(req("GET"));
    // 1000 ms to the reset, plus random 0.5 * 50 ms.
    expect(clock.sleeps).toEqual([1_025]);
    expect(logs).toEqual([["infisical pacing", { method: "GET", path: "/p", wait: 1_025 }]]);
  });

  it("a GET's answer is learnt by the host's read bucket, a POST's by its write bucket", async () => {
    const host = "http://pacing-c.test";
    const { send } = paced(host, 60_000);
    await send(req("GET"));
    expect([bucketsFor(host).read.remaining, bucketsFor(host).write.remaining]).toEqual([0, undefined]);
    resetPacing(host);
    await send(req("POST"));
    expect([bucketsFor(host).read.remaining, bucketsFor(host).write.remaining]).toEqual([undefined, 0]);
  });

  it("a wait at or over the cap is waited once, then the request is sent", async () => {
    const { send, clock } = paced("http://pacing-b.test", 100);
    await send(req("GET"));
    await send(req("GET"));
    expect(clock.sleeps).toEqual([100]);
  });
});
