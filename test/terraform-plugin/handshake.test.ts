// The go-plugin handshake and mutual TLS, against the launcher-built example provider.
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../provider/terraform/plugin/handshake";
import { buildExample, connect, generateSelfSignedCert, startPlugin, type RunningPlugin } from "./helpers";

let built: Awaited<ReturnType<typeof buildExample>>;
const terraformClient = generateSelfSignedCert("P-521"); // go-plugin's client certificate uses P-521
const running: RunningPlugin[] = [];

beforeAll(async () => {
  built = await buildExample();
});

afterAll(() => {
  for (const plugin of running) plugin.child.kill("SIGKILL");
  rmSync(built.dir, { recursive: true, force: true });
});

async function start(env: NodeJS.ProcessEnv = {}) {
  const plugin = await startPlugin(built.executable, terraformClient, env);
  running.push(plugin);
  return plugin;
}

describe("started by hand", () => {
  it("prints the plugin message to stderr and exits non-zero without the magic cookie", () => {
    const env = { ...process.env };
    delete env[MAGIC_COOKIE_KEY];
    const result = spawnSync(built.executable, [], { env, encoding: "utf8", timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("This binary is a plugin");
  });

  it("refuses a client that does not offer protocol 6", () => {
    const env = {
      ...process.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: "5",
      PLUGIN_CLIENT_CERT: terraformClient.certPem,
    };
    const result = spawnSync(built.executable, [], { env, encoding: "utf8", timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("protocol version 6");
  });

  it("refuses to serve without PLUGIN_CLIENT_CERT, or with one that holds no certificate", () => {
    for (const cert of [undefined, "not a certificate"]) {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: "6",
      };
      delete env.PLUGIN_CLIENT_CERT;
      if (cert !== undefined) env.PLUGIN_CLIENT_CERT = cert;
      const result = spawnSync(built.executable, [], { env, encoding: "utf8", timeout: 20_000 });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe(""); // no handshake line: nothing listens
      expect(result.stderr).toContain("PLUGIN_CLIENT_CERT");
    }
  });
});

describe("handshake line", () => {
  it("is one line 1|6|unix|<socket>|grpc|<cert> with an unpadded base64 DER certificate for localhost", async () => {
    const plugin = await start();
    expect(plugin.fields).toHaveLength(6);
    const [core, app, network, address, protocol, cert] = plugin.fields;
    expect([core, app, network, protocol]).toEqual(["1", "6", "unix", "grpc"]);
    expect(existsSync(address!)).toBe(true);
    expect(cert).toMatch(/^[A-Za-z0-9+/]+$/); // no "=" padding: Terraform fails with "illegal base64 data"
    const x509 = new X509Certificate(Buffer.from(cert!, "base64"));
    expect(x509.subjectAltName).toBe("DNS:localhost");
    expect(x509.checkHost("localhost")).toBe("localhost");
    expect(x509.verify(x509.publicKey)).toBe(true);
  });

  it("listens on 127.0.0.1 within PLUGIN_MIN_PORT..PLUGIN_MAX_PORT over tcp", async () => {
    const plugin = await start({ TFPLUGIN_TRANSPORT: "tcp", PLUGIN_MIN_PORT: "23100", PLUGIN_MAX_PORT: "23140" });
    expect(plugin.fields[2]).toBe("tcp");
    const [host, port] = plugin.fields[3]!.split(":");
    expect(host).toBe("127.0.0.1");
    expect(Number(port)).toBeGreaterThanOrEqual(23100);
    expect(Number(port)).toBeLessThanOrEqual(23140);
    const clients = connect(plugin, terraformClient);
    await expect(clients.call("grpc.health.v1.Health", "Check", { service: "plugin" })).resolves.toMatchObject({
      status: "SERVING",
    });
    clients.close();
  });
});

describe("mutual TLS", () => {
  it("answers the health check of a client holding the certificate from PLUGIN_CLIENT_CERT", async () => {
    const plugin = await start();
    const clients = connect(plugin, terraformClient);
    await expect(clients.call("grpc.health.v1.Health", "Check", { service: "plugin" })).resolves.toMatchObject({
      status: "SERVING",
    });
    clients.close();
  });

  it("rejects a client presenting no certificate", async () => {
    const plugin = await start();
    const clients = connect(plugin, null);
    await expect(clients.call("grpc.health.v1.Health", "Check", { service: "plugin" })).rejects.toMatchObject({
      code: 14,
    });
    clients.close();
    expect(plugin.stderr()).toContain("refused a client without Terraform's certificate");
  });

  it("rejects a client presenting a foreign certificate", async () => {
    const plugin = await start();
    const clients = connect(plugin, generateSelfSignedCert("P-521"));
    await expect(clients.call("grpc.health.v1.Health", "Check", { service: "plugin" })).rejects.toMatchObject({
      code: 14,
    });
    clients.close();
    // and the same server still serves the right client
    const good = connect(plugin, terraformClient);
    await expect(good.call("grpc.health.v1.Health", "Check", { service: "plugin" })).resolves.toMatchObject({
      status: "SERVING",
    });
    good.close();
  });
});

describe("go-plugin services", () => {
  it("exits after GRPCController/Shutdown and removes its socket", async () => {
    const plugin = await start();
    const clients = connect(plugin, terraformClient);
    await clients.call("plugin.GRPCController", "Shutdown", {});
    clients.close();
    expect(await plugin.exited).toBe(0);
    expect(existsSync(plugin.fields[3]!)).toBe(false);
  });

  it("answers UNIMPLEMENTED for provider RPCs it does not serve and NOT_FOUND for other health services", async () => {
    const plugin = await start();
    const clients = connect(plugin, terraformClient);
    await expect(clients.raw("/tfplugin6.Provider/GetResourceIdentitySchemas")).rejects.toMatchObject({ code: 12 });
    await expect(clients.call("grpc.health.v1.Health", "Check", { service: "other" })).rejects.toMatchObject({
      code: 5,
    });
    clients.close();
  });
});
