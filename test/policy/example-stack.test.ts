/**
 * The examples hold together: the example Pulumi program's resources, as the engine would send them, pass the
 * example policy pack with the example policy config (`pulumi preview --policy-pack examples/policy-pack
 * --policy-pack-config examples/policy-pack/policy-config.json`), and the config is what makes the org-level one pass.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeclaredResource, EXAMPLE_PROJECT, exampleProgramResources } from "../../tools/pulumi-program";
import { type PolicyInfo, PolicyPackHost } from "./analyzer-host";
import { type UserConfig, engineConfig } from "./engine-config";

const PACK_DIR = path.resolve(__dirname, "../../examples/policy-pack");
const STACK = "prod";

let host: PolicyPackHost;
let policies: PolicyInfo[];
let resources: DeclaredResource[];

beforeAll(async () => {
  resources = await exampleProgramResources(
    {
      [`${EXAMPLE_PROJECT}:auth0Domain`]: "acme.eu.auth0.com",
      [`${EXAMPLE_PROJECT}:auth0ClientId`]: "m2m-client",
      [`${EXAMPLE_PROJECT}:auth0ClientSecret`]: "example-secret-value",
      [`${EXAMPLE_PROJECT}:projectId`]: "8b0d5b1e-0000-4000-8000-000000000001",
    },
    STACK,
  );
  host = await PolicyPackHost.start(PACK_DIR, { PULUMI_NODEJS_STACK: STACK, PULUMI_NODEJS_PROJECT: EXAMPLE_PROJECT });
  policies = (await host.getAnalyzerInfo()).policies;
}, 120_000);

afterAll(async () => {
  await host?.stop();
});

async function violations(user: UserConfig) {
  const result = engineConfig(policies, user);
  if ("errors" in result) throw new Error(result.errors.join("; "));
  await host.configure(result.config);
  const connections = resources.map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
  const perResource = await Promise.all(connections.map((r) => host.analyze(r)));
  return [...perResource.flat(), ...(await host.analyzeStack(connections))];
}

describe("the example stack under the example policy pack", () => {
  it("declares two Auth0AppConnections", () => {
    expect(resources.map((r) => [r.type, r.name])).toEqual([
      ["pulumi-nodejs:dynamic/infisical:Auth0AppConnection", "auth0-org"],
      ["pulumi-nodejs:dynamic/infisical:Auth0AppConnection", "auth0-project"],
    ]);
  });

  it("passes with the example policy config", async () => {
    const config = JSON.parse(readFileSync(path.join(PACK_DIR, "policy-config.json"), "utf8")) as UserConfig;
    expect(await violations(config)).toEqual([]);
  });

  it("fails the scope policy for the org-level connection without it", async () => {
    const found = await violations({});
    expect(found.map((d) => [d.policyName, d.enforcementLevel])).toEqual([
      ["infisical-auth0-connection-scope", "mandatory"],
    ]);
    expect(found[0]?.message).toContain("auth0-org");
  });
});
