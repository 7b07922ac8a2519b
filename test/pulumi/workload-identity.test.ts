/**
 * Workload-identity logins of the Auth0AppConnection dynamic provider, through Pulumi's real provider host over gRPC
 * against the emulator: OIDC from stack config (`infisical:authMethod`, `infisical:identityId`, `infisical:jwt` as
 * the engine hands it, decrypted), Kubernetes from Infisical's environment variables alone (a token file re-read at
 * each login). No JWT or service-account token in `__provider`, the checked inputs, the outputs or the host's logs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { startFakeKubernetes, type FakeKubernetes } from "../emulator/fake-kubernetes";
import { credentialsShown, kubernetesIdentity } from "../client/harness";
import { PulumiProviderHost, type Props, makeProjectDir, serializedProvider, urnFor } from "../../tools/pulumi-host";

const REVIEWER = "zz-pulumi-reviewer-jwt";

let emu: RunningEmulator;
let k8s: FakeKubernetes;
let provider: string;
let project: { dir: string; cleanup(): void };
let dir: string;

/** The host's environment without any Infisical setting of the machine running the tests. */
const noInfisicalEnv = () =>
  Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => k.startsWith("INFISICAL_"))
      .map((k) => [k, ""]),
  );

beforeAll(async () => {
  k8s = await startFakeKubernetes();
  k8s.addReviewer(REVIEWER);
  emu = await startEmulator({ rateLimit: false });
  provider = await serializedProvider();
  project = makeProjectDir();
  dir = mkdtempSync(join(tmpdir(), "pulumi-workload-"));
});

afterAll(async () => {
  project?.cleanup();
  await emu?.close();
  await k8s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function inputs(name: string, over: Partial<Props> = {}): Props {
  return {
    name,
    description: "workload identity",
    method: "client-credentials",
    credentials: { ...emu.seed.auth0 },
    __provider: provider,
    ...over,
  };
}

async function capture(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

/** check → create → read → update → delete, as the engine runs `pulumi up`, `refresh`, `up` and `destroy`. */
async function lifecycle(host: PulumiProviderHost, name: string): Promise<string> {
  const urn = urnFor(name);
  const checked = await host.check(urn, {}, inputs(name));
  expect(checked.failures).toEqual([]);
  const { id, outs } = await host.create(urn, checked.inputs);
  const read = await host.read(id, urn, outs);
  expect(read.id).toBe(id);
  const news = (await host.check(urn, checked.inputs, inputs(name, { description: "changed" }))).inputs;
  const updated = await host.update(id, urn, read.outs, news);
  expect(updated.description).toBe("changed");
  await host.delete(id, urn, updated);
  expect((await emu.admin.connections()).some((c) => c.id === id)).toBe(false);
  return JSON.stringify([checked.inputs, outs, read.outs, news, updated]);
}

/** A host configured with OIDC from stack config, as `pulumi config set [--secret] infisical:…` gives it. */
async function oidcHost(jwt: string): Promise<PulumiProviderHost> {
  const host = await PulumiProviderHost.start({ cwd: project.dir, env: noInfisicalEnv() });
  await host.configure({
    "infisical:host": emu.url,
    "infisical:authMethod": "oidc",
    "infisical:identityId": emu.seed.oidc.identityId,
    "infisical:jwt": jwt,
  });
  return host;
}

describe("Pulumi host: workload identity", () => {
  it("OIDC from stack config: one login for the whole lifecycle; the JWT nowhere in state or logs", async () => {
    const jwt = await emu.admin.mintOidcToken({ sub: "repo:acme/infra:ref:refs/heads/main" });
    const host = await oidcHost(jwt);
    try {
      await emu.admin.clearRequests();
      const state = await lifecycle(host, "pulumi-oidc");
      const logins = (await emu.admin.requests()).filter((r) => r.path.startsWith("/api/v1/auth/"));
      expect(logins.map((l) => [l.path, l.status])).toEqual([["/api/v1/auth/oidc-auth/login", 200]]);
      const shown = { state, __provider: provider, stdout: host.stdout, stderr: host.stderr };
      expect(credentialsShown(shown, [jwt])).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it("Kubernetes from the environment alone; a rewritten token file is used at the next login", async () => {
    const identityId = await kubernetesIdentity(emu, k8s.url, REVIEWER, { allowedNamespaces: "deploy" });
    const first = "zz-pulumi-sa-token-1";
    const second = "zz-pulumi-sa-token-2";
    k8s.addServiceAccount(first, { namespace: "deploy", name: "pulumi" });
    k8s.addServiceAccount(second, { namespace: "deploy", name: "pulumi" });
    const file = join(dir, "token");
    writeFileSync(file, first);
    const host = await PulumiProviderHost.start({
      cwd: project.dir,
      env: {
        ...noInfisicalEnv(),
        INFISICAL_HOST: emu.url,
        INFISICAL_AUTH_METHOD: "kubernetes",
        INFISICAL_MACHINE_IDENTITY_ID: identityId,
        INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: file,
      },
    });
    try {
      await host.configure({});
      const reviewed = k8s.reviews.length;
      const urn = urnFor("pulumi-k8s");
      const checked = await host.check(urn, {}, inputs("pulumi-k8s"));
      const { id, outs } = await host.create(urn, checked.inputs);
      // The projected token rotates and the old one stops working; the access token expires.
      writeFileSync(file, second);
      k8s.addServiceAccount(first, { namespace: "expired", name: "pulumi" });
      await emu.admin.expireTokens();
      await host.delete(id, urn, outs);
      expect(k8s.reviews.slice(reviewed).map((r) => r.body.spec?.token)).toEqual([first, second]);
      const shown = { state: JSON.stringify([checked.inputs, outs]), stdout: host.stdout, stderr: host.stderr };
      expect(credentialsShown(shown, [first, second])).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it("an expired JWT in stack config: the error names infisical:jwt and the fix", async () => {
    const expired = await emu.admin.mintOidcToken({ expired: true });
    const host = await oidcHost(expired);
    try {
      const checked = await host.check(urnFor("pulumi-expired"), {}, inputs("pulumi-expired"));
      const err = await capture(host.create(urnFor("pulumi-expired"), checked.inputs));
      expect(err.message).toMatch(
        /Access denied: jwt expired\. The JWT \(infisical:jwt \(pulumi config set --secret infisical:jwt <jwt>\) or INFISICAL_AUTH_JWT\) has expired/,
      );
      expect(err.message).not.toContain(expired);
    } finally {
      await host.close();
    }
  });
});
