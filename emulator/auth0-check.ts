import type { Auth0TenantSeed } from "./types";
import type { Auth0Credentials } from "./schemas";
import { badRequest } from "./errors";
import { isLoopbackUrl } from "./loopback";
import { jsonOf, send, type OutboundError } from "./outbound";

/**
 * Infisical's live check on create and on a PATCH carrying credentials: a client-credentials grant against the
 * tenant at `<domain>/oauth/token`. Tenants seeded or added through the admin surface answer in-process. A domain
 * whose parsed URL is on a loopback name (127.0.0.1, localhost, [::1]; no user name or password) gets a real HTTP
 * call, so a test can play Auth0 itself; nothing else leaves the process, so a client secret is never sent to
 * another host. Every failure is a 400 whose message is the HTTP client's own text, never Auth0's (nor a secret).
 */
export async function checkAuth0Credentials(
  credentials: Auth0Credentials,
  tenants: Auth0TenantSeed[],
  timeoutMs: number,
): Promise<void> {
  const base = (/^http/i.test(credentials.domain) ? credentials.domain : `https://${credentials.domain}`).replace(
    /\/+$/,
    "",
  );
  const endpoint = parseUrl(`${base}/oauth/token`);
  if (endpoint !== undefined && isLoopbackUrl(endpoint)) return liveCheck(endpoint, credentials, timeoutMs);
  const host = endpoint?.host.toLowerCase() ?? base.toLowerCase();
  const tenant = tenants.find((t) => parseUrl(`https://${t.domain}`.replace(/\/+$/, ""))?.host.toLowerCase() === host);
  if (tenant === undefined) throw badRequest(`getaddrinfo ENOTFOUND ${endpoint?.hostname ?? host}`);
  if (tenant.clientId !== credentials.clientId || tenant.clientSecret !== credentials.clientSecret) {
    throw badRequest("Request failed with status code 401");
  }
  // Auth0 answers 403 access_denied when the client is not authorized for the audience.
  if (tenant.audience !== undefined && tenant.audience !== credentials.audience) {
    throw badRequest("Request failed with status code 403");
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

async function liveCheck(url: URL, credentials: Auth0Credentials, timeoutMs: number): Promise<void> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    audience: credentials.audience,
  });
  let res;
  try {
    res = await send({
      url: url.href,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      timeoutMs,
    });
  } catch (err) {
    // Shaped like the messages axios (Infisical's HTTP client) gives for network failures.
    const { code, message } = err as OutboundError;
    throw badRequest(code === "ECONNREFUSED" || code === "ECONNABORTED" ? message : `${code} ${url.host}`);
  }
  if (res.status < 200 || res.status > 299) throw badRequest(`Request failed with status code ${res.status}`);
  const tokenType = (jsonOf(res) as { token_type?: unknown } | undefined)?.token_type;
  if (tokenType !== "Bearer") throw badRequest(`Unhandled token type: ${String(tokenType)}`);
}
