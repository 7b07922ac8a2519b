// A CI credential that expires in the middle of a long apply. A variable cannot change inside a running terraform
// process, so the refreshable sources are proven: a Kubernetes service-account token FILE rewritten during the apply
// (older tokens then refused by the cluster), and GitHub Actions ID tokens fetched at each login (each JWT valid for
// 3 s). count = 50 under the emulator's default rate limits, each create slowed so the apply lasts several access
// token lifetimes (TTL 3 and 5 s): 0 failures, several logins, each with the credential current at that moment.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { startFakeKubernetes, type FakeKubernetes } from "../emulator/fake-kubernetes";
import { HEADER, NO_TERRAFORM, Workspace, connectionHcl, ensureProvider, hasTerraform } from "./harness";
import { infisicalEnv, workspaceCredentials } from "./workload";
import { kubernetesIdentity } from "../client/harness";

if (!hasTerraform) console.warn(`terraform mid-apply expiry: ${NO_TERRAFORM}`);

const COUNT = 50;
const REVIEWER = "zz-expiry-reviewer-jwt";
const REQUEST_TOKEN = "zz-expiry-gha-request-token";
const AUDIENCE = "https://github.com/acme";

describe.skipIf(!hasTerraform)("a credential that expires mid-apply", () => {
  let emu: RunningEmulator;
  let k8s: FakeKubernetes;
  let dir: string;
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    await ensureProvider();
    k8s = await startFakeKubernetes();
    k8s.addReviewer(REVIEWER);
    // The emulator's default rate limits (self-hosted Infisical's: 60 reads and 200 writes a minute).
    emu = await startEmulator({});
    dir = mkdtempSync(join(tmpdir(), "tf-expiry-"));
  }, 180_000);

  afterAll(async () => {
    for (const ws of workspaces) ws.close();
    await emu?.close();
    await k8s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function workspace(env: NodeJS.ProcessEnv): Workspace {
    const ws = new Workspace({ ...infisicalEnv(emu), ...env }, { trace: true });
    workspaces.push(ws);
    return ws;
  }

  /** Slows every create so the apply outlasts several access-token lifetimes. */
  async function slowCreates(): Promise<void> {
    await emu.admin.injectFault({
      method: "POST",
      path: "/api/v1/app-connections/auth0",
      count: COUNT,
      fault: { kind: "delay", ms: 700 },
    });
  }

  function connections(prefix: string): string {
    const { domain, clientId, audience, clientSecret } = emu.seed.auth0;
    return connectionHcl("many", {
      name: prefix,
      count: COUNT,
      credentials: { domain, clientId, audience },
      secret: clientSecret,
    });
  }

  async function created(prefix: string): Promise<number> {
    return (await emu.admin.connections()).filter((c) => c.name.startsWith(`${prefix}-`)).length;
  }

  it("Kubernetes: the token file rewritten every second, older tokens refused: 0 failures", async () => {
    const identityId = await kubernetesIdentity(emu, k8s.url, REVIEWER, {
      allowedNamespaces: "ci",
      accessTokenTTL: 3,
      accessTokenMaxTTL: 3,
    });
    const file = join(dir, "token");
    const tokens: string[] = [];
    // Like the kubelet: a new projected token in the file every second; a token is refused 3 s after it was
    // replaced, while a client that kept the first one would present it again at its re-logins. (The
    // fake cluster has no revocation; re-registering the token under a namespace the identity does not allow makes
    // every later review of it fail, which is what an expired token does.)
    const rotate = () => {
      const token = `zz-projected-sa-token-${tokens.length}`;
      k8s.addServiceAccount(token, { namespace: "ci", name: "deployer" });
      // Atomically, as the kubelet updates a projected token (a reader never sees a half-written file).
      writeFileSync(`${file}.new`, token);
      renameSync(`${file}.new`, file);
      tokens.push(token);
      const stale = tokens[tokens.length - 4];
      if (stale) k8s.addServiceAccount(stale, { namespace: "expired", name: "deployer" });
    };
    rotate();
    const ws = workspace({});
    ws.write(
      HEADER +
        `provider "infisicalauth0" {\n  auth = { kubernetes = { identity_id = "${identityId}", ` +
        `service_account_token_path = "${file}" } }\n}\n` +
        connections("k8s-expiry"),
    );
    await slowCreates();
    await emu.admin.clearRequests();
    const reviewsBefore = k8s.reviews.length;
    const timer = setInterval(rotate, 1000);
    const started = Date.now();
    let r;
    try {
      r = await ws.tf("apply", "-auto-approve", "-parallelism=4");
    } finally {
      clearInterval(timer);
    }
    const seconds = (Date.now() - started) / 1000;
    expect(r.status, r.out).toBe(0);
    expect(await created("k8s-expiry")).toBe(COUNT);
    const logins = (await emu.admin.requests()).filter((q) => q.path === "/api/v1/auth/kubernetes-auth/login");
    const presented = new Set(k8s.reviews.slice(reviewsBefore).map((v) => v.body.spec?.token));
    console.info(
      `mid-apply (Kubernetes file): ${COUNT} creates in ${seconds.toFixed(1)} s, ${tokens.length} tokens written, ` +
        `${logins.length} logins (${logins.filter((l) => l.status !== 200).length} refused), ${presented.size} ` +
        `distinct tokens presented`,
    );
    expect(logins.every((l) => l.status === 200)).toBe(true);
    expect(logins.length).toBeGreaterThanOrEqual(3);
    expect(presented.size).toBeGreaterThanOrEqual(3);
    expect(workspaceCredentials(ws, tokens)).toEqual([]);
  });

  it("OIDC in GitHub Actions: a fresh 3-second ID token fetched for every login: 0 failures", async () => {
    const { identityId } = await emu.admin.addIdentity();
    await emu.admin.attachOidcAuth(identityId, { boundAudiences: AUDIENCE, accessTokenTTL: 5, accessTokenMaxTTL: 5 });
    const minted: string[] = [];
    let refused = 0;
    // GitHub Actions' token service: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with the request token.
    const gha: Server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}` || url.searchParams.get("audience") !== AUDIENCE) {
        refused += 1;
        res.writeHead(401).end("{}");
        return;
      }
      emu.admin.mintOidcToken({ sub: "repo:acme/infra:ref:refs/heads/main", aud: AUDIENCE, lifetimeSeconds: 3 }).then(
        (jwt) => {
          minted.push(jwt);
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: jwt }));
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => gha.listen(0, "127.0.0.1", resolve));
    const port = (gha.address() as AddressInfo).port;
    try {
      const ws = workspace({
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/_apis/distributedtask/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      });
      ws.write(
        HEADER +
          `provider "infisicalauth0" {\n  auth = { oidc = { identity_id = "${identityId}", ` +
          `github_actions_audience = "${AUDIENCE}" } }\n}\n` +
          connections("gha-expiry"),
      );
      await slowCreates();
      await emu.admin.clearRequests();
      const started = Date.now();
      const r = await ws.tf("apply", "-auto-approve", "-parallelism=4");
      const seconds = (Date.now() - started) / 1000;
      expect(r.status, r.out).toBe(0);
      expect(await created("gha-expiry")).toBe(COUNT);
      const logins = (await emu.admin.requests()).filter((q) => q.path === "/api/v1/auth/oidc-auth/login");
      console.info(
        `mid-apply (GitHub Actions OIDC): ${COUNT} creates in ${seconds.toFixed(1)} s, ${minted.length} ID tokens ` +
          `fetched, ${logins.length} logins (${logins.filter((l) => l.status !== 200).length} refused)`,
      );
      expect(refused).toBe(0);
      expect(logins.every((l) => l.status === 200)).toBe(true);
      expect(logins.length).toBeGreaterThanOrEqual(3);
      expect(minted.length).toBe(logins.length);
      expect(workspaceCredentials(ws, [REQUEST_TOKEN, ...minted])).toEqual([]);
    } finally {
      gha.closeAllConnections();
      await new Promise<void>((resolve) => gha.close(() => resolve()));
    }
  });
});
