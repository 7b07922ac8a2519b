/**
 * The request pipeline: a chain of small middlewares (retry → auth → pacing → transport) composed once per client.
 * Written as a plain function chain rather than undici interceptors because the create-reconcile step needs to call
 * back into the client (a GET by name), which an undici dispatch handler cannot do cleanly.
 */

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";
export type Headers = Record<string, string | string[] | undefined>;

export interface PipelineRequest {
  method: HttpMethod;
  /** Path with the query string, e.g. `/api/v1/app-connections/auth0?projectId=p`. */
  path: string;
  body?: unknown;
  /** Send a bearer token (false only for the login itself). */
  auth: boolean;
  /** Safe to repeat when the outcome is unknown (GET, PATCH, DELETE, login). */
  idempotent: boolean;
  /**
   * For a non-idempotent request whose outcome is unknown: finds out whether it took effect. Returns the response
   * to use, or `undefined` when it did not take effect (so it may be sent again). May throw. `lost` says in words
   * what happened to the answer (`HTTP 503`, `request timeout (TimeoutError)`), for the error it may throw.
   */
  reconcile?: (lost: string) => Promise<PipelineResponse | undefined>;
  /** Values to scrub from any error text (the request's own secrets). */
  secrets?: string[];
  /** Set by the retry layer (the request object is reused across attempts): 1 for the first attempt. */
  attempt?: number;
  /** Set by the auth layer. */
  token?: string;
}

export interface PipelineResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

export type Handler = (req: PipelineRequest) => Promise<PipelineResponse>;
export type Middleware = (next: Handler) => Handler;

/** `compose([a, b], t)` gives `a(b(t))`: the first middleware is the outermost. */
export function compose(middlewares: Middleware[], transport: Handler): Handler {
  return middlewares.reduceRight<Handler>((next, mw) => mw(next), transport);
}

/** A header's value (the first, when it was sent several times); `name` in lower case. */
export function headerValue(headers: Headers, name: string): string | undefined {
  // Own properties only: a header named like an Object.prototype member must not be read through the prototype.
  const v = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return Array.isArray(v) ? v[0] : v;
}
