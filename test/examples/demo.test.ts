/**
 * `npm run demo` as a user runs it, its output going into a pipe (a CI log, `| tee`): every step's key lines, no
 * escape code unless FORCE_COLOR asks for colour, no literal secret anywhere, exit code 0. The emulator's state file
 * (`--data`) is made here first, so the test knows the secrets the demo runs with and can search for them.
 * Then the demo's secret checks themselves: each fails loudly on a secret where none may be.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import type { EmulatorSeed } from "../../emulator/types";
import { DemoReport, SecretLeak, type Secret, findSecret } from "../../examples/demo-report";
import { checkPulumiState } from "../../examples/pulumi/demo";
import { type StateFile, checkTerraformState } from "../../examples/terraform/demo";
import { run } from "../../tools/processes";
import { hasTerraform } from "../support/terraform";

const ROOT = path.resolve(__dirname, "../..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const ESCAPE = /\x1b\[/; // eslint-disable-line no-control-regex
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

let dir: string;
let dataFile: string;
let seed: EmulatorSeed;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "demo-test-"));
  dataFile = path.join(dir, "emulator.json");
  const emu = await startEmulator({ rateLimit: false, dataFile });
  seed = emu.seed;
  await emu.close();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `npm run demo -- <args>` with `colour` settings in place of the caller's, stdout and stderr piped. */
function demo(args: string[], colour: { NO_COLOR?: string; FORCE_COLOR?: string }) {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return run(NPM, ["run", "--silent", "demo", "--", "--data", dataFile, ...args], {
    cwd: ROOT,
    env: { ...env, ...colour },
    timeoutMs: 240_000,
  });
}

/** The literal secrets of the run, and any access token. */
function expectNoSecret(out: string): void {
  expect(out).not.toContain(seed.auth0.clientSecret);
  expect(out).not.toContain(seed.identity.clientSecret);
  expect(out).not.toMatch(JWT);
}

/** The lines between step `n`'s title and the next title (or the summary). */
function stepText(out: string, n: number): string {
  const start = out.indexOf(`▶ ${n}. `);
  expect(start, `step ${n} missing:\n${out}`).toBeGreaterThanOrEqual(0);
  const next = out.slice(start + 1).search(/\n(▶ \d+\. |Summary\n)/);
  return next < 0 ? out.slice(start) : out.slice(start, start + 1 + next);
}

describe.skipIf(!hasTerraform)("npm run demo, piped, NO_COLOR", () => {
  it("runs every step, says what each one changed and called, and never shows a secret", async () => {
    const r = await demo([], { NO_COLOR: "1" });
    expect(r.status, r.out).toBe(0);
    expect(r.out).not.toMatch(ESCAPE);
    expectNoSecret(r.out);
    const out = r.stdout;

    expect(out).toContain("called as the engine calls it");
    expect(out).not.toMatch(/pulumi (up|preview)/);
    let s = stepText(out, 1);
    expect(s).toContain("Pulumi · create: Check, Create");
    expect(s).toMatch(/^ {4}\+ auth0-org {2}create/m);
    expect(s).toMatch(/^ {4}\+ auth0-project {2}create/m);
    expect(s).toContain("universal-auth login 200");
    expect(s).toContain("POST /app-connections/auth0 200 {name, method, credentials, description}");

    s = stepText(out, 2);
    expect(s).toContain("preview, nothing changed: Check, Diff");
    expect(s).toContain("auth0-org  no changes  Diff: none");
    expect(s).toContain("API calls (0): none");

    s = stepText(out, 3);
    expect(s).toMatch(/^ {4}~ auth0-org {2}update$/m);
    expect(s).toContain(`~ description: "Auth0 tenant for organization-wide secret rotation" => "Edited in code"`);
    expect(s).not.toContain("clientSecret");
    expect(s).toContain("API calls (1): PATCH /app-connections/auth0/:id 200 {description}");

    s = stepText(out, 4);
    expect(s).toContain(`~ name: "auth0-org" => "renamed-in-ui"`);
    expect(s).toContain(`~ name: "renamed-in-ui" => "auth0-org"`);
    expect(s).toContain("GET /app-connections/auth0/:id 200, PATCH /app-connections/auth0/:id 200 {name}");

    s = stepText(out, 5);
    expect(s).toMatch(/^ {3}\+- auth0-project {2}replace {2}Diff replaces: projectId/m);
    expect(s).toContain(`~ projectId: "${seed.projectId}" => "`);
    expect(s).toMatch(
      /POST \/app-connections\/auth0 200 \{[^}]*projectId\},\s+DELETE \/app-connections\/auth0\/:id 200/,
    );

    s = stepText(out, 6);
    expect(s).toMatch(/credentials\.clientSecret +\[secret\] +the Auth0 client secret/);
    expect(s).toMatch(/clientSecretFingerprint +\[secret\] +v1:<salt>:<sha256>/);
    expect(s).toMatch(/__provider +\d+ bytes of code +loads "infisical-auth0-iac\/pulumi\/runtime"/);
    expect(s).toContain("none is there in clear");

    s = stepText(out, 7);
    expect(s).toMatch(/^ {4}- auth0-org {2}delete/m);
    expect(s).toContain("2 × DELETE /app-connections/auth0/:id 200");
    expect(s).toContain("Auth0 connections left in Infisical: 0");

    s = stepText(out, 8);
    expect(s).toContain("$ terraform apply -auto-approve");
    // The plan as Terraform prints it: nesting kept.
    expect(s).toContain(`\n      + resource "infisicalauth0_app_connection" "org" {\n`);
    expect(s).toMatch(/^ {14}\+ client_secret_wo += \(sensitive, write-only attribute\)$/m);
    expect(s).toContain("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");

    expect(stepText(out, 9)).toContain("No changes. Your infrastructure matches the configuration.");

    s = stepText(out, 10);
    expect(s).toMatch(/credentials\.client_secret_wo +null +write-only/);
    // Since the provider stores private state only to record a credential rewrite made outside Terraform: none here.
    expect(s).toMatch(/private \(base64 in the file; decoded\) +\(none\) +written only to record a credential rewrite/);
    expect(s).toContain("no identity client secret, no access token");

    s = stepText(out, 11);
    expect(s).toMatch(/^ {10}~ description += "edited in the UI" -> "Auth0 Management API, for every project"$/m);
    expect(s).toContain("Plan: 0 to add, 1 to change, 0 to destroy.");
    expect(stepText(out, 12)).toContain("Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
    s = stepText(out, 13);
    expect(s).toContain("Destroy complete! Resources: 2 destroyed.");
    expect(s).toContain("Auth0 connections left in Infisical: 0");

    const summary = out.slice(out.indexOf("\nSummary\n"));
    expect(summary).toMatch(/^ {2}13\. Terraform · destroy +\d+ +[\d.]+ s$/m);
    expect(summary).toMatch(/13 steps, \d+ API calls to Infisical \(\d+ logins\), [\d.]+ s wall time/);
  }, 300_000);
});

describe("npm run demo, piped, FORCE_COLOR", () => {
  it("colours its output when asked to", async () => {
    const r = await demo(["--only", "pulumi"], { FORCE_COLOR: "1" });
    expect(r.status, r.out).toBe(0);
    expect(r.stdout).toMatch(/\x1b\[1m\x1b\[36m▶ 1\. Pulumi · create/); // eslint-disable-line no-control-regex
    expect(r.stdout).toMatch(/\x1b\[32m \+ auth0-org {2}create/); // eslint-disable-line no-control-regex
    expectNoSecret(r.out);
  }, 240_000);
});

describe("the demo's secret checks", () => {
  const secrets: Secret[] = [{ label: "the Auth0 client secret", value: "s3cr3t-value-for-the-check" }];

  it("refuses to print a line holding a secret or a token, and prints nothing of it", () => {
    const written: string[] = [];
    const report = new DemoReport({} as never, secrets, (text) => written.push(text));
    report.say("plain");
    expect(() => report.say("x s3cr3t-value-for-the-check y")).toThrow(
      new SecretLeak("SECRET IN CLEAR: the Auth0 client secret appears in the demo's output"),
    );
    expect(() => report.say("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4eHh4eCJ9.c2lnbmF0dXJlLXZhbHVl")).toThrow(
      SecretLeak,
    );
    expect(written).toEqual(["plain\n"]);
    expect(findSecret("nothing here", secrets)).toBeUndefined();
  });

  it("fails on a Pulumi state whose secret input is not marked secret, or whose __provider captured one", () => {
    const declared = {
      type: "t",
      name: "auth0-org",
      inputs: {},
      secretInputs: [["credentials", "clientSecret"]],
      additionalSecretOutputs: ["clientSecretFingerprint"],
    };
    const inputs = { name: "a", credentials: { clientSecret: "s3cr3t-value-for-the-check" }, __provider: "code" };
    const outs = { name: "a", clientSecretFingerprint: "v1:x", __provider: "code" };
    expect(() => checkPulumiState({ declared, inputs, outs }, secrets)).not.toThrow();
    expect(() => checkPulumiState({ declared: { ...declared, secretInputs: [] }, inputs, outs }, secrets)).toThrow(
      /SECRET IN CLEAR: the Auth0 client secret appears in the Pulumi state of auth0-org .*\(inputs\)/,
    );
    const captured = { ...outs, __provider: 'const secret = "s3cr3t-value-for-the-check"' };
    expect(() => checkPulumiState({ declared, inputs, outs: captured }, secrets)).toThrow(/\(outputs\)/);
  });

  it("fails on a Terraform state holding a secret anywhere but org's client_secret, private state included", () => {
    const instance = (name: string, credentials: Record<string, unknown>, privateText = "{}") => ({
      type: "infisicalauth0_app_connection",
      name,
      instances: [{ attributes: { credentials }, private: Buffer.from(privateText).toString("base64") }],
    });
    const state = (project: ReturnType<typeof instance>): StateFile => ({
      outputs: {},
      resources: [instance("org", { client_secret: "s3cr3t-value-for-the-check" }), project],
    });
    expect(() => checkTerraformState(state(instance("project", { client_secret: null })), secrets)).not.toThrow();
    expect(() =>
      checkTerraformState(state(instance("project", { client_secret_wo: "s3cr3t-value-for-the-check" })), secrets),
    ).toThrow(/terraform\.tfstate/);
    expect(() =>
      checkTerraformState(state(instance("project", {}, '{"x":"s3cr3t-value-for-the-check"}')), secrets),
    ).toThrow(/the private state of infisicalauth0_app_connection\.project/);
  });
});
