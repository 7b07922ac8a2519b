import { inspect } from "node:util";
import type { Pool } from "undici";
import { authMiddleware, fixedToken, universalAuthTokens, type TokenSource } from "./auth";
import { errorFromResponse, InfisicalApiError, isAuthFailure } from "./errors";
import { pacingMiddleware } from "./pacing";
import { compose, type Handler, type HttpMethod, type PipelineRequest, type PipelineResponse } from "./pipeline";
import { retryMiddleware } from "./retry";
import { buildParsers, type Parsers } from "./schemas";
import { createPool, transport } from "./transport";
import type {
  AppConnectionOption,
  Auth0Connection,
  Auth0ConnectionListItem,
  AvailableConnection,
  ConnectionApi,
  CreateAuth0ConnectionInput,
  InfisicalClientApi,
  InfisicalSettings,
  ScopeHint,
  UpdateAuth0ConnectionInput,
} from "./types";

const BASE = "/api/v1/app-connections";
const AUTH0 = `${BASE}/auth0`;

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function sameCredentials(a: { domain: string; clientId: string; audience: string }, b: Auth0Connection): boolean {
  return (
    a.domain.trim() === b.credentials.domain &&
    a.clientId.trim() === b.credentials.clientId &&
    a.audience.trim() === b.credentials.audience
  );
}

/** The HTTP client for Infisical's Auth0 App Connection routes. */
export class InfisicalClient implements InfisicalClientApi, ConnectionApi {
  readonly host: string;
  private readonly settings: InfisicalSettings;
  private readonly pool: Pool;
  private readonly tokens: TokenSource;
  private readonly send: Handler;
  private readonly parsers: Parsers;

  constructor(settings: InfisicalSettings) {
    this.settings = settings;
    this.host = settings.host;
    this.parsers = buildParsers();
    const { logger } = settings;
    this.pool = createPool(settings);
    const base = transport(this.pool, settings);
    const retry = retryMiddleware({
      maxRetries: settings.maxRetries,
      maxRetryDelayMs: settings.maxRetryDelayMs,
      logger,
    });
    const pacing = pacingMiddleware({ host: settings.host, maxWaitMs: settings.maxRetryDelayMs, logger });
    const unauthenticated = compose([retry, pacing], base);
    this.tokens =
      settings.auth.kind === "token"
        ? fixedToken(settings.auth.token)
        : universalAuthTokens({ ...settings, auth: settings.auth }, unauthenticated);
    this.send = compose([retry, authMiddleware(this.tokens), pacing], base);
  }

  /** Printing or serialising a client shows its host only: its settings hold credentials. */
  [inspect.custom](): string {
    return `InfisicalClient { host: '${this.host}' }`;
  }

  toJSON(): { host: string } {
    return { host: this.host };
  }

  /** True once `close()` was called: the client cannot send any more. */
  get closed(): boolean {
    return this.pool.closed || this.pool.destroyed;
  }

  /** Closes the keep-alive connections. */
  async close(): Promise<void> {
    // Idempotent: closing twice (e.g. in test teardown) is not an error.
    if (!this.closed) await this.pool.close();
  }

  private secrets(extra: readonly string[] = []): string[] {
    const auth = this.settings.auth;
    return [...(auth.kind === "token" ? [auth.token] : [auth.clientSecret]), ...this.tokens.secrets(), ...extra];
  }

  private toError(res: PipelineResponse, req: PipelineRequest): InfisicalApiError {
    const path = req.path.split("?")[0] ?? req.path;
    const err = errorFromResponse(
      { status: res.status, body: res.body, method: req.method, path },
      this.secrets(req.secrets),
    );
    if (!isAuthFailure(res.status, res.body)) return err;
    const message =
      this.settings.auth.kind === "token"
        ? `Infisical refused the access token (INFISICAL_TOKEN or the token option): it is invalid or expired ` +
          `(${err.message}). Set a fresh token, or use universal auth ` +
          `(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET) so the client can log in again`
        : `Infisical refused a freshly issued universal-auth access token (${err.message})`;
    return new InfisicalApiError({
      kind: "http",
      status: err.status,
      error: err.error,
      reqId: err.reqId,
      method: req.method,
      path,
      message,
    });
  }

  private async request<T>(
    method: HttpMethod,
    path: string,
    parse: (body: unknown, where: string) => T,
    extra: Partial<PipelineRequest> = {},
  ): Promise<T> {
    const req: PipelineRequest = { method, path, auth: true, idempotent: method !== "POST", ...extra };
    const res = await this.send(req);
    if (res.status >= 400) throw this.toError(res, req);
    return parse(res.body, `${method} ${path.split("?")[0]}`);
  }

  async createAuth0Connection(input: CreateAuth0ConnectionInput): Promise<Auth0Connection> {
    const body: Record<string, unknown> = {
      name: input.name,
      method: input.method ?? "client-credentials",
      credentials: input.credentials,
    };
    if (input.description !== undefined) body.description = input.description;
    if (input.projectId !== undefined) body.projectId = input.projectId;
    const name = input.name.trim();
    // Runs only when an earlier attempt may have been applied: is our connection there already?
    const reconcile = async (): Promise<PipelineResponse | undefined> => {
      let found: Auth0Connection;
      try {
        found = await this.getAuth0ConnectionByName(name, { projectId: input.projectId });
      } catch (err) {
        if (err instanceof InfisicalApiError && err.status === 404) return undefined;
        throw err;
      }
      if (!sameCredentials(input.credentials, found)) {
        throw new InfisicalApiError({
          kind: "http",
          status: 400,
          error: "BadRequest",
          message: `An App Connection with the name "${name}" already exists`,
          method: "POST",
          path: AUTH0,
        });
      }
      return { status: 200, headers: {}, body: { appConnection: found } };
    };
    return this.request("POST", AUTH0, this.parsers.connection, {
      body,
      reconcile,
      secrets: [input.credentials.clientSecret],
    });
  }

  listAuth0Connections(opts: { projectId?: string } = {}): Promise<Auth0ConnectionListItem[]> {
    return this.request("GET", withQuery(AUTH0, { projectId: opts.projectId }), this.parsers.connectionList);
  }

  listAvailableAuth0Connections(opts: { projectId?: string } = {}): Promise<AvailableConnection[]> {
    return this.request("GET", withQuery(`${AUTH0}/available`, { projectId: opts.projectId }), this.parsers.available);
  }

  // The scope hint (the core's port) is not used yet: one GET by id.
  getAuth0Connection(id: string, _hint?: ScopeHint): Promise<Auth0Connection> {
    return this.request("GET", `${AUTH0}/${encodeURIComponent(id)}`, this.parsers.connection);
  }

  getAuth0ConnectionByName(name: string, opts: { projectId?: string } = {}): Promise<Auth0Connection> {
    const path = withQuery(`${AUTH0}/connection-name/${encodeURIComponent(name)}`, { projectId: opts.projectId });
    return this.request("GET", path, this.parsers.connection);
  }

  updateAuth0Connection(id: string, patch: UpdateAuth0ConnectionInput): Promise<Auth0Connection> {
    const body: Record<string, unknown> = {};
    if (patch.name !== undefined) body.name = patch.name;
    if (patch.description !== undefined) body.description = patch.description;
    if (patch.credentials !== undefined) body.credentials = patch.credentials;
    return this.request("PATCH", `${AUTH0}/${encodeURIComponent(id)}`, this.parsers.connection, {
      body,
      secrets: patch.credentials ? [patch.credentials.clientSecret] : [],
    });
  }

  deleteAuth0Connection(id: string): Promise<Auth0Connection> {
    return this.request("DELETE", `${AUTH0}/${encodeURIComponent(id)}`, this.parsers.connection);
  }

  getAppConnectionOptions(): Promise<AppConnectionOption[]> {
    return this.request("GET", `${BASE}/options`, this.parsers.options);
  }
}
