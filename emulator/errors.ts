import { randomInt } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Infisical's request ids: `req-` followed by 14 alphanumerics. */
export function newRequestId(): string {
  let id = "req-";
  for (let i = 0; i < 14; i += 1) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** The `error` names Infisical's error handler puts in the envelope, by status. */
export function errorNameForStatus(status: number): string {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "UnauthorizedError";
    case 403:
      return "PermissionDenied";
    case 404:
      return "NotFound";
    case 422:
      return "ValidationFailure";
    case 429:
      return "RateLimitExceeded";
    default:
      return status >= 500 ? "InternalServerError" : "BadRequest";
  }
}

/** A failure the routes raise on purpose; the error handler turns it into Infisical's envelope. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly detail: unknown,
    readonly details?: unknown,
  ) {
    super(typeof detail === "string" ? detail : error);
    this.name = "ApiError";
  }
}

export const badRequest = (message: string) => new ApiError(400, "BadRequest", message);
export const notFound = (message: string) => new ApiError(404, "NotFound", message);
export const unauthorized = (message: string) => new ApiError(401, "UnauthorizedError", message);
export const forbidden = (message: string) => new ApiError(403, "ForbiddenError", message);
export const tokenError = (message: string) => new ApiError(403, "TokenError", message);

export interface ErrorEnvelope {
  reqId: string;
  statusCode: number;
  message: unknown;
  error: string;
  details?: unknown;
}

export function envelope(reqId: string, err: ApiError): ErrorEnvelope {
  const body: ErrorEnvelope = { reqId, statusCode: err.statusCode, message: err.detail, error: err.error };
  if (err.details !== undefined) body.details = err.details;
  return body;
}
