// AWS IAM auth without the AWS SDK's optional peer packages: a child Node process (tsx, the client's sources) in which
// resolving one of them fails, as in an install without them. The login is a config error naming every package to
// install; any other failure to load them is passed on as it is. Out of process: a module cache cannot forget the
// SDK once another test has loaded it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_SDK_PACKAGES } from "../../provider/infisical/logins";

const CLIENT = resolve(__dirname, "../../provider/infisical/index.ts");

/** Resolving `argv[3]` fails (with MODULE_NOT_FOUND, or a plain error when `argv[4]` is "plain"); then one login. */
const SCRIPT = `
const Module = require("node:module");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === process.argv[3]) {
    const err = new Error("Cannot find module '" + request + "'");
    if (process.argv[4] !== "plain") err.code = "MODULE_NOT_FOUND";
    throw err;
  }
  return resolveFilename.call(this, request, ...rest);
};
const { InfisicalClient, resolveSettings } = require(process.argv[2]);
const settings = { host: "http://127.0.0.1:9", authMethod: "aws-iam", identityId: "id-1", maxRetries: 0 };
const c = new InfisicalClient(resolveSettings(settings, {}));
c.getAppConnectionOptions().then(
  () => console.log(JSON.stringify({ ok: true })),
  (e) => console.log(JSON.stringify({ name: e.name, code: e.code, reason: e.reason, settings: e.settings, message: e.message })),
).finally(() => c.close());
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aws-sdk-missing-"));
  writeFileSync(join(dir, "run.cjs"), SCRIPT);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function login(blocked: string, mode = "missing"): Record<string, unknown> {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(dir, "run.cjs"), CLIENT, blocked, mode], {
    cwd: resolve(__dirname, "../.."),
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

describe("AWS IAM auth without the AWS SDK", () => {
  it("a missing SDK package: a config error naming every package to install", () => {
    expect(login("@smithy/signature-v4")).toEqual({
      name: "InfisicalApiError",
      reason: "config",
      settings: ["authMethod"],
      message:
        "AWS IAM auth signs its login with the AWS SDK, whose packages are optional peer dependencies of " +
        "infisical-auth0-iac and are not installed here. Install them beside it: npm install " +
        AWS_SDK_PACKAGES.join(" "),
    });
  }, 90_000);

  it("another failure to load the SDK is passed on unchanged", () => {
    expect(login("@smithy/signature-v4", "plain")).toEqual({
      name: "Error",
      message: "Cannot find module '@smithy/signature-v4'",
    });
  }, 90_000);
});
