// The short-lived credential sources of the workload-identity logins, called directly: their words and cache keys,
// the errors of unreadable variables and files, and the GitHub Actions ID token fetch against a fake token service
// on 127.0.0.1 (trimmed values, unset or blank variables, an answer without a value, a retried 503, a closed port).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resolveSettings } from "../../provider/infisical";
import {
  describeSource,
  fetchGitHubActionsToken,
  readSource,
  sourceCacheKey,
} from "../../provider/infisical/credentials";
import { closedPort } from "../emulator/loopback-server";
import { FakeClock, localServer, rejection, type LocalServer } from "./harness";

const KEYS = { value: "serviceAccountToken", path: "serviceAccountTokenPath" } as const;
const WHAT = "Kubernetes auth of machine identity m-1";

let dir: string;
let server: LocalServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cred-unit-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function settings(env: NodeJS.ProcessEnv = {}, clock = new FakeClock()) {
  return resolveSettings({ host: "http://127.0.0.1:9", token: "zz-fixed", maxRetries: 1, clock }, env);
}

describe("describeSource and sourceCacheKey", () => {
  it("name each source in words and in keys, never the credential itself", () => {
    const s = settings();
    expect(describeSource({ from: "env", name: "CI_JWT" }, KEYS, s)).toBe("the variable CI_JWT");
    expect(describeSource({ from: "file", path: "/t/x" }, KEYS, s)).toBe("the file /t/x");
    expect(describeSource({ from: "github-actions", audience: "sts.example" }, KEYS, s)).toBe(
      'the GitHub Actions ID token for audience "sts.example"',
    );
    expect(sourceCacheKey({ from: "env", name: "CI_JWT" })).toBe("env:CI_JWT");
    expect(sourceCacheKey({ from: "file", path: "/t/x" })).toBe("file:/t/x");
    expect(sourceCacheKey({ from: "github-actions", audience: "aud-1" })).toBe("github-actions:aud-1");
    const byValue = sourceCacheKey({ from: "value", value: "zz-jwt-value" });
    expect(byValue).toMatch(/^value:[0-9a-f]+$/);
    expect(byValue).not.toContain("zz-jwt-value");
  });
});

describe("readSource", () => {
  it("a variable is trimmed; an unset or blank one is a config error naming it and the setting", async () => {
    expect(await readSource({ from: "env", name: "V" }, KEYS, settings({ V: "  tok.en \n" }), WHAT)).toBe("tok.en");
    for (const env of [{}, { V: " \n " }]) {
      const err = await rejection(() => readSource({ from: "env", name: "V" }, KEYS, settings(env), WHAT));
      expect(err).toMatchObject({
        kind: "config",
        reason: "config",
        settings: ["serviceAccountToken"],
        message: `${WHAT}: the variable V is empty or not set any more`,
      });
    }
  });

  it("a file that cannot be read: the file system's reason in words, the two settings that fix it", async () => {
    writeFileSync(join(dir, "file"), "x");
    // Any other code is named as it is (EACCES and EPERM cannot be provoked here: the tests may run as root).
    const cases: [string, string][] = [
      [join(dir, "missing"), "no such file"],
      [dir, "it is a directory"],
      [join(dir, "file", "below"), "ENOTDIR"],
    ];
    for (const [path, why] of cases) {
      const err = await rejection(() => readSource({ from: "file", path }, KEYS, settings(), WHAT));
      expect(err).toMatchObject({ kind: "config", settings: ["serviceAccountTokenPath"] });
      expect(err.message).toBe(
        `${WHAT}: cannot read the file ${path} (${why}). Set the serviceAccountTokenPath option or ` +
          `INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH to the token's file, or the serviceAccountToken option ` +
          `or INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN to the token itself`,
      );
    }
  });
});

const ENV = { url: "ACTIONS_ID_TOKEN_REQUEST_URL", token: "ACTIONS_ID_TOKEN_REQUEST_TOKEN" };

/** A fake token service: answers from `answers` in turn (the last repeats), records the requests. */
async function tokenService(answers: { status: number; body: string }[]) {
  const seen: { url: string; authorization: string }[] = [];
  server = await localServer((req, res, n) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization ?? "" });
    const a = answers[Math.min(n, answers.length) - 1]!;
    res.writeHead(a.status, { "content-type": "application/json" }).end(a.body);
  });
  return seen;
}

describe("fetchGitHubActionsToken", () => {
  const missing =
    'OIDC auth fetches its JWT from GitHub Actions (the githubActionsAudience option), but ACTIONS_ID_TOKEN_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set: give the job "permissions: id-token: write"';

  it("either variable unset or blank: a config error naming both and the job's permission", async () => {
    for (const env of [
      { [ENV.token]: "rt" },
      { [ENV.url]: "http://127.0.0.1:9/t" },
      { [ENV.url]: "   ", [ENV.token]: "rt" },
      { [ENV.url]: "http://127.0.0.1:9/t", [ENV.token]: "  " },
    ]) {
      const err = await rejection(() => fetchGitHubActionsToken("aud", settings(env)));
      expect(err).toMatchObject({ kind: "config", reason: "config", settings: ["githubActionsAudience"] });
      expect(err.message).toBe(missing);
    }
  });

  it("a request URL that is no URL", async () => {
    const err = await rejection(() =>
      fetchGitHubActionsToken("aud", settings({ [ENV.url]: "not a url", [ENV.token]: "rt" })),
    );
    expect(err).toMatchObject({
      kind: "config",
      settings: ["githubActionsAudience"],
      message: "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL",
    });
  });

  it("trims the variables and the token; a 503 is retried; the secrets are the bearer and the token", async () => {
    const seen = await tokenService([
      { status: 503, body: "{}" },
      { status: 200, body: JSON.stringify({ value: "  zz.gha.jwt \n" }) },
    ]);
    const clock = new FakeClock();
    const got = await fetchGitHubActionsToken(
      "sts.example",
      settings({ [ENV.url]: ` ${server!.url}/_apis/token?api-version=2.0 `, [ENV.token]: " zz-rt \n" }, clock),
    );
    expect(got).toEqual({ token: "zz.gha.jwt", secrets: ["zz-rt", "zz.gha.jwt"] });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({
      url: "/_apis/token?api-version=2.0&audience=sts.example",
      authorization: "Bearer zz-rt",
    });
    expect(clock.sleeps).toHaveLength(1);
  });

  it("an answer without a usable value is refused in words naming the job's permission", async () => {
    for (const body of ["null", '"zz"', JSON.stringify({ value: "   " }), JSON.stringify({ value: 7 })]) {
      await tokenService([{ status: 200, body }]);
      const err = await rejection(() =>
        fetchGitHubActionsToken("aud", settings({ [ENV.url]: `${server!.url}/t?x=1`, [ENV.token]: "zz-rt" })),
      );
      expect(err).toMatchObject({ kind: "http", reason: "login-rejected", settings: ["githubActionsAudience"] });
      expect(err.message).toBe(
        `Could not get a GitHub Actions ID token for audience "aud" from ${server!.url}: the answer has no "value". ` +
          `The job needs "permissions: id-token: write"; ACTIONS_ID_TOKEN_REQUEST_TOKEN is valid only while the job runs.`,
      );
      await server!.close();
      server = undefined;
    }
  });

  it("a token service that cannot be reached: unreachable, retryable, the transport's code named", async () => {
    const port = await closedPort();
    const origin = `http://127.0.0.1:${port}`;
    const err = await rejection(() =>
      fetchGitHubActionsToken("aud", settings({ [ENV.url]: `${origin}/t`, [ENV.token]: "zz-rt" })),
    );
    expect(err).toMatchObject({
      kind: "network",
      reason: "unreachable",
      retryable: true,
      settings: ["githubActionsAudience"],
      message: `Could not reach GitHub Actions' token service at ${origin} (ECONNREFUSED) to get an OIDC ID token.`,
    });
    expect(err.message).not.toContain("zz-rt");
  }, 15_000);
});
