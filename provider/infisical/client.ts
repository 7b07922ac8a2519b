import { inspect } from "node:util";
import { authMiddleware, MAX_RELOGINS, type TokenSource } from "./auth";
import {
  describeAnswer,
  describeCode,
  errorFromResponse,
  InfisicalApiError,
  isAuthFailure,
  isInfisicalEnvelope,
  isRetryableStatus,
} from "./errors";
import { invalidateLists, readThroughList, type ListSource } from "./list-cache";
import { identityKey, tokenSource } from "./logins";
import { scopeLabel, words } from "./messages";
import { pacingMiddleware } from "./pacing";
import { compose, type Handler, type HttpMethod, type PipelineRequest, type PipelineResponse } from "./pipeline";
import { retryMiddleware } from "./retry";
import { buildParsers, type Parsers } from "./schemas";
import { createPool, transport, type Pool } from "./transport";
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

const METHOD_NAMES: Record<InfisicalSettings["auth"]["kind"], string> = {
  token: "token",
  "universal-auth": "universal-auth",
  oidc: "OIDC",
  kubernetes: "Kubernetes",
  "aws-iam": "AWS IAM",
};
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
  private readonly lists: ListSource;

  constructor(settings: InfisicalSettings) {
    this.settings = settings;
    this.host = settings.host;
    this.parsers = buildParsers();
    const { logger, clock, random } = settings;
    this.pool = createPool(settings);
    const base = transport(this.pool, settings);
    const retry = retryMiddleware({
      maxRetries: settings.maxRetries,
      maxRetryDelayMs: settings.maxRetryDelayMs,
      logger,
      clock,
      random,
    });
    const pacing = pacingMiddleware({
      host: settings.host,
      maxWaitMs: settings.maxRetryDelayMs,
      logger,
      clock,
      random,
    });
    const unauthenticated = compose([retry, pacing], base);
    this.tokens = tokenSource(settings, unauthenticated);
    this.send = compose(
      [retry, authMiddleware(this.tokens, { clock, random, maxDelayMs: settings.maxRetryDelayMs }), pacing],
      base,
    );
    this.lists = {
      host: settings.host,
      identity: identityKey(settings.auth),
      clock,
      list: (projectId) => this.listAuth0Connections(projectId === null ? {} : { projectId }),
      getById: (id) => this.getById(id),
      isRefusal: (err) =>
        err instanceof InfisicalApiError &&
        err.reason === undefined &&
        err.path === AUTH0 &&
        (err.kind === "invalid-response" || (err.kind === "http" && err.status < 500 && err.status !== 429)),
    };
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
    return [...this.tokens.secrets(), ...extra];
  }

  /** An error answer, in words a user can act on. */
  private toError(res: PipelineResponse, req: PipelineRequest, elapsedMs: number): InfisicalApiError {
    const path = req.path.split("?")[0] ?? req.path;
    const { host, settingName } = this.settings;
    if (!isInfisicalEnvelope(res.body) && !isRetryableStatus(res.status)) {
      return new InfisicalApiError({
        kind: "http",
        status: res.status,
        method: req.method,
        path,
        reason: "not-infisical",
        settings: ["host"],
        message: words.notInfisical(host, `${req.method} ${path}`, describeAnswer(res), settingName),
      });
    }
    const err = errorFromResponse(
      { status: res.status, body: res.body, method: req.method, path },
      this.secrets(req.secrets),
    );
    if (isAuthFailure(res.status, res.body)) {
      const fixed = this.settings.auth.kind === "token";
      return new InfisicalApiError({
        ...err.init(),
        fieldErrors: undefined,
        reason: "token-rejected",
        settings: fixed ? ["token"] : [],
        message: fixed
          ? words.fixedTokenRejected(err.message, settingName)
          : words.freshTokenRejected(err.message, MAX_RELOGINS, METHOD_NAMES[this.settings.auth.kind]),
      });
    }
    const attempts = req.attempt ?? 1;
    if (!err.retryable || attempts === 1) return err;
    return new InfisicalApiError({
      ...err.init(),
      attempts,
      elapsedMs,
      message: words.gaveUp(err.message, attempts, elapsedMs),
    });
  }

  /** A failure without an answer (network, timeout), in words a user can act on. */
  private explain(err: unknown, req: PipelineRequest): unknown {
    if (!(err instanceof InfisicalApiError) || err.reason || (err.kind !== "network" && err.kind !== "timeout")) {
      return err;
    }
    const { host, settingName } = this.settings;
    if (!err.maybeProcessed && err.retryable) {
      const code = err.code ?? err.kind;
      return new InfisicalApiError({
        ...err.init(),
        reason: "unreachable",
        settings: ["host"],
        message: words.unreachable(
          host,
          `${err.method ?? req.method} ${err.path ?? req.path}`,
          `${describeCode(code)} (${code})`,
          err.attempts,
          err.elapsedMs,
          settingName,
        ),
      });
    }
    if ((err.attempts ?? 1) <= 1) return err;
    return new InfisicalApiError({ ...err.init(), message: words.gaveUp(err.message, err.attempts, err.elapsedMs) });
  }

  private async request<T>(
    method: HttpMethod,
    path: string,
    parse: (body: unknown, where: string) => T,
    extra: Partial<PipelineRequest> = {},
  ): Promise<T> {
    const req: PipelineRequest = { method, path, auth: true, idempotent: method !== "POST", ...extra };
    const write = method !== "GET";
    // A write may change any connection: lists read before it must not answer reads after it (nor during it).
    if (write) invalidateLists(this.host);
    const started = this.settings.clock.now();
    let res: PipelineResponse;
    try {
      res = await this.send(req);
    } catch (err) {
      throw this.explain(err, req);
    } finally {
      if (write) invalidateLists(this.host);
    }
    if (res.status >= 400) throw this.toError(res, req, this.settings.clock.now() - started);
    const where = `${method} ${path.split("?")[0]}`;
    if (typeof res.body === "string") {
      throw new InfisicalApiError({
        kind: "invalid-response",
        status: res.status,
        method,
        path: path.split("?")[0],
        reason: "not-infisical",
        settings: ["host"],
        message: words.notInfisical(this.host, where, describeAnswer(res), this.settings.settingName),
      });
    }
    try {
      return parse(res.body, where);
    } catch (err) {
      if (!(err instanceof InfisicalApiError) || err.path !== undefined) throw err;
      throw new InfisicalApiError({ ...err.init(), method, path: path.split("?")[0] });
    }
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
    const reconcile = async (lost: string): Promise<PipelineResponse | undefined> => {
      let found: Auth0Connection;
      try {
        // A GET with the whole retry budget of any GET.
        found = await this.getAuth0ConnectionByName(name, { projectId: input.projectId });
      } catch (err) {
        if (err instanceof InfisicalApiError && err.isNotFound && err.reason === undefined) return undefined;
        const projectId = input.projectId ?? null;
        throw new InfisicalApiError({
          kind: err instanceof InfisicalApiError ? err.kind : "network",
          status: err instanceof InfisicalApiError ? err.status : 0,
          method: "POST",
          path: AUTH0,
          maybeProcessed: true,
          reason: "create-outcome-unknown",
          params: { name, projectId },
          message: words.createOutcomeUnknown(
            name,
            scopeLabel(projectId),
            lost,
            err instanceof Error ? err.message : String(err),
          ),
          cause: err,
        });
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

  getAuth0Connection(id: string, hint?: ScopeHint): Promise<Auth0Connection> {
    return hint ? readThroughList(this.lists, id, hint.projectId) : this.getById(id);
  }

  private getById(id: string): Promise<Auth0Connection> {
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
