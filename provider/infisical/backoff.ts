/** Wait computations for retries, as pure functions (the random source and the time are passed in). */
import type { Random } from "./clock";
import { headerValue, type Headers } from "./pipeline";

/** Base of the exponential backoff for 5xx/network retries. */
export const BACKOFF_BASE_MS = 250;

/**
 * Exponential backoff with "equal jitter": half the exponential step is kept so retries never bunch at zero, the
 * other half is random so many clients do not retry in lockstep. `attempt` is the attempt that just failed (1-based).
 */
export function backoffDelay(attempt: number, capMs: number, random: Random = Math.random): number {
  const step = Math.min(capMs, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.min(capMs, Math.round(step / 2 + (random() * step) / 2));
}

/** Seconds from `retry-after` (delta seconds or an HTTP date). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** A header holding a count or a number of seconds: a finite number >= 0, else undefined. */
function parseNonNegative(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * How long to wait after a 429: `retry-after`, else `x-ratelimit-reset`, else backoff. A little jitter is added (never
 * subtracted: arriving early only earns another 429), and the result is capped.
 */
export function rateLimitDelay(headers: Headers, attempt: number, capMs: number, random: Random, now: number): number {
  const seconds =
    parseRetryAfter(headerValue(headers, "retry-after"), now) ??
    parseNonNegative(headerValue(headers, "x-ratelimit-reset"));
  if (seconds === undefined) return backoffDelay(attempt, capMs, random);
  const base = seconds * 1000;
  const jitter = random() * Math.min(1000, 50 + base * 0.1);
  return Math.min(capMs, Math.round(base + jitter));
}

export interface RateLimitHeaders {
  /** Requests per window. */
  limit?: number;
  /** Requests left in this window. */
  remaining?: number;
  /** Seconds until the window resets. */
  resetSeconds?: number;
}

export function readRateLimitHeaders(headers: Headers): RateLimitHeaders {
  return {
    limit: parseNonNegative(headerValue(headers, "x-ratelimit-limit")),
    remaining: parseNonNegative(headerValue(headers, "x-ratelimit-remaining")),
    resetSeconds: parseNonNegative(headerValue(headers, "x-ratelimit-reset")),
  };
}
