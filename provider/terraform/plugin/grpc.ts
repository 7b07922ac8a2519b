// The gRPC protocol over node:http2 (grpc/grpc PROTOCOL-HTTP2.md), as much of it as go-plugin and Terraform use:
// unary calls, plus streams that are accepted and held open (GRPCStdio, GRPCBroker). No compression, no
// deadlines beyond the client's own.
//
// Our own on purpose, by measurement (Node 20, bundled, medians of 11-15 interleaved starts, a provider answering
// GetProviderSchema, NODE_EXTRA_CA_CERTS unset; `node -e ''` = 28-30 ms):
//   @grpc/grpc-js server + protobufjs static code:     handshake 3.6x, first RPC 4.4x (grpc-js itself: 27 ms to load
//                                                        before the handshake, against 12 ms for node:http2)
//   @connectrpc/connect-node + @bufbuild/protobuf:      handshake 2.4x, first RPC 5.0x (connect + protobuf-es: 77 ms
//                                                        to load and answer the first call)
//   this file + protobufjs static code:                 handshake 2.5x, first RPC 3.5x
// before the trust-store fix in serve.ts, which took a further ~20 ms off every variant. Neither library comes near
// the first-RPC target (3.5x), and a plan starts the provider three times.
import type { IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";

export const Status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export class GrpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "GrpcError";
  }
}

/**
 * A call's cancellation: its `signal` aborts when the client cancels the call or the server stops. It is the call's
 * AbortController, whose signal Node makes on first use: an AbortSignal costs ~8 µs of CPU to create (Node 20,
 * measured) and most calls never look at it.
 */
export interface Cancellation {
  readonly signal: AbortSignal;
}

export interface UnaryMethod {
  kind: "unary";
  decode(bytes: Uint8Array): unknown;
  encode(value: unknown): Uint8Array;
  handle(request: unknown, call: Cancellation): Promise<unknown>;
}

/**
 * A stream the server holds open and never writes to; it ends with OK when the server stops, and, for a
 * bidirectional stream (`endsWithClient`), when the client ends its side.
 */
export interface HeldStreamMethod {
  kind: "held-stream";
  endsWithClient: boolean;
}

export type Method = UnaryMethod | HeldStreamMethod;

/** The largest message accepted (what the grpc-js server was configured with before). */
export const MAX_MESSAGE_BYTES = 256 << 20;

/** Percent-encoding of grpc-message (PROTOCOL-HTTP2.md: printable ASCII except %). */
function encodeMessage(message: string): string {
  return Buffer.from(message, "utf8").reduce(
    (out, byte) =>
      out +
      (byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, "0").toUpperCase()}`),
    "",
  );
}

function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** Splits length-prefixed messages; throws GrpcError on compression, a truncated frame or an oversized message. */
export function unframe(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    if (body.length - offset < 5) throw new GrpcError(Status.INTERNAL, "truncated gRPC message header");
    if (body[offset] !== 0) throw new GrpcError(Status.UNIMPLEMENTED, "compressed gRPC messages are not supported");
    const length = body.readUInt32BE(offset + 1);
    if (length > MAX_MESSAGE_BYTES) throw new GrpcError(Status.RESOURCE_EXHAUSTED, "gRPC message too large");
    if (body.length - offset - 5 < length) throw new GrpcError(Status.INTERNAL, "truncated gRPC message");
    messages.push(body.subarray(offset + 5, offset + 5 + length));
    offset += 5 + length;
  }
  return messages;
}

const RESPONSE_HEADERS = { ":status": 200, "content-type": "application/grpc" };

/** Ends a stream with a status: a trailers-only response when nothing was sent yet. */
function finish(stream: ServerHttp2Stream, code: number, message = ""): void {
  if (stream.destroyed || stream.closed) return;
  const trailers: Record<string, string> = { "grpc-status": String(code) };
  if (message !== "") trailers["grpc-message"] = encodeMessage(message);
  if (!stream.headersSent) stream.respond({ ...RESPONSE_HEADERS, ...trailers }, { endStream: true });
  else {
    stream.once("wantTrailers", () => stream.sendTrailers(trailers));
    stream.end();
  }
}

export interface GrpcServerHooks {
  /** The method for a path (`/package.Service/Method`), or undefined (answered UNIMPLEMENTED). */
  lookup(path: string): Method | undefined;
  /** A handler threw (a bug in the layer: handlers return diagnostics). */
  onError(path: string, err: unknown): void;
}

/**
 * Serves gRPC on the 'stream' event of an HTTP/2 server. The returned `stop()` refuses new calls (UNAVAILABLE),
 * aborts the signal of every call in flight and ends the held streams; `inFlight()` resolves when no unary call is
 * left running.
 */
export function grpcServer(hooks: GrpcServerHooks) {
  const held = new Set<ServerHttp2Stream>();
  const running = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();
  let stopping = false;
  /** Set by cancelAll(): every call in flight, and every later one, starts cancelled with this reason. */
  let cancelled: Error | undefined;

  function onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    const path = String(headers[":path"] ?? "");
    stream.on("error", () => undefined); // a reset by the client; nothing to report
    if (!String(headers["content-type"] ?? "").startsWith("application/grpc")) {
      stream.respond({ ":status": 415 }, { endStream: true });
      return;
    }
    if (stopping) return finish(stream, Status.UNAVAILABLE, "the provider is shutting down");
    const method = hooks.lookup(path);
    if (!method) return finish(stream, Status.UNIMPLEMENTED, `unknown method ${path}`);
    if (method.kind === "held-stream") {
      held.add(stream);
      stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
      stream.on("data", () => undefined);
      if (method.endsWithClient) stream.on("end", () => finish(stream, Status.OK));
      stream.on("close", () => held.delete(stream));
      return;
    }
    const controller = new AbortController();
    if (cancelled) controller.abort(cancelled);
    controllers.add(controller);
    // A stream closed before its answer: the client cancelled the call (or went away).
    stream.on("close", () => {
      if (controllers.has(controller)) controller.abort(new Error("the call was cancelled"));
    });
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_MESSAGE_BYTES + 5) {
        finish(stream, Status.RESOURCE_EXHAUSTED, "gRPC message too large");
        stream.destroy();
      } else chunks.push(chunk);
    });
    stream.on("end", () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const done = unary(method, stream, body, controller, path).finally(() => {
        controllers.delete(controller);
        running.delete(done);
      });
      running.add(done);
    });
  }

  async function unary(method: UnaryMethod, stream: ServerHttp2Stream, body: Buffer, call: Cancellation, path: string) {
    try {
      const messages = unframe(body);
      if (messages.length !== 1) throw new GrpcError(Status.INTERNAL, "a unary call carries exactly one message");
      const response = method.encode(await method.handle(method.decode(messages[0]!), call));
      if (stream.destroyed || stream.closed) return;
      stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
      stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      stream.end(frame(response));
    } catch (err) {
      if (err instanceof GrpcError) return finish(stream, err.code, err.message);
      hooks.onError(path, err);
      finish(stream, Status.INTERNAL, err instanceof Error ? err.message : String(err));
    }
  }

  function cancelAll(reason: Error): void {
    cancelled ??= reason;
    for (const controller of controllers) controller.abort(reason);
  }

  return {
    onStream,
    /** Aborts the signal of every call in flight and of every later call (StopProvider). */
    cancelAll,
    stop(): void {
      stopping = true;
      cancelAll(new Error("the provider is shutting down"));
      for (const stream of held) finish(stream, Status.OK);
    },
    /** Resolves when every unary call has answered, or after `graceMs`; true when none was left running. */
    async drained(graceMs: number): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      });
      const all = (async () => {
        while (running.size > 0) await Promise.allSettled([...running]);
        return true as const;
      })();
      try {
        return await Promise.race([all, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    inFlight: () => running.size,
  };
}

export type GrpcServer = ReturnType<typeof grpcServer>;
