import { parseRetryAfter, readRateLimitHeaders } from "./backoff";
import { systemClock, type Clock, type Random } from "./clock";
import { headerValue, type Headers, type Middleware } from "./pipeline";
import type { Logger } from "./types";

/**
 * Client-side pacing from Infisical's `x-ratelimit-*` headers: once a bucket (read = GET, write = the rest) is spent,
 * requests wait for the window to reset instead of burning into 429s. State is per host and shared by every client in
 * the process, because the server counts per client IP, not per client object.
 */
export class RateLimitBucket {
  /** Requests left in the current window as far as we know; undefined = unknown (send freely). */
  remaining: number | undefined;
  limit: number | undefined;
  /** Epoch ms when the current window ends; undefined = unknown. */
  resetAt: number | undefined;
  /** Longest window seen (from `x-ratelimit-reset` at a window's start): a safe guess for a new window's end. */
  windowMs: number | undefined;

  /** Takes a slot, or says how long to wait for one. */
  tryAcquire(now: number): number {
    if (this.resetAt !== undefined && now >= this.resetAt) {
      // New window: its size is the last known limit; its end is guessed until an answer tells it, so that
      // concurrent senders do not overrun it while the first answers are in flight.
      this.remaining = this.limit;
      // (The margin: the server's window only starts when our first request of it arrives.)
      this.resetAt = this.windowMs !== undefined && this.limit !== undefined ? now + this.windowMs + 250 : undefined;
    }
    if (this.remaining === undefined) return 0;
    if (this.remaining > 0) {
      this.remaining--;
      return 0;
    }
    if (this.resetAt === undefined) return 0;
    return this.resetAt - now;
  }

  /** Learns from an answer. `remaining` only ever goes down within a window: answers may arrive out of order. */
  update(headers: Headers, status: number, now: number): void {
    const rl = readRateLimitHeaders(headers);
    if (rl.limit !== undefined) this.limit = rl.limit;
    if (status === 429) {
      const wait = parseRetryAfter(headerValue(headers, "retry-after"), now) ?? rl.resetSeconds;
      this.remaining = 0;
      if (wait !== undefined) this.resetAt = now + wait * 1000;
      return;
    }
    if (rl.remaining === undefined) return;
    this.remaining = this.remaining === undefined ? rl.remaining : Math.min(this.remaining, rl.remaining);
    if (rl.resetSeconds !== undefined) {
      this.resetAt = now + rl.resetSeconds * 1000;
      this.windowMs = Math.max(this.windowMs ?? 0, rl.resetSeconds * 1000);
    }
  }
}

interface HostBuckets {
  read: RateLimitBucket;
  write: RateLimitBucket;
}

const hosts = new Map<string, HostBuckets>();

export function bucketsFor(host: string): HostBuckets {
  let b = hosts.get(host);
  if (!b) {
    b = { read: new RateLimitBucket(), write: new RateLimitBucket() };
    hosts.set(host, b);
  }
  return b;
}

/** Forgets what is known about a host's limits (tests, or after a long pause). */
export function resetPacing(host?: string): void {
  if (host === undefined) hosts.clear();
  else hosts.delete(host);
}

export interface PacingOptions {
  host: string;
  maxWaitMs: number;
  logger?: Logger;
  clock?: Clock;
  random?: Random;
}

export function pacingMiddleware(opts: PacingOptions): Middleware {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  return (next) => async (req) => {
    const bucket = bucketsFor(opts.host)[req.method === "GET" ? "read" : "write"];
    for (;;) {
      const wait = bucket.tryAcquire(clock.now());
      if (wait <= 0) break;
      // A little jitter so waiters do not all hit the new window in the same millisecond.
      const ms = Math.min(opts.maxWaitMs, Math.ceil(wait + random() * 50));
      opts.logger?.("debug", "infisical pacing", {
        method: req.method,
        path: req.path.split("?")[0],
        wait: ms,
      });
      await clock.sleep(ms);
      if (ms >= opts.maxWaitMs) break;
    }
    const res = await next(req);
    bucket.update(res.headers, res.status, clock.now());
    return res;
  };
}
