import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from "jose";

/**
 * A third-party OpenID provider on 127.0.0.1 (an RS256 key, like GitHub's or HCP Terraform's), for tests that need
 * an issuer other than the emulator's own: it serves `/.well-known/openid-configuration` and `/jwks`, counts the
 * requests, and can be told to answer differently.
 */
export interface FakeOidcProvider {
  /** `http://127.0.0.1:<port>`: the issuer and the discovery URL. */
  url: string;
  kid: string;
  /** Paths requested, in order (`GET /.well-known/openid-configuration`, `GET /jwks`, …). */
  requests: string[];
  /** Replaces the discovery document (e.g. `{}` for one without `jwks_uri`). */
  discovery: Record<string, unknown> | undefined;
  /** A JWT signed with the provider's key; `iss` defaults to `url`. */
  sign(claims: JWTPayload, opts?: { kid?: string | null; expiresInSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeOidcProvider(): Promise<FakeOidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = "fake-idp-key-1";
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    fake.requests.push(`${req.method} ${req.url}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/.well-known/openid-configuration" || req.url === "//.well-known/openid-configuration") {
      return send(200, fake.discovery ?? { issuer: fake.url, jwks_uri: `${fake.url}/jwks` });
    }
    if (req.url === "/jwks") return send(200, { keys: [jwk] });
    send(404, { message: "not found" });
  });
  const fake: FakeOidcProvider = {
    url: "",
    kid,
    requests: [],
    discovery: undefined,
    sign: async (claims, opts = {}) => {
      const header: { alg: string; kid?: string } = { alg: "RS256" };
      if (opts.kid !== null) header.kid = opts.kid ?? kid;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: fake.url, iat: now, exp: now + (opts.expiresInSeconds ?? 300), ...claims })
        .setProtectedHeader(header)
        .sign(privateKey);
    },
    close: async () => undefined,
  };
  ({ url: fake.url, close: fake.close } = await listenOnLoopback(server));
  return fake;
}
