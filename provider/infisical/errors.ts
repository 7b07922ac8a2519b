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

  constructor(init: InfisicalApiErrorInit) {
    super(init.message);
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
    retryable: res.status === 429 || res.status >= 500,
    method: res.method,
    path: res.path,
  });
}

/** `true` when an answer means "this token is not accepted" (as opposed to "not allowed"). */
export function isAuthFailure(status: number, body: unknown): boolean {
  if (status === 401) return true;
  return status === 403 && asRecord(body)?.error === "TokenError";
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH"]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

function describeCode(code: string): string {
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
