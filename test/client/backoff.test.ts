import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, rateLimitDelay } from "../../provider/infisical/backoff";
import { renewMarginMs } from "../../provider/infisical/auth";
import { RateLimitBucket } from "../../provider/infisical/pacing";
import { systemClock } from "../../provider/infisical/clock";

describe("backoffDelay", () => {
  it("grows exponentially with jitter between half and the whole step", () => {
    expect(backoffDelay(1, 60_000, () => 0)).toBe(125);
    expect(backoffDelay(1, 60_000, () => 1)).toBe(250);
    expect(backoffDelay(3, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(3, 60_000, () => 1)).toBe(1000);
  });

  it("never exceeds the cap", () => {
    for (let attempt = 1; attempt < 40; attempt++)
      expect(backoffDelay(attempt, 3_000, () => 1)).toBeLessThanOrEqual(3_000);
    expect(backoffDelay(30, 0, () => 0.5)).toBe(0);
  });
});

const NOW = Date.parse("2026-01-01T00:00:00Z");

describe("rateLimitDelay", () => {
  it("honours retry-after in seconds, adding (never subtracting) jitter", () => {
    expect(rateLimitDelay({ "retry-after": "2" }, 1, 60_000, () => 0, NOW)).toBe(2000);
    const d = rateLimitDelay({ "retry-after": "2" }, 1, 60_000, () => 1, NOW);
    expect(d).toBeGreaterThan(2000);
    expect(d).toBeLessThanOrEqual(2250);
  });

  it("prefers retry-after over x-ratelimit-reset, and falls back to it", () => {
    expect(rateLimitDelay({ "retry-after": "1", "x-ratelimit-reset": "9" }, 1, 60_000, () => 0, NOW)).toBe(1000);
    expect(rateLimitDelay({ "x-ratelimit-reset": "3" }, 1, 60_000, () => 0, NOW)).toBe(3000);
  });

  it("accepts an HTTP-date retry-after, relative to the given time", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", NOW)).toBe(5);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", NOW + 10_000)).toBe(0);
    expect(parseRetryAfter("garbage", NOW)).toBeUndefined();
    expect(rateLimitDelay({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, 1, 60_000, () => 0, NOW)).toBe(5_000);
  });

  it("ignores negative or non-numeric x-ratelimit-reset and reads a repeated header's first value", () => {
    expect(rateLimitDelay({ "x-ratelimit-reset": "-3" }, 1, 60_000, () => 0, NOW)).toBe(125);
    expect(rateLimitDelay({ "x-ratelimit-reset": "soon" }, 1, 60_000, () => 0, NOW)).toBe(125);
    expect(rateLimitDelay({ "retry-after": ["2", "9"] }, 1, 60_000, () => 0, NOW)).toBe(2_000);
  });

  it("caps the wait and falls back to backoff without headers", () => {
    expect(rateLimitDelay({ "retry-after": "3600" }, 1, 5_000, () => 0.5, NOW)).toBe(5_000);
    expect(rateLimitDelay({}, 2, 60_000, () => 0, NOW)).toBe(250);
  });
});

describe("token renewal margin", () => {
  it("renews with 10% or 60 s of the TTL left, whichever is more, but not before half-way", () => {
    expect(renewMarginMs(30 * 24 * 3600)).toBe(3 * 24 * 3600 * 1000);
    expect(renewMarginMs(300)).toBe(60_000);
    expect(renewMarginMs(60)).toBe(30_000);
  });
});

describe("RateLimitBucket (pacing)", () => {
  it("sends freely while nothing is known", () => {
    const b = new RateLimitBucket();
    expect(b.tryAcquire(0)).toBe(0);
  });

  it("waits for the window to reset once remaining reaches 0, then restarts with the limit", () => {
    const b = new RateLimitBucket();
    b.update({ "x-ratelimit-limit": "2", "x-ratelimit-remaining": "1", "x-ratelimit-reset": "10" }, 200, 1_000);
    expect(b.tryAcquire(1_000)).toBe(0);
    expect(b.tryAcquire(1_000)).toBe(10_000);
    expect(b.tryAcquire(6_000)).toBe(5_000);
    expect(b.tryAcquire(11_000)).toBe(0);
    expect(b.tryAcquire(11_000)).toBe(0);
    // Before any answer of the new window arrives, its end is guessed from the longest window seen.
    expect(b.tryAcquire(11_000)).toBe(10_250);
  });

  it("never raises remaining within a window (answers arrive out of order)", () => {
    const b = new RateLimitBucket();
    b.update({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "5" }, 200, 0);
    b.update({ "x-ratelimit-remaining": "7", "x-ratelimit-reset": "5" }, 200, 0);
    expect(b.remaining).toBe(3);
  });

  it("a 429 blocks the bucket for retry-after seconds", () => {
    const b = new RateLimitBucket();
    b.update({ "retry-after": "2" }, 429, 0);
    expect(b.tryAcquire(0)).toBe(2_000);
  });
});

describe("systemClock", () => {
  it("sleeps for real, resolves at once for 0, and stops early when aborted", async () => {
    const started = Date.now();
    await systemClock.sleep(0);
    await systemClock.sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const pending = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    await expect(systemClock.sleep(10, controller.signal)).rejects.toThrow("stop");
  });
});
