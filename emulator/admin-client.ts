import type { EmulatorAdmin, EmulatorConnectionView, RequestLogEntry } from "./types";
import { ADMIN_PREFIX } from "./context";

/** `EmulatorAdmin` over HTTP, so in-process tests and CLI users drive the exact same `/__emulator/*` surface. */
export function adminClient(baseUrl: string): EmulatorAdmin {
  async function call<T>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}${ADMIN_PREFIX}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) {
      throw new Error(`emulator admin ${method} ${path} failed with ${res.status}: ${describe(text)}`);
    }
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  return {
    addIdentity: (opts) => call("POST", "/identities", opts ?? {}),
    setOrganizationSlugs: async (identityId, slugs) =>
      void (await call("POST", `${identityPath(identityId)}/organizations`, { organizationSlugs: slugs })),
    attachOidcAuth: (identityId, config) => call("POST", `${identityPath(identityId)}/oidc-auth`, config ?? {}),
    attachKubernetesAuth: (identityId, config) => call("POST", `${identityPath(identityId)}/kubernetes-auth`, config),
    attachAwsAuth: (identityId, config) => call("POST", `${identityPath(identityId)}/aws-auth`, config ?? {}),
    detachAuth: async (identityId, method) => void (await call("DELETE", `${identityPath(identityId)}/${method}`)),
    mintOidcToken: async (opts) => (await call<{ jwt: string }>("POST", "/oidc/token", opts ?? {})).jwt,
    addProject: (opts) => call("POST", "/projects", opts ?? {}),
    addAuth0Tenant: async (tenant) => void (await call("POST", "/auth0-tenants", tenant)),
    addConnection: (opts) => call("POST", "/connections", opts),
    refreshCredentials: async (id) =>
      void (await call("POST", `/connections/${encodeURIComponent(id)}/refresh-credentials`, {})),
    editConnection: async (id, patch) => void (await call("PATCH", `/connections/${encodeURIComponent(id)}`, patch)),
    deleteConnection: async (id) => void (await call("DELETE", `/connections/${encodeURIComponent(id)}`)),
    markInUse: async (id, inUse = true) =>
      void (await call("POST", `/connections/${encodeURIComponent(id)}/in-use`, { inUse })),
    injectFault: async (rule) => void (await call("POST", "/faults", rule)),
    clearFaults: async () => void (await call("DELETE", "/faults")),
    expireTokens: async () => void (await call("POST", "/tokens/expire", {})),
    requests: async () => (await call<{ requests: RequestLogEntry[] }>("GET", "/requests")).requests,
    clearRequests: async () => void (await call("DELETE", "/requests")),
    connections: async () => (await call<{ connections: EmulatorConnectionView[] }>("GET", "/connections")).connections,
    loginCount: async () => (await call<{ count: number }>("GET", "/login-count")).count,
  };
}

const identityPath = (identityId: string) => `/identities/${encodeURIComponent(identityId)}`;

/**
 * The admin error text: the envelope's message; for a validation failure, each zod issue as `path: message` (admin
 * replies never carry secrets, but keep it short).
 */
function describe(text: string): string {
  try {
    const { message } = JSON.parse(text) as { message?: unknown };
    if (typeof message === "string") return message;
    if (Array.isArray(message)) {
      return message
        .map((i: { path?: unknown[]; message?: unknown }) => `${(i.path ?? []).join(".")}: ${String(i.message)}`)
        .join("; ");
    }
    return JSON.stringify(message);
  } catch {
    return text.slice(0, 200);
  }
}
