import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { badRequest } from "./errors";
import { isLoopbackUrl } from "./loopback";

/**
 * Every call the emulator makes to another server (Auth0, an OIDC provider, a Kubernetes API, STS) goes through
 * here, and only to loopback URLs: the emulator never reaches the network, so no secret a test hands it can leave
 * the machine. (Infisical does the opposite, refusing local and private addresses unless in dev mode.)
 *
 * node:http(s) rather than fetch: the Kubernetes and OIDC calls take a per-configuration CA certificate, the STS
 * replay must send the signed `Host` header as it was signed, and the TokenReview answer is capped in size; fetch
 * offers none of the three without a dispatcher of undici's own. Failures are shaped like axios's (Infisical's HTTP
 * client), since their messages reach the login's caller.
 */

export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** PEM CA certificate(s) for an https URL; empty: the system's. */
  ca?: string;
  timeoutMs: number;
  /** Refuse answers longer than this (axios's `maxContentLength`). */
  maxBytes?: number;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A failure before any answer (axios's `code`s: ECONNREFUSED, ECONNABORTED for a timeout, ERR_BAD_RESPONSE, …). */
export class OutboundError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

/** A non-2xx answer, as axios reports it (`Request failed with status code N`), with the answer kept. */
export class OutboundStatusError extends Error {
  constructor(readonly response: OutboundResponse) {
    super(`Request failed with status code ${response.status}`);
    this.name = "OutboundStatusError";
  }
}

const LOOPBACK_ONLY = (url: string) =>
  `The emulator calls only loopback URLs (http or https on 127.0.0.1, localhost or [::1], no user name): ${url} is ` +
  `not one. Infisical would call it; the emulator never leaves this machine.`;

/** The parsed URL, or a 400 naming it when it is not a loopback URL. */
export function loopbackUrl(text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || !isLoopbackUrl(url)) throw badRequest(LOOPBACK_ONLY(text));
  return url;
}

/** One request to a loopback URL; resolves with any answer, 2xx or not (redirects are answers, never followed). */
export function send(req: OutboundRequest): Promise<OutboundResponse> {
  const url = loopbackUrl(req.url);
  const options = {
    method: req.method ?? "GET",
    headers: req.headers ?? {},
    ...(url.protocol === "https:" && req.ca ? { ca: req.ca } : {}),
  };
  return new Promise((resolve, reject) => {
    const call = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (req.maxBytes !== undefined && size > req.maxBytes) {
          call.destroy(new OutboundError(`maxContentLength size of ${req.maxBytes} exceeded`, "ERR_BAD_RESPONSE"));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? "",
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", (err) => reject(asOutboundError(err, url)));
    });
    call.setTimeout(req.timeoutMs, () =>
      call.destroy(new OutboundError(`timeout of ${req.timeoutMs}ms exceeded`, "ECONNABORTED")),
    );
    call.on("error", (err) => reject(asOutboundError(err, url)));
    call.end(req.body);
  });
}

/** `send`, with a non-2xx answer thrown as `OutboundStatusError` (axios's default). */
export async function sendExpectingSuccess(req: OutboundRequest): Promise<OutboundResponse> {
  const res = await send(req);
  if (res.status < 200 || res.status > 299) throw new OutboundStatusError(res);
  return res;
}

function asOutboundError(err: unknown, url: URL): OutboundError {
  if (err instanceof OutboundError) return err;
  const code = (err as { code?: string }).code ?? "ECONNRESET";
  // axios words connection failures as Node does: `connect ECONNREFUSED 127.0.0.1:9`.
  const message = code === "ECONNREFUSED" ? `connect ECONNREFUSED ${url.host}` : (err as Error).message || code;
  return new OutboundError(message, code);
}

/** The JSON body of an answer, or `undefined` when it is not JSON. */
export function jsonOf(res: OutboundResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    return undefined;
  }
}
