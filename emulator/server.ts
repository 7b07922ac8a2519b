import { setTimeout as sleep } from "node:timers/promises";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type FastifySchemaCompiler,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import rateLimit from "@fastify/rate-limit";
import { serializerCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { ZodError, type ZodType } from "zod";
import type { FaultKind, RateLimitOptions } from "./types";
import { isAdminPath, isWellKnownPath, type EmulatorContext } from "./context";
import { ApiError, envelope, errorNameForStatus, newRequestId } from "./errors";
import { bodyKeysOf } from "./request-log";
import { normalisePath, pathOnly } from "./paths";
import { isLoopbackHostHeader, isOwnLoopbackOrigin } from "./loopback";
import { registerAuthRoutes } from "./routes/auth";
import { registerAuth0Routes } from "./routes/auth0";
import { registerAppConnectionRoutes } from "./routes/app-connections";
import { registerAdminRoutes } from "./routes/admin";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route needs an identity access token (checked before the rate limiter and validation). */
    auth?: boolean;
  }
}

/** A Fastify instance whose routes take zod schemas (request types are inferred from them). */
export type EmulatorApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * Infisical pins fastify-type-provider-zod 1.x, whose validatorCompiler hands the ZodError itself to the error
 * handler, which answers 422 with `error.issues`. The 7.x validatorCompiler (the release for zod 4) reshapes each
 * issue into an Ajv-style error (`instancePath` strings, `params`), losing the issue objects; so this one keeps 1.x's
 * behaviour. The serializer and the type provider are the library's.
 */
const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: result.error };
  };

/** Route-level zod schemas: requests validated by them, 200 replies serialized (and checked) by them. */
export function withZodSchemas(app: FastifyInstance): EmulatorApp {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every route declares what it answers, so none can send a field by mistake.
  app.addHook("onRoute", (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (response?.[200] === undefined) throw new Error(`${route.method} ${route.url} declares no 200 response schema`);
  });
  return app.withTypeProvider<ZodTypeProvider>();
}

/** Per-request bookkeeping the hooks share (keyed by the raw request so no Fastify type augmentation is needed). */
interface RequestMeta {
  fault?: FaultKind;
  logged: boolean;
  startedAt: number;
  /** Top-level keys of the body as sent (validation drops unknown ones). */
  bodyKeys: string[];
}

/** Faults that answer instead of the server: they skip auth and the rate limiter like a proxy in front would. */
const preempts = (fault: FaultKind | undefined): boolean =>
  fault !== undefined && (fault.kind === "status" || fault.kind === "rateLimit" || fault.kind === "drop");

const ADMIN_HOSTS_ONLY =
  "The emulator's admin routes answer only requests addressed to 127.0.0.1, localhost or [::1] (with this port), " +
  "and no cross-site browser requests";

export async function buildServer(ctx: EmulatorContext, limits: Required<RateLimitOptions> | false) {
  const app = withZodSchemas(
    Fastify({
      logger: false,
      genReqId: () => newRequestId(),
      // Routing, fault matching, the admin check and the request log all see one normalised path.
      rewriteUrl: (req) => normalisePath(req.url ?? "/"),
      // Close promptly even with a delayed request or a keep-alive client still connected.
      forceCloseConnections: true,
    }),
  );
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
  // Login bodies may be form-encoded (Infisical's GitHub Action posts them so): fields become strings.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  const meta = new WeakMap<RawRequestDefaultExpression, RequestMeta>();
  const metaOf = (req: FastifyRequest): RequestMeta => {
    let m = meta.get(req.raw);
    if (m === undefined) {
      m = { logged: false, startedAt: Date.now(), bodyKeys: [] };
      meta.set(req.raw, m);
    }
    return m;
  };
  const isAdmin = (req: FastifyRequest): boolean => isAdminPath(pathOnly(req.url));
  // The emulator's own OpenID provider documents: it fetches them itself on each OIDC login against its own issuer,
  // so they must not use up the caller's rate limit or show up among the API calls a test counts.
  const isWellKnown = (req: FastifyRequest): boolean => isWellKnownPath(pathOnly(req.url));
  const record = (req: FastifyRequest, status: number): void => {
    const m = metaOf(req);
    if (m.logged || isAdmin(req) || isWellKnown(req)) return;
    m.logged = true;
    const path = pathOnly(req.url);
    ctx.requestLog.add({
      method: req.method,
      path,
      query: Object.fromEntries(
        Object.entries((req.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      ),
      status,
      bodyKeys: m.bodyKeys,
      at: Date.now(),
    });
    if (ctx.log) process.stderr.write(`[emulator] ${req.method} ${path} ${status} ${Date.now() - m.startedAt}ms\n`);
  };

  // Delayed requests wake up (and fail) when the emulator closes, so no timer outlives it.
  const closing = new AbortController();
  app.addHook("onClose", async () => closing.abort());

  // 0. The admin surface is for the test or script on this machine: a browser page reaching 127.0.0.1 (directly,
  //    or through a DNS name rebound to it) sends its own Host or an Origin, and is refused.
  app.addHook("onRequest", async (req) => {
    if (!isAdmin(req)) return;
    const port = req.socket.localPort;
    const origin = req.headers.origin;
    if (!isLoopbackHostHeader(req.headers.host, port) || (origin !== undefined && !isOwnLoopbackOrigin(origin, port))) {
      throw new ApiError(403, "Forbidden", ADMIN_HOSTS_ONLY);
    }
  });

  // 1. Faults are picked first: they model the network and proxies in front of Infisical.
  app.addHook("onRequest", async (req) => {
    if (isAdmin(req)) return;
    const fault = ctx.faults.take(req.method, pathOnly(req.url));
    metaOf(req).fault = fault;
    if (fault?.kind === "delay") await sleep(fault.ms, undefined, { signal: closing.signal });
  });

  // 2. Authentication, before the rate limiter (whose hook the plugin appends to each route) and validation.
  app.addHook("onRequest", async (req) => {
    if (preempts(metaOf(req).fault)) return;
    if (req.routeOptions.config.auth === true) await ctx.tokens.authenticate(req.headers.authorization);
  });

  if (limits !== false) {
    await app.register(rateLimit, {
      global: true,
      timeWindow: limits.windowMs,
      keyGenerator: (req) => `${req.ip}|${req.method === "GET" || req.method === "HEAD" ? "read" : "write"}`,
      max: (_req, key) => (key.endsWith("|read") ? limits.read : limits.write),
      allowList: (req) => isAdmin(req) || isWellKnown(req) || preempts(metaOf(req).fault),
      errorResponseBuilder: (_req, c) =>
        new ApiError(
          429,
          "RateLimitExceeded",
          `Rate limit exceeded. Please try again in ${Math.ceil(c.ttl / 1000)} seconds`,
        ),
    });
  }

  // 3. The body's keys as sent, then the preempting faults (after parsing, so the log shows what was sent). The
  //    route's schemas run next (Fastify's validation step), then the handler.
  app.addHook("preValidation", async (req, reply) => {
    const m = metaOf(req);
    m.bodyKeys = bodyKeysOf(req.body);
    const fault = m.fault;
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
    const err = new ApiError(404, "NotFound", `Route ${req.method}:${pathOnly(req.url)} not found`);
    void reply.status(404).send(envelope(String(req.id), err));
  });

  registerAuthRoutes(app, ctx);
  registerAuth0Routes(app, ctx);
  registerAppConnectionRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  return app;
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
