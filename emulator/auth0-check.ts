import { request } from "undici";
import type { Auth0TenantSeed } from "./types";
import type { Auth0Credentials } from "./schemas";
import { badRequest } from "./errors";

/**
 * Infisical's live check on create and on a PATCH carrying credentials: a client-credentials grant against the
 * tenant. Seeded tenants answer in-process; a domain on `http://127.0.0.1` gets a real HTTP call so a test can play
 * Auth0 itself. Every failure is a 400 whose message is the HTTP client's own text, never Auth0's (nor a secret).
 */
export async function checkAuth0Credentials(credentials: Auth0Credentials, tenants: Auth0TenantSeed[]): Promise<void> {
  const base = (/^http/i.test(credentials.domain) ? credentials.domain : `https://${credentials.domain}`).replace(
    /\/+$/,
    "",
  );
  if (base.startsWith("http://127.0.0.1")) return liveCheck(`${base}/oauth/token`, credentials);
  const host = hostOf(base);
  const tenant = tenants.find((t) => hostOf(`https://${t.domain}`.replace(/\/+$/, "")) === host);
  if (tenant === undefined) throw badRequest(`getaddrinfo ENOTFOUND ${host}`);
  if (tenant.clientId !== credentials.clientId || tenant.clientSecret !== credentials.clientSecret) {
    throw badRequest("Request failed with status code 401");
  }
  // Auth0 answers 403 access_denied when the client is not authorized for the audience.
  if (tenant.audience !== undefined && tenant.audience !== credentials.audience) {
    throw badRequest("Request failed with status code 403");
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

async function liveCheck(url: string, credentials: Auth0Credentials): Promise<void> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    audience: credentials.audience,
  });
  let status: number;
  let text: string;
  try {
    const res = await request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    // Shaped like the messages axios (Infisical's HTTP client) gives for network failures.
    const code = (err as { code?: string }).code ?? "ECONNRESET";
    const host = new URL(url).host;
    throw badRequest(code === "ECONNREFUSED" ? `connect ECONNREFUSED ${host}` : `${code} ${host}`);
  }
  if (status < 200 || status > 299) throw badRequest(`Request failed with status code ${status}`);
  let tokenType: unknown;
  try {
    tokenType = (JSON.parse(text) as { token_type?: unknown }).token_type;
  } catch {
    tokenType = undefined;
  }
  if (tokenType !== "Bearer") throw badRequest(`Unhandled token type: ${String(tokenType)}`);
}
