import type { SettingKey } from "./types";

/**
 * The one error type the client throws. Messages are built only from Infisical's own error text, the method, the
 * path and error codes: never from request bodies or headers, so a secret or token cannot leak into them. As a
 * second line of defence every message is scrubbed of the secrets the client knows about.
 */

export type InfisicalErrorKind =
  /** Infisical answered with an error status. */
  | "http"
  /** The connection failed (refused, reset, dropped). */
  | "network"
  /** Connect or whole-request timeout. */
  | "timeout"
  /** A 2xx answer that does not have the documented shape. */
  | "invalid-response"
  /** The client's settings are incomplete or wrong; nothing was sent. */
  | "config";

/**
 * Why, for the failures a user must act on (the message says what to do; `settings` says which settings to fix):
 * - `login-rejected`: Infisical refused the universal-auth login (wrong client id or secret).
 * - `login-locked`: Infisical has temporarily locked the identity's universal auth after repeated failed logins.
 * - `login-failed-earlier`: this process already had its login refused with these settings and does not try again
 *   (so that many callers cannot lock the identity); `cause` is that first error.
 * - `not-infisical`: the host answered, but not as Infisical does (a web server or proxy at that address).
 * - `unreachable`: no connection to the host (refused, unknown name, connect timeout) after every attempt.
 * - `token-rejected`: a fixed access token, or a freshly issued one, was refused as invalid or expired.
 * - `config`: the settings themselves are incomplete or wrong; nothing was sent.
 * - `create-outcome-unknown`: a create's answer was lost and looking it up failed too: the connection MAY exist
 *   (`params.name`, `params.projectId`).
 */
export type InfisicalErrorReason =
  | "login-rejected"
  | "login-locked"
  | "login-failed-earlier"
  | "not-infisical"
  | "unreachable"
  | "token-rejected"
  | "config"
  | "create-outcome-unknown";

export interface FieldError {
  /** Dotted input path, e.g. `credentials.audience`. */
  path: string;
  message: string;
}

export interface InfisicalApiErrorInit {
  kind: InfisicalErrorKind;
  status?: number;
  error?: string;
  message: string;
  reqId?: string;
  fieldErrors?: FieldError[];
  retryable?: boolean;
  method?: string;
  path?: string;
  /** Network/timeout only: whether the request may have reached the server (its outcome is unknown). */
  maybeProcessed?: boolean;
  code?: string;
  reason?: InfisicalErrorReason;
  settings?: SettingKey[];
  params?: Record<string, string | null>;
  /** Attempts made before giving up (set by the retry layer) and the time they took. */
  attempts?: number;
  elapsedMs?: number;
  /** The request was never sent: getting a token for it failed (this is that login's failure). */
  notSent?: boolean;
  cause?: unknown;
}

export class InfisicalApiError extends Error {
  override readonly name = "InfisicalApiError";
  readonly kind: InfisicalErrorKind;
  /** HTTP status; 0 when there was no HTTP answer. */
  readonly status: number;
  /** Infisical's `error` string (`BadRequest`, `NotFound`, `ValidationFailure`, `TokenError`, ...). */
  readonly error: string | undefined;
  readonly reqId: string | undefined;
  /** 422 only: one entry per failed input field. */
  readonly fieldErrors: FieldError[] | undefined;
  /** A later attempt could succeed (rate limit, 5xx, network, timeout). */
  readonly retryable: boolean;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly maybeProcessed: boolean;
  /** The low-level error code for network failures (`ECONNRESET`, `UND_ERR_SOCKET`, ...). */
  readonly code: string | undefined;
  /** Set for failures a user must act on; see `InfisicalErrorReason`. */
  readonly reason: InfisicalErrorReason | undefined;
  /** The settings (keys of `InfisicalSettingsInput`) to check or fix. */
  readonly settings: SettingKey[] | undefined;
  /** Names and ids the failure is about (e.g. `name` and `projectId` of a create whose outcome is unknown). */
  readonly params: Readonly<Record<string, string | null>> | undefined;
  /** How many attempts were made before this error was final, and over how long (ms). */
  readonly attempts: number | undefined;
  readonly elapsedMs: number | undefined;
  /**
   * The request itself was never sent: getting a token for it failed, and this is that login's failure. It had no
   * effect (a create whose login failed created nothing, whatever the login's status).
   */
  readonly notSent: boolean;

  constructor(init: InfisicalApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.error = init.error;
    this.reqId = init.reqId;
    this.fieldErrors = init.fieldErrors;
    this.retryable = init.retryable ?? false;
    this.method = init.method;
    this.path = init.path;
    this.maybeProcessed = init.maybeProcessed ?? false;
    this.code = init.code;
    this.reason = init.reason;
    this.settings = init.settings;
    this.params = init.params;
    this.attempts = init.attempts;
    this.elapsedMs = init.elapsedMs;
    this.notSent = init.notSent ?? false;
  }

  /** The fields of this error, to build a changed copy (`new InfisicalApiError({ ...err.init(), message })`). */
  init(): InfisicalApiErrorInit {
    return {
      kind: this.kind,
      status: this.status,
      error: this.error,
      message: this.message,
      reqId: this.reqId,
      fieldErrors: this.fieldErrors,
      retryable: this.retryable,
      method: this.method,
      path: this.path,
      maybeProcessed: this.maybeProcessed,
      code: this.code,
      reason: this.reason,
      settings: this.settings,
      params: this.params,
      attempts: this.attempts,
      elapsedMs: this.elapsedMs,
      notSent: this.notSent,
      cause: this.cause,
    };
  }

  /** Not found (404), e.g. to treat a vanished connection as deleted. */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export function isInfisicalApiError(value: unknown): value is InfisicalApiError {
  return value instanceof InfisicalApiError;
}

/** Replaces every occurrence of a known secret with `[redacted]` (only secrets long enough to be meaningful). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Zod issues as Infisical returns them in a 422 `message` array. */
export function fieldErrorsFrom(message: unknown): FieldError[] | undefined {
  if (!Array.isArray(message)) return undefined;
  const out: FieldError[] = [];
  for (const issue of message) {
    const rec = asRecord(issue);
    if (!rec) continue;
    const path = Array.isArray(rec.path) ? rec.path.map(String).join(".") : "";
    out.push({ path, message: typeof rec.message === "string" ? rec.message : "invalid value" });
  }
  return out;
}

export interface ErrorResponse {
  status: number;
  body: unknown;
  method: string;
  path: string;
  reqIdHeader?: string;
}

/** Maps an Infisical error answer (envelope `{reqId, statusCode, message, error, details?}`) to an InfisicalApiError. */
export function errorFromResponse(res: ErrorResponse, secrets: readonly string[]): InfisicalApiError {
  const body = asRecord(res.body);
  const error = typeof body?.error === "string" ? body.error : undefined;
  const reqId = typeof body?.reqId === "string" ? body.reqId : res.reqIdHeader;
  const fieldErrors = fieldErrorsFrom(body?.message);
  let message: string;
  if (fieldErrors) {
    message = fieldErrors.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
  } else if (typeof body?.message === "string" && body.message.length > 0) {
    message = body.message;
  } else if (typeof res.body === "string" && res.body.trim().length > 0 && res.body.length < 300) {
    message = `HTTP ${res.status}: ${res.body.trim()}`;
  } else {
    message = `HTTP ${res.status} from Infisical`;
  }
  return new InfisicalApiError({
    kind: "http",
    status: res.status,
    error,
    message: scrub(message, secrets),
    reqId,
    fieldErrors: fieldErrors?.map((f) => ({ path: f.path, message: scrub(f.message, secrets) })),
    retryable: isRetryableStatus(res.status),
    method: res.method,
    path: res.path,
  });
}

/**
 * Statuses a later attempt may not get: 429, and 5xx except 501 Not Implemented and 505 (a server that does not
 * implement the request will not start to).
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * Whether an error answer is in Infisical's envelope `{reqId, statusCode, message, error}` (Fastify's error shape).
 * A web server or proxy answering in its place sends HTML or text, or JSON of another shape.
 */
export function isInfisicalEnvelope(body: unknown): boolean {
  const rec = asRecord(body);
  if (!rec) return false;
  const hasMessage = typeof rec.message === "string" || Array.isArray(rec.message);
  return hasMessage && (typeof rec.statusCode === "number" || typeof rec.error === "string");
}

/**
 * An answer that is not Infisical's, in words: `HTTP 501 with an HTML page`. Its text is left out: a server that
 * is not Infisical may echo the request, secret included.
 */
export function describeAnswer(res: { status: number; body: unknown }): string {
  const what =
    typeof res.body !== "string"
      ? "JSON that is not Infisical's"
      : res.body.trim() === ""
        ? "an empty body"
        : res.body.trim().startsWith("<")
          ? "an HTML page"
          : "a plain-text body";
  return `HTTP ${res.status} with ${what}`;
}

/** `true` when an answer means "this token is not accepted" (as opposed to "not allowed"). */
export function isAuthFailure(status: number, body: unknown): boolean {
  if (status === 401) return true;
  return status === 403 && asRecord(body)?.error === "TokenError";
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH"]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** A network error code in words (`connection refused`, `request timeout`, ...). */
export function describeCode(code: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
    case "EPIPE":
      return "the connection was closed before an answer arrived";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name not found";
    case "UND_ERR_CONNECT_TIMEOUT":
      return "connect timeout";
    case "UND_ERR_CLOSED":
    case "UND_ERR_DESTROYED":
      return "the client was closed";
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "TimeoutError":
    case "AbortError":
      return "request timeout";
    default:
      return "network error";
  }
}

/** Maps a low-level undici/node error to an InfisicalApiError without reading its message (it may echo input). */
export function errorFromNetwork(err: unknown, ctx: { host: string; method: string; path: string }): InfisicalApiError {
  if (err instanceof InfisicalApiError) return err;
  const rec = asRecord(err);
  const cause = asRecord(rec?.cause);
  const code =
    (typeof rec?.code === "string" && rec.code) ||
    (typeof cause?.code === "string" && cause.code) ||
    (typeof rec?.name === "string" && rec.name) ||
    "UNKNOWN";
  const timeout = TIMEOUT_CODES.has(code) || code === "TimeoutError" || code === "AbortError";
  const closed = code === "UND_ERR_CLOSED" || code === "UND_ERR_DESTROYED";
  const sent = !NOT_SENT_CODES.has(code) && !closed;
  return new InfisicalApiError({
    kind: timeout ? "timeout" : "network",
    status: 0,
    message: `Could not complete ${ctx.method} ${ctx.path} at ${ctx.host}: ${describeCode(code)} (${code})`,
    retryable: !closed,
    method: ctx.method,
    path: ctx.path,
    maybeProcessed: sent,
    code,
  });
}

/** Errors already retried by an inner pipeline (the login): outer layers must not retry them again. */
const finalErrors = new WeakSet<InfisicalApiError>();

export function markFinal(err: InfisicalApiError): InfisicalApiError {
  finalErrors.add(err);
  return err;
}

export function isFinal(err: InfisicalApiError): boolean {
  return finalErrors.has(err);
}
