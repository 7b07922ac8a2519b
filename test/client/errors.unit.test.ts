// The client's error mapping, function by function, with exact values: the error object's defaults, scrubbing,
// Infisical's envelope and 422 field errors, answers that are not Infisical's, and network codes in words.
import { describe, expect, it } from "vitest";
import {
  describeAnswer,
  describeCode,
  errorFromNetwork,
  errorFromResponse,
  fieldErrorsFrom,
  InfisicalApiError,
  isAuthFailure,
  isInfisicalEnvelope,
  isRetryableStatus,
  scrub,
} from "../../provider/infisical/errors";

describe("InfisicalApiError", () => {
  it("is named, defaults its flags, and carries a cause only when given one", () => {
    const bare = new InfisicalApiError({ kind: "http", message: "m" });
    expect(bare.name).toBe("InfisicalApiError");
    expect(bare).toMatchObject({ status: 0, retryable: false, maybeProcessed: false, notSent: false });
    expect("cause" in bare).toBe(false);
    const cause = new Error("below");
    expect(new InfisicalApiError({ kind: "http", message: "m", cause }).cause).toBe(cause);
  });
});

describe("scrub", () => {
  it("replaces secrets of four characters or more, and leaves shorter ones", () => {
    expect(scrub("a abcd b abcd", ["abcd"])).toBe("a [redacted] b [redacted]");
    expect(scrub("a abc b", ["abc"])).toBe("a abc b");
  });
});

describe("Infisical's error answers", () => {
  it("422 field errors: objects only, a missing message or path worded", () => {
    expect(fieldErrorsFrom("x")).toBeUndefined();
    expect(
      fieldErrorsFrom([null, ["a"], "s", { path: ["credentials", 0], message: "bad" }, { message: "top" }, {}]),
    ).toEqual([
      { path: "credentials.0", message: "bad" },
      { path: "", message: "top" },
      { path: "", message: "invalid value" },
    ]);
  });

  it("the message: field errors joined, Infisical's text, a short text body, else the status", () => {
    const map = (status: number, body: unknown) =>
      errorFromResponse({ status, body, method: "GET", path: "/p" }, []).message;
    expect(map(422, { message: [{ path: ["name"], message: "too long" }, { message: "bad" }] })).toBe(
      "name: too long; bad",
    );
    expect(map(400, { message: "" })).toBe("HTTP 400 from Infisical");
    expect(map(502, "  upstream down \n")).toBe("HTTP 502: upstream down");
    expect(map(502, "   ")).toBe("HTTP 502 from Infisical");
    expect(map(502, "x".repeat(299))).toBe(`HTTP 502: ${"x".repeat(299)}`);
    expect(map(502, "x".repeat(300))).toBe("HTTP 502 from Infisical");
  });

  it("retryable statuses: 429 and 5xx except 501 and 505", () => {
    expect([429, 500, 502, 503, 599].map(isRetryableStatus)).toEqual([true, true, true, true, true]);
    expect([400, 404, 428, 430, 499, 501, 505].map(isRetryableStatus)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(errorFromResponse({ status: 429, body: {}, method: "GET", path: "/p" }, []).retryable).toBe(true);
  });

  it("the envelope: a message (text or list) and a statusCode or an error", () => {
    expect(isInfisicalEnvelope({ message: "m", statusCode: 400 })).toBe(true);
    expect(isInfisicalEnvelope({ message: "m", error: "BadRequest" })).toBe(true);
    expect(isInfisicalEnvelope({ message: ["m"], error: "ValidationFailure" })).toBe(true);
    expect(isInfisicalEnvelope({ message: "m" })).toBe(false);
    expect(isInfisicalEnvelope({ message: "m", statusCode: "400" })).toBe(false);
    expect(isInfisicalEnvelope({ statusCode: 400, error: "BadRequest" })).toBe(false);
    expect(isInfisicalEnvelope({ message: 7, statusCode: 400, error: "E" })).toBe(false);
    for (const other of [null, "text", [{ message: "m", statusCode: 1 }]])
      expect(isInfisicalEnvelope(other)).toBe(false);
  });

  it("an answer that is not Infisical's, described without its text", () => {
    expect(describeAnswer({ status: 500, body: { a: 1 } })).toBe("HTTP 500 with JSON that is not Infisical's");
    expect(describeAnswer({ status: 502, body: " \n" })).toBe("HTTP 502 with an empty body");
    expect(describeAnswer({ status: 404, body: "  <html>" })).toBe("HTTP 404 with an HTML page");
    expect(describeAnswer({ status: 404, body: "  nope <b>" })).toBe("HTTP 404 with a plain-text body");
  });

  it("a token refused: any 401, and a 403 only with error TokenError", () => {
    expect(isAuthFailure(401, null)).toBe(true);
    expect(isAuthFailure(403, { error: "TokenError" })).toBe(true);
    expect(isAuthFailure(403, { error: "PermissionDenied" })).toBe(false);
    expect(isAuthFailure(400, { error: "TokenError" })).toBe(false);
  });
});

describe("network failures", () => {
  it("each code in words", () => {
    const words: Record<string, string> = {
      ECONNREFUSED: "connection refused",
      ECONNRESET: "the connection was closed before an answer arrived",
      UND_ERR_SOCKET: "the connection was closed before an answer arrived",
      EPIPE: "the connection was closed before an answer arrived",
      ENOTFOUND: "host name not found",
      EAI_AGAIN: "host name not found",
      UND_ERR_CONNECT_TIMEOUT: "connect timeout",
      UND_ERR_CLOSED: "the client was closed",
      UND_ERR_DESTROYED: "the client was closed",
      UND_ERR_HEADERS_TIMEOUT: "request timeout",
      UND_ERR_BODY_TIMEOUT: "request timeout",
      TimeoutError: "request timeout",
      AbortError: "request timeout",
      EWHATEVER: "network error",
    };
    for (const [code, text] of Object.entries(words)) expect(describeCode(code)).toBe(text);
  });

  const ctx = { host: "http://h", method: "POST", path: "/p" };
  const map = (err: unknown) => errorFromNetwork(err, ctx);

  it("the code from the error, else its cause, else its name, else UNKNOWN", () => {
    expect(map({ code: "ECONNRESET", cause: { code: "EPIPE" } }).code).toBe("ECONNRESET");
    expect(map({ code: 5, cause: { code: "EPIPE" }, name: "Error" }).code).toBe("EPIPE");
    expect(map({ cause: { code: 5 }, name: "AbortError" }).code).toBe("AbortError");
    const unknown = map("boom");
    expect(unknown).toMatchObject({ code: "UNKNOWN", kind: "network", retryable: true, maybeProcessed: true });
    expect(unknown.message).toBe("Could not complete POST /p at http://h: network error (UNKNOWN)");
  });

  it("timeouts, refusals, closed clients and resets: kind, retry and whether the request may have arrived", () => {
    const cases: [string, string, boolean, boolean][] = [
      ["UND_ERR_HEADERS_TIMEOUT", "timeout", true, true],
      ["UND_ERR_BODY_TIMEOUT", "timeout", true, true],
      ["UND_ERR_CONNECT_TIMEOUT", "timeout", true, false],
      ["TimeoutError", "timeout", true, true],
      ["AbortError", "timeout", true, true],
      ["ECONNREFUSED", "network", true, false],
      ["ENOTFOUND", "network", true, false],
      ["EAI_AGAIN", "network", true, false],
      ["EHOSTUNREACH", "network", true, false],
      ["UND_ERR_CLOSED", "network", false, false],
      ["UND_ERR_DESTROYED", "network", false, false],
      ["ECONNRESET", "network", true, true],
    ];
    for (const [code, kind, retryable, maybeProcessed] of cases) {
      expect([code, map({ code })]).toEqual([code, expect.objectContaining({ kind, retryable, maybeProcessed })]);
    }
  });

  it("an InfisicalApiError passes through unchanged", () => {
    const err = new InfisicalApiError({ kind: "config", message: "m" });
    expect(map(err)).toBe(err);
  });
});
