// What a Terraform user reads when Infisical cannot get an Auth0 token with the declared credentials (a wrong secret,
// an audience the application has no grant for, a domain that does not resolve, an endpoint that is not Auth0), and
// when provider settings are wrong (a host that is not Infisical, or not reachable): the situation in the summary,
// the attributes or settings to check, Infisical's own text, and no secret.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import type { RunningEmulator } from "../../emulator/types";
import { HEADER, NO_TERRAFORM, Workspace, connectionHcl, emulatorEnv, ensureProvider, hasTerraform } from "./harness";

if (!hasTerraform) console.warn(`terraform messages: ${NO_TERRAFORM}`);

const WRONG_SECRET = "wrong-auth0-secret-71c2aa90";
/** Terraform wraps diagnostic text at 80 columns: compare with whitespace runs as single spaces. */
const flat = (text: string) => text.replace(/\s+/g, " ");

/** One diagnostic of `out` (flattened): from `Error: <summary>` followed by `with <address>` up to the next one. */
function diagnosticFor(out: string, address: string): string {
  const blocks = flat(out).split(/(?= Error: )/);
  const found = blocks.find((b) => b.includes(`with ${address},`));
  expect(found, out).toBeDefined();
  return found!;
}

/** A token endpoint that answers like Auth0 but with a token type Infisical does not accept. */
async function oddTokenEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ access_token: "not-a-bearer", token_type: "mac", expires_in: 60 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!hasTerraform)("messages through terraform", { timeout: 240_000 }, () => {
  let emu: RunningEmulator;
  let ws: Workspace;
  let odd: { url: string; server: Server };

  beforeAll(async () => {
    await ensureProvider();
    emu = await startEmulator({ rateLimit: false });
    odd = await oddTokenEndpoint();
    ws = new Workspace(emulatorEnv(emu));
  }, 180_000);

  afterAll(async () => {
    ws?.close();
    await emu?.close();
    await new Promise((resolve) => odd?.server.close(resolve));
  });

  it("says Infisical could not get an Auth0 token, what to check, and Infisical's text", async () => {
    const { auth0 } = emu.seed;
    const good = { domain: auth0.domain, clientId: auth0.clientId, audience: auth0.audience };
    ws.write(
      HEADER +
        'provider "infisicalauth0" {}\n' +
        connectionHcl("secret", { name: "wrong-secret", credentials: good, secret: WRONG_SECRET }) +
        connectionHcl("audience", {
          name: "wrong-audience",
          credentials: { ...good, audience: "https://api.example.com/not-granted" },
          writeOnly: { value: auth0.clientSecret, version: 1 },
        }) +
        connectionHcl("domain", {
          name: "wrong-domain",
          credentials: { ...good, domain: "no-such-tenant.eu.auth0.com" },
          secret: auth0.clientSecret,
        }) +
        connectionHcl("token", {
          name: "odd-token",
          credentials: { ...good, domain: odd.url, audience: "https://odd.example/api/" },
          secret: auth0.clientSecret,
        }),
    );
    const r = await ws.tf("apply", "-auto-approve");
    expect(r.status).toBe(1);
    const R = "infisicalauth0_app_connection";

    const secret = diagnosticFor(r.out, `${R}.secret`);
    expect(secret).toContain("Error: Auth0 rejected the credentials");
    expect(secret).toContain("Infisical could not obtain an Auth0 token with these credentials");
    expect(secret).toContain("401 Unauthorized: the client ID or client secret is wrong for this tenant");
    expect(secret).toContain("Check credentials.client_secret and credentials.client_id");
    expect(secret).toContain("must be authorized for that audience");
    expect(secret).toContain("Infisical: Request failed with status code 401");

    const audience = diagnosticFor(r.out, `${R}.audience`);
    expect(audience).toContain("403 Forbidden: the application is most likely not authorized for the audience");
    expect(audience).toContain("Check credentials.audience");
    // The write-only form is named as such.
    expect(audience).toContain("credentials.client_secret_wo");
    expect(audience).toContain("Infisical: Request failed with status code 403");

    const domain = diagnosticFor(r.out, `${R}.domain`);
    expect(domain).toContain('The Auth0 domain "no-such-tenant.eu.auth0.com" could not be found (DNS)');
    expect(domain).toContain("Check credentials.domain");
    expect(domain).toContain("Infisical: getaddrinfo ENOTFOUND no-such-tenant.eu.auth0.com");

    const token = diagnosticFor(r.out, `${R}.token`);
    expect(token).toContain("answered, but not with an Auth0 Bearer token");
    expect(token).toContain("Infisical: Unhandled token type: mac");

    for (const text of [r.out, ws.state()]) {
      expect(text).not.toContain(WRONG_SECRET);
      expect(text).not.toContain(auth0.clientSecret);
    }
    expect((await emu.admin.connections()).filter((c) => /^(wrong|odd)-/.test(c.name))).toEqual([]);
  });

  it("says what is wrong with the Infisical host in the summary: not Infisical, or not reachable", async () => {
    const web = createServer((_req, res) => {
      res.writeHead(501, { "content-type": "text/html" });
      res.end("<html><body>Not Implemented</body></html>");
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    // A port nobody listens on: bound and released.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { auth0 } = emu.seed;
    const hcl =
      HEADER +
      'provider "infisicalauth0" {}\n' +
      connectionHcl("c", {
        name: "host-check",
        credentials: { domain: auth0.domain, clientId: auth0.clientId, audience: auth0.audience },
        secret: auth0.clientSecret,
      });
    const hosts = {
      web: `http://127.0.0.1:${(web.address() as AddressInfo).port}`,
      closed: `http://127.0.0.1:${closedPort}`,
    };
    const spaces = Object.values(hosts).map((host) => new Workspace({ ...emulatorEnv(emu), INFISICAL_HOST: host }));
    try {
      const [notInfisical, unreachable] = await Promise.all(
        spaces.map((space) => {
          space.write(hcl);
          return space.tf("apply", "-auto-approve");
        }),
      );
      const R = "infisicalauth0_app_connection.c";

      expect(notInfisical!.status, notInfisical!.out).toBe(1);
      const web501 = diagnosticFor(notInfisical!.out, R);
      expect(web501).toContain("Error: Host is not an Infisical server");
      expect(web501).toContain(`The server at ${hosts.web} is not answering as Infisical does`);
      expect(web501).toContain("Check host (or INFISICAL_HOST)");

      expect(unreachable!.status, unreachable!.out).toBe(1);
      const refused = diagnosticFor(unreachable!.out, R);
      expect(refused).toContain("Error: Infisical not reachable");
      expect(refused).toContain(`Could not reach Infisical at ${hosts.closed}: connection refused`);

      for (const r of [notInfisical!, unreachable!]) {
        expect(r.out).not.toContain("Error: Apply failed");
        expect(r.out).not.toContain(emu.seed.identity.clientSecret);
        expect(r.out).not.toContain(auth0.clientSecret);
      }
    } finally {
      for (const space of spaces) space.close();
      await new Promise((resolve) => web.close(resolve));
    }
  });
});
