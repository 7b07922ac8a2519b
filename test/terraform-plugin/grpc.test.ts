// The gRPC framing over HTTP/2: what a client gets for compressed, truncated or malformed calls.
import { rmSync } from "node:fs";
import * as http2 from "node:http2";
import * as tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GrpcError, Status, unframe } from "../../provider/terraform/plugin/grpc";
import { buildExample, generateSelfSignedCert, startPlugin, type RunningPlugin } from "./helpers";

describe("gRPC message framing", () => {
  const frame = (flag: number, body: Buffer) => Buffer.concat([Buffer.from([flag, 0, 0, 0, body.length]), body]);

  it("splits length-prefixed messages", () => {
    const messages = unframe(Buffer.concat([frame(0, Buffer.from("ab")), frame(0, Buffer.alloc(0))]));
    expect(messages.map((m) => m.toString())).toEqual(["ab", ""]);
  });

  it("refuses compressed, truncated and oversized messages with their gRPC status", () => {
    const status = (body: Buffer) => {
      try {
        unframe(body);
        return undefined;
      } catch (err) {
        return (err as GrpcError).code;
      }
    };
    expect(status(frame(1, Buffer.from("x")))).toBe(Status.UNIMPLEMENTED);
    expect(status(Buffer.from([0, 0, 0]))).toBe(Status.INTERNAL);
    expect(status(Buffer.from([0, 0, 0, 0, 9, 1]))).toBe(Status.INTERNAL);
    expect(status(Buffer.from([0, 0x7f, 0xff, 0xff, 0xff]))).toBe(Status.RESOURCE_EXHAUSTED);
  });
});

describe("gRPC over the plugin's socket", () => {
  let built: Awaited<ReturnType<typeof buildExample>>;
  let plugin: RunningPlugin;
  const client = generateSelfSignedCert("P-256");

  beforeAll(async () => {
    built = await buildExample();
    plugin = await startPlugin(built.executable, client);
  }, 60_000);
  afterAll(() => {
    plugin?.child.kill("SIGKILL");
    rmSync(built.dir, { recursive: true, force: true });
  });

  /** One raw call; resolves with the response's grpc-status (from trailers, or a trailers-only answer). */
  function call(path: string, body: Buffer, contentType = "application/grpc"): Promise<string | number> {
    return new Promise((resolve, reject) => {
      const session = http2.connect("https://localhost", {
        createConnection: () =>
          tls.connect({
            path: plugin.fields[3]!,
            servername: "localhost",
            ca: plugin.serverCertPem,
            cert: client.certPem,
            key: client.keyPem,
            ALPNProtocols: ["h2"],
          }),
      });
      session.on("error", reject);
      const stream = session.request({ ":method": "POST", ":path": path, "content-type": contentType, te: "trailers" });
      let status: string | number | undefined;
      stream.on("response", (headers) => {
        if (headers[":status"] !== 200) status = headers[":status"]!;
        else if (headers["grpc-status"] !== undefined) status = String(headers["grpc-status"]);
      });
      stream.on("trailers", (trailers) => (status = String(trailers["grpc-status"])));
      stream.on("data", () => undefined);
      stream.on("close", () => {
        session.close();
        resolve(status ?? "none");
      });
      stream.end(body);
    });
  }

  it("answers a well-formed call OK and a compressed one UNIMPLEMENTED, and keeps serving", async () => {
    const empty = Buffer.alloc(5);
    expect(await call("/tfplugin6.Provider/GetMetadata", empty)).toBe("0");
    expect(await call("/tfplugin6.Provider/GetMetadata", Buffer.from([1, 0, 0, 0, 0]))).toBe(
      String(Status.UNIMPLEMENTED),
    );
    expect(await call("/tfplugin6.Provider/GetMetadata", Buffer.from([0, 0, 0]))).toBe(String(Status.INTERNAL));
    expect(await call("/tfplugin6.Provider/GetMetadata", Buffer.concat([empty, empty]))).toBe(String(Status.INTERNAL));
    expect(await call("/tfplugin6.Provider/GetMetadata", empty, "application/json")).toBe(415);
    expect(await call("/tfplugin6.Provider/GetMetadata", empty)).toBe("0");
  });
});
