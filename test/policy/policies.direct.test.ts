/** Edge cases, calling validateResource / remediateResource / validateStack directly. */
import {
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { afterEach, describe, expect, it } from "vitest";
import {
  AUTH0_APP_CONNECTION_TYPE,
  PolicyConfigError,
  audiencePolicy,
  auth0AppConnectionPolicies,
  connectionDescriptionPolicy,
  connectionNameFormatPolicy,
  connectionScopePolicy,
  deploymentContext,
  expandNamePattern,
  tenantAllowlistPolicy,
  uniqueConnectionNamesPolicy,
} from "../../provider/policy";
import { hostMatches, tenantHost } from "../../provider/policy/tenant";
import { CLIENT_SECRET, type ConnectionInputs, inputs } from "./fixtures";

import { PULUMI_UNKNOWN as UNKNOWN_STRING } from "../../provider/pulumi/unknown";

function resourceArgs(props: object, config: object = {}, name = "main"): ResourceValidationArgs {
  return {
    type: AUTH0_APP_CONNECTION_TYPE,
    props: props as Record<string, unknown>,
    urn: `urn:pulumi:dev::billing::${AUTH0_APP_CONNECTION_TYPE}::${name}`,
    name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as unknown as ResourceValidationArgs;
}

async function validate(policy: ResourceValidationPolicy, props: object, config: object = {}, name = "main") {
  const messages: string[] = [];
  const validation = policy.validateResource;
  for (const v of Array.isArray(validation) ? validation : [validation!]) {
    await v(resourceArgs(props, config, name), (message) => messages.push(message));
  }
  return messages;
}

function stackResource(overrides: ConnectionInputs, name: string): PolicyResource {
  return {
    type: AUTH0_APP_CONNECTION_TYPE,
    props: inputs(overrides),
    urn: `urn:${name}`,
    name,
    dependencies: [],
    propertyDependencies: {},
  } as unknown as PolicyResource;
}

async function validateStack(policy: StackValidationPolicy, resources: PolicyResource[], config: object = {}) {
  const reports: { message: string; urn?: string }[] = [];
  await policy.validateStack({ resources, getConfig: <T extends object>() => config as T } as never, (message, urn) =>
    reports.push({ message: String(message), urn }),
  );
  return reports;
}

afterEach(() => {
  delete process.env.PULUMI_NODEJS_STACK;
  delete process.env.PULUMI_NODEJS_PROJECT;
  delete process.env.PULUMI_STACK;
  delete process.env.PULUMI_PROJECT;
});

describe("the exported set", () => {
  it("holds every policy once, with unique names", () => {
    const names = auth0AppConnectionPolicies.map((p) => p.name);
    expect(new Set(names).size).toBe(6);
  });

  it("every policy passes the compliant connection under its defaults", async () => {
    for (const policy of auth0AppConnectionPolicies) {
      if ("validateResource" in policy) expect(await validate(policy, inputs())).toEqual([]);
    }
  });
});

describe("unknown values", () => {
  it("reads around the SDK's unknown-checking proxy instead of letting it throw", async () => {
    const props = unknownCheckingProxy(
      inputs({ name: UNKNOWN_STRING, projectId: undefined, description: UNKNOWN_STRING }),
    );
    expect(await validate(connectionNameFormatPolicy({ pattern: "^x-" }), props)).toEqual([]);
    expect(await validate(connectionScopePolicy(), props)).toEqual([]);
    expect(await validate(connectionDescriptionPolicy(), props)).toEqual([]);
  });

  it("treats the sentinel string as unknown without a proxy too", async () => {
    expect(await validate(tenantAllowlistPolicy(), inputs({ credentials: { domain: UNKNOWN_STRING } }))).toEqual([]);
    expect(
      await validate(audiencePolicy({ rule: "listed" }), inputs({ credentials: { audience: UNKNOWN_STRING } })),
    ).toEqual([]);
  });
});

describe("name format", () => {
  it("uses the logical name when the inputs have none", async () => {
    const messages = await validate(connectionNameFormatPolicy(), inputs({ name: undefined }), {}, "Main_Conn");
    expect(messages[0]).toContain('"Main_Conn"');
    expect(messages[0]).toContain('"main-conn"');
  });

  it("takes the stack and project from the engine's environment, as slugs", () => {
    process.env.PULUMI_STACK = "EU_Prod";
    process.env.PULUMI_NODEJS_PROJECT = "Billing.API";
    expect(deploymentContext()).toEqual({ stack: "EU_Prod", project: "Billing.API" });
    expect(expandNamePattern("^{project}-{stack}-", deploymentContext()).source).toBe("^billing-api-eu-prod-");
  });

  it("refuses a pattern with a placeholder it cannot fill", () => {
    expect(() => expandNamePattern("^{stack}-", { stack: undefined, project: "p" })).toThrow(PolicyConfigError);
    expect(() => expandNamePattern("^{stack}-", { stack: undefined, project: "p" })).toThrow(/PULUMI_STACK/);
  });

  it("factory defaults apply, and the policy config overrides them", async () => {
    process.env.PULUMI_NODEJS_STACK = "dev";
    process.env.PULUMI_NODEJS_PROJECT = "billing";
    const policy = connectionNameFormatPolicy({ pattern: "^team-" });
    expect(policy.configSchema!.properties.pattern!.default).toBe("^team-");
    expect(await validate(policy, inputs({ name: "team-auth0" }))).toEqual([]);
    expect(await validate(policy, inputs({ name: "other-auth0" }))).toEqual([
      expect.stringContaining('e.g. to "team-other-auth0"'),
    ]);
    expect(await validate(policy, inputs({ name: "team-auth0" }), { pattern: "-{stack}$" })).toEqual([
      expect.stringContaining('(for this stack: "-dev$")'),
    ]);
  });

  it("suggests no rename it cannot vouch for", async () => {
    const [message] = await validate(connectionNameFormatPolicy({ pattern: "[0-9]$" }), inputs({ name: "auth" }));
    expect(message).toContain('Fix: Rename it so that it matches "[0-9]$"');
  });

  it("rejects a misspelt config key", async () => {
    await expect(validate(connectionNameFormatPolicy(), inputs(), { patern: "^x" })).rejects.toThrow(/patern/);
  });

  it("remediation trims and otherwise leaves the inputs alone", () => {
    const policy = connectionNameFormatPolicy();
    const props = inputs({ name: " billing-dev-auth0 " });
    expect(policy.remediateResource!(resourceArgs(props))).toEqual(inputs());
    expect(policy.remediateResource!(resourceArgs(inputs()))).toBeUndefined();
    expect(policy.remediateResource!(resourceArgs(inputs({ name: UNKNOWN_STRING })))).toBeUndefined();
  });
});

describe("description", () => {
  it("counts the trimmed length and reports surrounding whitespace separately", async () => {
    const messages = await validate(connectionDescriptionPolicy({ minLength: 5 }), inputs({ description: "  abcd  " }));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain("description of 4 characters");
    expect(messages[1]).toContain("leading or trailing whitespace");
  });

  it("a whitespace-only description is a missing one", async () => {
    expect(await validate(connectionDescriptionPolicy(), inputs({ description: "   " }))).toEqual([
      expect.stringContaining("has no description"),
    ]);
  });
});

describe("tenants and audiences", () => {
  it.each([
    ["acme.auth0.com", "*.auth0.com", true],
    ["acme.eu.auth0.com", "*.auth0.com", false],
    ["acme.eu.auth0.com", "*.*.auth0.com", true],
    ["auth0.com", "*.auth0.com", false],
    ["evilauth0.com", "*.auth0.com", false],
    ["login.acme.com", "login.acme.com", true],
  ])("%s against %s: %s", (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });

  it("reads the domain the way Infisical does", () => {
    expect(tenantHost(" https://ACME.auth0.com/ ")).toEqual({ host: "acme.auth0.com", insecure: false });
    expect(tenantHost("acme.auth0.com")).toEqual({ host: "acme.auth0.com", insecure: false });
    expect(tenantHost("http://acme.auth0.com")).toEqual({ host: "acme.auth0.com", insecure: true });
    expect(tenantHost("acme.auth0.com/api")).toHaveProperty("problem");
    expect(tenantHost("")).toHaveProperty("problem");
  });

  it("never remediates to another tenant", () => {
    const policy = tenantAllowlistPolicy();
    expect(
      policy.remediateResource!(resourceArgs(inputs({ credentials: { domain: "http://acme.auth0.com" } }))),
    ).toBeUndefined();
    const fixed = policy.remediateResource!(resourceArgs(inputs({ credentials: { domain: "ACME.auth0.com" } })));
    expect((fixed as { credentials: { domain: string; clientSecret: string } }).credentials).toMatchObject({
      domain: "acme.auth0.com",
      clientSecret: CLIENT_SECRET,
    });
  });

  it("waits for a valid domain before comparing the audience with it", async () => {
    expect(
      await validate(audiencePolicy(), inputs({ credentials: { domain: "a/b/c", audience: "https://x/" } })),
    ).toEqual([]);
  });
});

describe("unique names", () => {
  it("reports every duplicate after the first, each with its URN", async () => {
    const reports = await validateStack(uniqueConnectionNamesPolicy(), [
      stackResource({}, "a"),
      stackResource({}, "b"),
      stackResource({}, "c"),
      stackResource({ name: "other" }, "d"),
    ]);
    expect(reports.map((r) => r.urn)).toEqual(["urn:b", "urn:c"]);
    expect(reports[0]!.message).toContain("3 connections use the name");
  });

  it("treats an empty projectId as org-level", async () => {
    const reports = await validateStack(uniqueConnectionNamesPolicy(), [
      stackResource({ projectId: "" }, "a"),
      stackResource({ projectId: undefined }, "b"),
    ]);
    expect(reports.map((r) => r.urn)).toEqual(["urn:b"]);
  });
});

describe("agreement with the resource", () => {
  it("targets the type token the resource registers", async () => {
    const resource = await import("../../provider/pulumi/resource");
    expect(AUTH0_APP_CONNECTION_TYPE).toBe(resource.AUTH0_APP_CONNECTION_TYPE);
  });
});
