import { describe, expect, it } from "vitest";
import { errorFromNetwork, errorFromResponse, isAuthFailure, scrub } from "../../provider/infisical/errors";
import { decide, UNREACHABLE_RETRIES } from "../../provider/infisical/retry";
import type { PipelineRequest } from "../../provider/infisical/pipeline";

const ctx = { method: "POST", path: "/api/v1/app-connections/auth0" };

describe("errorFromResponse", () => {
  it("turns a 422 zod issue array into dotted field errors", () => {
    const err = errorFromResponse(
      {
        ...ctx,
        status: 422,
        body: {
          reqId: "req-abcdefghijklmn",
          statusCode: 422,
          error: "ValidationFailure",
          message: [
            { code: "invalid_format", message: "Invalid url", path: ["credentials", "audience"] },
            {
              code: "custom",
              message: "name field can only contain lowercase letters, numbers, and hyphens",
              path: ["name"],
            },
          ],
        },
      },
      [],
    );
    expect(err.status).toBe(422);
    expect(err.error).toBe("ValidationFailure");
    expect(err.reqId).toBe("req-abcdefghijklmn");
    expect(err.fieldErrors).toEqual([
      { path: "credentials.audience", message: "Invalid url" },
      { path: "name", message: "name field can only contain lowercase letters, numbers, and hyphens" },
    ]);
    expect(err.message).toContain("credentials.audience: Invalid url");
    expect(err.retryable).toBe(false);
  });

  it("keeps Infisical's message for service errors, marks 429/5xx retryable", () => {
    const dup = errorFromResponse(
      {
        ...ctx,
        status: 400,
        body: { error: "BadRequest", message: 'An App Connection with the name "a" already exists' },
      },
      [],
    );
    expect(dup.message).toBe('An App Connection with the name "a" already exists');
    expect(dup.kind).toBe("http");
    expect(errorFromResponse({ ...ctx, status: 503, body: "<html>busy</html>" }, []).retryable).toBe(true);
    expect(errorFromResponse({ ...ctx, status: 429, body: {} }, []).message).toBe("HTTP 429 from Infisical");
  });

  it("scrubs known secrets even when the server echoes them", () => {
    const err = errorFromResponse(
      { ...ctx, status: 400, body: { error: "BadRequest", message: "bad value s3cr3t-value" } },
      ["s3cr3t-value"],
    );
    expect(err.message).not.toContain("s3cr3t-value");
    expect(scrub("x s3cr3t-value y s3cr3t-value", ["s3cr3t-value"])).toBe("x [redacted] y [redacted]");
  });

  it("recognises token failures: any 401, and 403 only when error is TokenError", () => {
    expect(isAuthFailure(401, {})).toBe(true);
    expect(isAuthFailure(403, { error: "TokenError" })).toBe(true);
    expect(isAuthFailure(403, { error: "PermissionDenied" })).toBe(false);
  });
});

describe("errorFromNetwork", () => {
  it("maps codes to kinds and knows which failures cannot have reached the server", () => {
    const refused = errorFromNetwork(Object.assign(new Error("x"), { code: "ECONNREFUSED" }), { host: "h", ...ctx });
    expect(refused).toMatchObject({ kind: "network", status: 0, maybeProcessed: false, retryable: true });
    expect(refused.message).toMatch(/connection refused/);
    const reset = errorFromNetwork(Object.assign(new Error("x"), { code: "UND_ERR_SOCKET" }), { host: "h", ...ctx });
    expect(reset).toMatchObject({ kind: "network", maybeProcessed: true });
    const timeout = errorFromNetwork(new DOMException("t", "TimeoutError"), { host: "h", ...ctx });
    expect(timeout).toMatchObject({ kind: "timeout", maybeProcessed: true });
  });

  it("never copies the underlying error message (it may echo input)", () => {
    const err = errorFromNetwork(Object.assign(new Error("boom leaked-secret"), { code: "ECONNRESET" }), {
      host: "h",
      ...ctx,
    });
    expect(err.message).not.toContain("leaked-secret");
  });
});

describe("retry decisions", () => {
  const opts = { maxRetries: 5, maxRetryDelayMs: 1_000, random: () => 0 };
  const get: PipelineRequest = { method: "GET", path: "/x", auth: true, idempotent: true };
  const post: PipelineRequest = { method: "POST", path: "/x", auth: true, idempotent: false };
  const res = (status: number, headers = {}) => ({ res: { status, headers, body: {} } });
  const net = (maybeProcessed: boolean) => ({
    err: errorFromNetwork(Object.assign(new Error(), { code: maybeProcessed ? "ECONNRESET" : "ECONNREFUSED" }), {
      host: "h",
      ...ctx,
    }),
  });

  it("retries 5xx and resets for GET, reconciles them for POST", () => {
    expect(decide(get, res(502), 1, opts).action).toBe("retry");
    expect(decide(get, net(true), 1, opts).action).toBe("retry");
    expect(decide(post, res(500), 1, opts).action).toBe("reconcile");
    expect(decide(post, net(true), 1, opts).action).toBe("reconcile");
  });

  it("repeats a POST that cannot have been processed: 429 or refused connection", () => {
    expect(decide(post, res(429, { "retry-after": "1" }), 1, opts)).toMatchObject({ action: "retry", delayMs: 1000 });
    expect(decide(post, net(false), 1, opts).action).toBe("retry");
  });

  it("does not retry client errors, nor 501/505 (a server that does not implement the route will not start to)", () => {
    for (const s of [400, 401, 403, 404, 422, 501, 505]) expect(decide(get, res(s), 1, opts).action).toBe("done");
    for (const s of [500, 502, 503, 504]) expect(decide(get, res(s), 1, opts).action).toBe("retry");
  });

  it("gives a connection that never reached the server (refused, unknown host) a short budget", () => {
    expect(decide(get, net(false), 1, opts)).toMatchObject({ action: "retry", maxRetries: UNREACHABLE_RETRIES });
    expect(decide(get, net(true), 1, opts)).not.toHaveProperty("maxRetries");
    expect(UNREACHABLE_RETRIES).toBe(2);
  });
});
