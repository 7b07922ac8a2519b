import { backoffDelay, rateLimitDelay } from "./backoff";
import { systemClock, type Clock, type Random } from "./clock";
import { describeCode, InfisicalApiError, isFinal, isRetryableStatus } from "./errors";
import type { Middleware, PipelineRequest, PipelineResponse } from "./pipeline";
import type { Logger } from "./types";

export interface RetryOptions {
  maxRetries: number;
  maxRetryDelayMs: number;
  logger?: Logger;
  random?: Random;
  /** For waits; `now` for HTTP-date `retry-after` and for the time an error reports. Default: real time. */
  clock?: Clock;
}

/**
 * Repeats of a request that never reached the server (connection refused, unknown host, connect timeout). Fewer
 * than `maxRetries`: a server that refuses connections is down or is the wrong address, and the user is better
 * served by a prompt "check the host" than by the whole backoff ladder (about 8 s with the defaults).
 */
export const UNREACHABLE_RETRIES = 2;

type Outcome = { res: PipelineResponse; err?: undefined } | { res?: undefined; err: InfisicalApiError };

/** What to do after one attempt. */
type Decision =
  | { action: "done" }
  | { action: "retry"; delayMs: number; reason: string; maxRetries?: number }
  /** A non-idempotent request may or may not have been applied: ask `reconcile` before sending it again. */
  | { action: "reconcile"; delayMs: number; reason: string };

export function decide(req: PipelineRequest, outcome: Outcome, attempt: number, opts: RetryOptions): Decision {
  const random = opts.random ?? Math.random;
  const { res, err } = outcome;
  if (res) {
    // 429 is answered before the handler runs, so even a POST is safe to repeat.
    if (res.status === 429) {
      const now = (opts.clock ?? systemClock).now();
      return {
        action: "retry",
        delayMs: rateLimitDelay(res.headers, attempt, opts.maxRetryDelayMs, random, now),
        reason: "429",
      };
    }
    if (!isRetryableStatus(res.status)) return { action: "done" };
    const delayMs = backoffDelay(attempt, opts.maxRetryDelayMs, random);
    const reason = `status ${res.status}`;
    return req.idempotent ? { action: "retry", delayMs, reason } : { action: "reconcile", delayMs, reason };
  }
  if ((err.kind !== "network" && err.kind !== "timeout") || !err.retryable || isFinal(err)) {
    return { action: "done" };
  }
  const delayMs = backoffDelay(attempt, opts.maxRetryDelayMs, random);
  const reason = err.code ?? err.kind;
  if (!err.maybeProcessed) return { action: "retry", delayMs, reason, maxRetries: UNREACHABLE_RETRIES };
  if (req.idempotent) return { action: "retry", delayMs, reason };
  return { action: "reconcile", delayMs, reason };
}

/** What was lost, in words, for a create whose outcome is unknown. */
function lostAnswer(outcome: Outcome): string {
  if (outcome.res) return `HTTP ${outcome.res.status}`;
  const code = outcome.err.code ?? outcome.err.kind;
  return `${describeCode(code)} (${code})`;
}

/**
 * The one retry loop of the client. GET/PATCH/DELETE/login are repeated on 429, 5xx and network failures; a POST is
 * repeated only when it certainly did not take effect (429, refused connection) or when `reconcile` says so.
 */
export function retryMiddleware(opts: RetryOptions): Middleware {
  const clock = opts.clock ?? systemClock;
  return (next) => async (req) => {
    const started = clock.now();
    // Set once an attempt of a non-idempotent request may have been applied.
    let uncertain = false;
    // Method and path only (no query values, no body): nothing secret reaches the log.
    const logDecision = (msg: string, attempt: number, d: { reason?: string; delayMs?: number }) =>
      opts.logger?.("debug", msg, {
        method: req.method,
        path: req.path.split("?")[0],
        attempt,
        reason: d.reason,
        wait: d.delayMs,
      });
    for (let attempt = 1; ; attempt++) {
      let outcome: Outcome;
      try {
        req.attempt = attempt;
        outcome = { res: await next(req) };
      } catch (e) {
        if (!(e instanceof InfisicalApiError)) throw e;
        outcome = { err: e };
      }
      // A repeat refused as a duplicate (400) may be clashing with our own earlier, slow attempt.
      if (uncertain && req.reconcile && outcome.res?.status === 400) {
        const found = await req.reconcile("a repeat was refused as a duplicate");
        if (found) return found;
      }
      const decision = decide(req, outcome, attempt, opts);
      const budget = decision.action === "retry" ? (decision.maxRetries ?? opts.maxRetries) : opts.maxRetries;
      const last = attempt > Math.min(budget, opts.maxRetries);
      if (decision.action === "reconcile" && req.reconcile) {
        uncertain = true;
        logDecision("infisical outcome unknown, reconciling", attempt, decision);
        // Wait first: a request that timed out on our side may still be running on the server. Even after the
        // last attempt, look: the create may well have happened.
        await clock.sleep(decision.delayMs);
        const found = await req.reconcile(lostAnswer(outcome));
        if (found) return found;
        if (!last) continue;
      }
      if (decision.action !== "retry" || last) {
        if (outcome.err) throw withAttempts(outcome.err, attempt, clock.now() - started);
        return outcome.res;
      }
      logDecision("infisical retry", attempt, decision);
      await clock.sleep(decision.delayMs);
    }
  };
}

/** The final error of a request, saying how many attempts it took (the client words "tried N times over T"). */
function withAttempts(err: InfisicalApiError, attempts: number, elapsedMs: number): InfisicalApiError {
  if (err.attempts !== undefined || isFinal(err)) return err;
  return new InfisicalApiError({ ...err.init(), attempts, elapsedMs });
}
