/**
 * Errors the core raises with a message a user can act on. They never carry a secret: messages are built from
 * names, ids and Infisical's own (secret-free) error texts only.
 */
export class ConnectionError extends Error {
  constructor(
    message: string,
    /** The field the error is about, in the core's camelCase input path form, when there is one. */
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ConnectionError";
  }
}

/** The subset of the client's InfisicalApiError the core relies on (kept structural to keep the layers apart). */
interface ApiErrorLike {
  status: number;
  error?: string;
  message: string;
}

export function apiStatus(e: unknown): number | undefined {
  if (typeof e === "object" && e !== null && typeof (e as ApiErrorLike).status === "number") {
    return (e as ApiErrorLike).status;
  }
  return undefined;
}

export function isNotFound(e: unknown): boolean {
  return apiStatus(e) === 404;
}

export function isDuplicateName(e: unknown): boolean {
  return apiStatus(e) === 400 && /already exists/i.test((e as ApiErrorLike).message);
}

export function isInUse(e: unknown): boolean {
  return apiStatus(e) === 400 && /existing connections/i.test((e as ApiErrorLike).message);
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
