import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import rateLimit from "@fastify/rate-limit";
import { ZodError } from "zod";
import type { IncomingMessage } from "node:http";
import type { FaultKind, RateLimitOptions } from "./types";
import { ADMIN_PREFIX, type EmulatorContext } from "./context";
import { ApiError, envelope, errorNameForStatus, newRequestId } from "./errors";
import { bodyKeysOf } from "./request-log";
import { stripTrailingSlash } from "./faults";
import { registerAuthRoutes } from "./routes/auth";
import { registerAuth0Routes } from "./routes/auth0";
import { registerAppConnectionRoutes } from "./routes/app-connections";
import { registerAdminRoutes } from "./routes/admin";

/** Per-request bookkeeping the hooks share (keyed by the raw request so no Fastify type augmentation is needed). */
interface RequestMeta {
  fault?: FaultKind;
  logged: boolean;
  startedAt: number;
}

const isAdmin = (url: string): boolean => url.startsWith(`${ADMIN_PREFIX}/`) || url === ADMIN_PREFIX;
const pathOf = (url: string): string => stripTrailingSlash(url.split("?")[0] ?? url);
/** Faults that answer instead of the server: they skip auth and the rate limiter like a proxy in front would. */
const preempts = (fault: FaultKind | undefined): boolean =>
  fault !== undefined && (fault.kind === "status" || fault.kind === "rateLimit" || fault.kind === "drop");

export async function buildServer(ctx: EmulatorContext, limits: Required<RateLimitOptions> | false) {
  const app = Fastify({
    logger: false,
    genReqId: () => newRequestId(),
    routerOptions: { ignoreTrailingSlash: true },
    // Close promptly even with a delayed request or a keep-alive client still connected.
    forceCloseConnections: true,
  });
  // Like Infisical's own JSON parser: an empty body with a JSON content type (common on DELETE) is no body, not a 400.
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ApiError(400, "BadRequest", "Body is not valid JSON but content-type is set to 'application/json'"));
    }
  });
  const meta = new WeakMap<IncomingMessage, RequestMeta>();
  const metaOf = (req: FastifyRequest): RequestMeta => {
    let m = meta.get(req.raw);
    if (m === undefined) {
      m = { logged: false, startedAt: Date.now() };
      meta.set(req.raw, m);
    }
    return m;
  };
  const record = (req: FastifyRequest, status: number): void => {
    const m = metaOf(req);
    if (m.logged || isAdmin(req.url)) return;
    m.logged = true;
    const path = pathOf(req.url);
    ctx.requestLog.add({
      method: req.method,
      path,
      query: Object.fromEntries(
        Object.entries((req.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      ),
      status,
      bodyKeys: bodyKeysOf(req.body),
      at: Date.now(),
    });
    if (ctx.log) process.stderr.write(`[emulator] ${req.method} ${path} ${status} ${Date.now() - m.startedAt}ms\n`);
  };

  // 1. Faults are picked first: they model the network and proxies in front of Infisical.
  app.addHook("onRequest", async (req) => {
    const m = metaOf(req);
    if (isAdmin(req.url)) return;
    const fault = ctx.faults.take(req.method, pathOf(req.url));
    m.fault = fault;
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
  });

  // 2. Authentication, before the rate limiter (whose hook the plugin appends to each route) and validation.
  app.addHook("onRequest", async (req) => {
    if (preempts(metaOf(req).fault)) return;
    if ((req.routeOptions.config as { auth?: boolean }).auth === true)
      ctx.identities.authenticate(req.headers.authorization);
  });

  if (limits !== false) {
    await app.register(rateLimit, {
      global: true,
      timeWindow: limits.windowMs,
      keyGenerator: (req) => `${req.ip}|${req.method === "GET" || req.method === "HEAD" ? "read" : "write"}`,
      max: (_req, key) => (key.endsWith("|read") ? limits.read : limits.write),
      allowList: (req) => isAdmin(req.url) || preempts(metaOf(req).fault),
      errorResponseBuilder: (_req, c) =>
        new ApiError(
          429,
          "RateLimitExceeded",
          `Rate limit exceeded. Please try again in ${Math.ceil(c.ttl / 1000)} seconds`,
        ),
    });
  }

  // 3. Preempting faults answer once the body is parsed, so the request log still shows which keys were sent.
  app.addHook("preValidation", async (req, reply) => {
    const fault = metaOf(req).fault;
    if (fault === undefined || !preempts(fault)) return;
    if (fault.kind === "drop") {
      record(req, 0);
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    if (fault.kind === "status") {
      throw new ApiError(
        fault.status,
        fault.error ?? errorNameForStatus(fault.status),
        fault.message ?? (fault.status >= 500 ? "Something went wrong" : `Injected ${fault.status}`),
      );
    }
    if (fault.kind === "rateLimit") {
      const retryAfter = fault.retryAfterSeconds ?? 1;
      if (fault.omitRetryAfter !== true) void reply.header("retry-after", String(retryAfter));
      void reply.header("x-ratelimit-reset", String(fault.resetSeconds ?? retryAfter));
      throw new ApiError(429, "RateLimitExceeded", `Rate limit exceeded. Please try again in ${retryAfter} seconds`);
    }
  });

  // commitThenDrop: the handler ran and its write is committed; the client never hears back.
  app.addHook("onSend", async (req, reply, payload) => {
    if (metaOf(req).fault?.kind === "commitThenDrop") {
      record(req, reply.statusCode);
      req.raw.socket.destroy();
    }
    return payload;
  });

  app.addHook("onResponse", async (req, reply) => record(req, reply.statusCode));

  app.setErrorHandler((err, req, reply) => {
    const apiError = toApiError(err);
    void reply.status(apiError.statusCode).send(envelope(String(req.id), apiError));
  });

  app.setNotFoundHandler((req, reply) => {
    const err = new ApiError(404, "NotFound", `Route ${req.method}:${pathOf(req.url)} not found`);
    void reply.status(404).send(envelope(String(req.id), err));
  });

  registerAuthRoutes(app, ctx);
  registerAuth0Routes(app, ctx);
  registerAppConnectionRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  return app as FastifyInstance;
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return new ApiError(422, "ValidationFailure", err.issues);
  const status = (err as { statusCode?: unknown }).statusCode;
  // Fastify's own 4xx (bad JSON, unsupported media type, body too large) keep their status and text.
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new ApiError(status, errorNameForStatus(status), (err as Error).message);
  }
  return new ApiError(500, "InternalServerError", "Something went wrong");
}
