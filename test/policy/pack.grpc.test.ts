/**
 * The example pack, spawned as the Pulumi CLI spawns it, driven over gRPC with the engine's calls: GetAnalyzerInfo,
 * Configure (with the config the CLI builds from defaults + --policy-pack-config), Analyze, Remediate, AnalyzeStack.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AUDIENCE_POLICY,
  DESCRIPTION_POLICY,
  NAME_FORMAT_POLICY,
  SCOPE_POLICY,
  TENANT_ALLOWLIST_POLICY,
  UNIQUE_NAMES_POLICY,
} from "../../provider/policy";
import { type Diagnostic, type PolicyInfo, PolicyPackHost, UNKNOWN_STRING, secretValue, urnOf } from "./analyzer-host";
import { type UserConfig, engineConfig } from "./engine-config";
import { CLIENT_SECRET, connection } from "./fixtures";

const PACK_DIR = path.resolve(__dirname, "../../examples/policy-pack");
const ALL_POLICIES = [
  NAME_FORMAT_POLICY,
  DESCRIPTION_POLICY,
  TENANT_ALLOWLIST_POLICY,
  AUDIENCE_POLICY,
  SCOPE_POLICY,
  UNIQUE_NAMES_POLICY,
];

let host: PolicyPackHost;
let policies: PolicyInfo[];
const seen: string[] = [];

beforeAll(async () => {
  // The engine passes the stack and project like this (pkg/resource/plugin/analyzer_plugin.go, constructEnv).
  host = await PolicyPackHost.start(PACK_DIR, { PULUMI_NODEJS_STACK: "dev", PULUMI_NODEJS_PROJECT: "billing" });
  policies = (await host.getAnalyzerInfo()).policies;
}, 120_000);

afterAll(async () => {
  await host?.stop();
});

async function configure(user: UserConfig = {}): Promise<void> {
  const result = engineConfig(policies, user);
  if ("errors" in result) throw new Error(result.errors.join("; "));
  await host.configure(result.config);
}

async function analyze(...args: Parameters<typeof connection>): Promise<Diagnostic[]> {
  const diagnostics = await host.analyze(connection(...args));
  seen.push(...diagnostics.map((d) => d.message));
  return diagnostics;
}

const byPolicy = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.policyName).sort();

describe("GetAnalyzerInfo", () => {
  it("describes the pack and every policy with its level and config schema", async () => {
    const info = await host.getAnalyzerInfo();
    expect(info.name).toBe("infisical-auth0");
    expect(info.version).toBe("0.1.0");
    expect(info.policies.map((p) => p.name)).toEqual(ALL_POLICIES);
    expect(Object.fromEntries(info.policies.map((p) => [p.name, [p.type, p.enforcementLevel]]))).toEqual({
      [NAME_FORMAT_POLICY]: ["resource", "mandatory"],
      [DESCRIPTION_POLICY]: ["resource", "advisory"],
      [TENANT_ALLOWLIST_POLICY]: ["resource", "mandatory"],
      [AUDIENCE_POLICY]: ["resource", "mandatory"],
      [SCOPE_POLICY]: ["resource", "mandatory"],
      [UNIQUE_NAMES_POLICY]: ["stack", "mandatory"],
    });
    const keys = Object.fromEntries(info.policies.map((p) => [p.name, Object.keys(p.configSchema!.properties).sort()]));
    expect(keys).toEqual({
      [NAME_FORMAT_POLICY]: ["pattern"],
      [DESCRIPTION_POLICY]: ["minLength"],
      [TENANT_ALLOWLIST_POLICY]: ["allowedDomains"],
      [AUDIENCE_POLICY]: ["allowedAudiences", "rule"],
      [SCOPE_POLICY]: ["allowedOrgLevelNames", "allowedProjectIds"],
      [UNIQUE_NAMES_POLICY]: ["acrossScopes"],
    });
    const tenant = info.policies.find((p) => p.name === TENANT_ALLOWLIST_POLICY)!;
    expect(tenant.configSchema!.properties.allowedDomains!.default).toEqual(["*.auth0.com", "*.*.auth0.com"]);
  });
});

describe("Analyze with the default config", () => {
  beforeAll(() => configure());

  it("passes a compliant connection", async () => {
    expect(await analyze()).toEqual([]);
  });

  it("ignores resources of other types", async () => {
    const other = { type: "aws:s3/bucket:Bucket", name: "b", props: { name: "Not A Slug" } };
    expect(await host.analyze(other)).toEqual([]);
  });

  it.each([
    [
      NAME_FORMAT_POLICY,
      { name: "Auth0 Prod" },
      ['"Auth0 Prod"', "can only contain lowercase", 'e.g. to "auth0-prod"'],
    ],
    [NAME_FORMAT_POLICY, { name: "a".repeat(65) }, ["at most 64", "Rule: Infisical names"]],
    [
      NAME_FORMAT_POLICY,
      { name: " billing-dev-auth0 " },
      ["leading or trailing whitespace", 'Use "billing-dev-auth0"'],
    ],
    [
      DESCRIPTION_POLICY,
      { description: undefined },
      ['Connection "billing-dev-auth0" has no description', "At least 20"],
    ],
    [DESCRIPTION_POLICY, { description: "auth0" }, ["description of 5 characters", "Fix: Say which team"]],
    [DESCRIPTION_POLICY, { description: "x".repeat(257) }, ["Description cannot exceed 256 characters"]],
    [
      TENANT_ALLOWLIST_POLICY,
      { credentials: { domain: "acme.auth0.co", audience: "https://acme.auth0.co/api/v2/" } },
      ['tenant "acme.auth0.co", which is not approved', '"*.auth0.com", "*.*.auth0.com"'],
    ],
    [TENANT_ALLOWLIST_POLICY, { credentials: { domain: "acme.auth0.com/login" } }, ["not a tenant host", "path"]],
    [
      AUDIENCE_POLICY,
      { credentials: { audience: "https://billing-dev.eu.auth0.com/api/v2" } },
      [
        'must be exactly "https://billing-dev.eu.auth0.com/api/v2/"',
        'Set credentials.audience to "https://billing-dev.eu.auth0.com/api/v2/"',
      ],
    ],
    [AUDIENCE_POLICY, { credentials: { audience: "billing api" } }, ["not a URL", "Invalid url"]],
    [
      SCOPE_POLICY,
      { projectId: undefined },
      ['"billing-dev-auth0" is org-level', "allowedOrgLevelNames: none", "Set projectId"],
    ],
  ] as const)("%s reports %j", async (policy, overrides, words) => {
    const diagnostics = await analyze(overrides);
    expect(byPolicy(diagnostics)).toEqual([policy]);
    const [d] = diagnostics;
    for (const w of words) expect(d!.message).toContain(w);
    expect(d!.message).toMatch(/\nRule: .+\nFix: .+/);
  });

  it("reports plain http:// but still recognises the approved tenant", async () => {
    const diagnostics = await analyze({ credentials: { domain: "http://billing-dev.eu.auth0.com" } });
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining("plain http://")]);
  });

  it("falls back to the logical name when the inputs carry none", async () => {
    const diagnostics = await analyze({ name: undefined, projectId: undefined }, "Shared Tenant");
    expect(byPolicy(diagnostics)).toEqual([NAME_FORMAT_POLICY, SCOPE_POLICY]);
    expect(diagnostics[0]!.message).toContain('"Shared Tenant"');
  });

  it("reports each problem once, at the policy's level", async () => {
    const diagnostics = await analyze({
      name: "Bad Name",
      description: "",
      projectId: undefined,
      credentials: { domain: "evil.example.com", audience: "https://evil.example.com/" },
    });
    expect(diagnostics.map((d) => [d.policyName, d.enforcementLevel]).sort()).toEqual(
      [
        [AUDIENCE_POLICY, "mandatory"],
        [DESCRIPTION_POLICY, "advisory"],
        [NAME_FORMAT_POLICY, "mandatory"],
        [SCOPE_POLICY, "mandatory"],
        [TENANT_ALLOWLIST_POLICY, "mandatory"],
      ].sort(),
    );
  });
});

describe("enforcement levels from the policy config", () => {
  const bad = { name: "Bad Name", description: "" };

  it.each(["advisory", "mandatory"] as const)("reports at %s", async (level) => {
    await configure({ [NAME_FORMAT_POLICY]: level, [DESCRIPTION_POLICY]: { enforcementLevel: level } });
    const diagnostics = await analyze(bad);
    expect(diagnostics.map((d) => [d.policyName, d.enforcementLevel]).sort()).toEqual([
      [DESCRIPTION_POLICY, level],
      [NAME_FORMAT_POLICY, level],
    ]);
  });

  it("reports nothing when disabled", async () => {
    await configure({ [NAME_FORMAT_POLICY]: "disabled", [DESCRIPTION_POLICY]: "disabled" });
    expect(await analyze(bad)).toEqual([]);
  });

  it("disables a stack policy too", async () => {
    await configure({ [UNIQUE_NAMES_POLICY]: "disabled" });
    expect(await host.analyzeStack([connection({}, "a"), connection({}, "b")])).toEqual([]);
  });

  it("remediates whitespace in name and description and the spelling of the domain, keeping the secret secret", async () => {
    await configure({
      [NAME_FORMAT_POLICY]: "remediate",
      [DESCRIPTION_POLICY]: "remediate",
      [TENANT_ALLOWLIST_POLICY]: "remediate",
    });
    const remediations = await host.remediate(
      connection({
        name: "  billing-dev-auth0\n",
        description: " Auth0 Management API of the billing team's dev tenant ",
        credentials: { domain: "https://Billing-Dev.eu.auth0.com/" },
      }),
    );
    expect(remediations.map((r) => r.policyName)).toEqual([
      NAME_FORMAT_POLICY,
      DESCRIPTION_POLICY,
      TENANT_ALLOWLIST_POLICY,
    ]);
    const final = remediations.at(-1)!.properties as Record<string, unknown> & { credentials: Record<string, unknown> };
    expect(final.name).toBe("billing-dev-auth0");
    expect(final.description).toBe("Auth0 Management API of the billing team's dev tenant");
    expect(final.credentials.domain).toBe("billing-dev.eu.auth0.com");
    expect(final.credentials.clientSecret).toEqual(secretValue(CLIENT_SECRET));
    // The engine analyzes the remediated inputs: clean.
    expect(await host.analyze({ ...connection(), props: final })).toEqual([]);
  });

  it("a remediate-level policy still reports what it cannot fix, as mandatory", async () => {
    await configure({ [NAME_FORMAT_POLICY]: "remediate" });
    expect(await host.remediate(connection({ name: "Bad Name" }))).toEqual([]);
    const diagnostics = await analyze({ name: "Bad Name" });
    expect(diagnostics.map((d) => [d.policyName, d.enforcementLevel])).toEqual([[NAME_FORMAT_POLICY, "mandatory"]]);
  });
});

describe("custom config", () => {
  it("name pattern with {project} and {stack} placeholders", async () => {
    await configure({ [NAME_FORMAT_POLICY]: { pattern: "^{project}-{stack}-" } });
    expect(await analyze({ name: "billing-dev-auth0" })).toEqual([]);
    const [d, ...rest] = await analyze({ name: "auth0-main" });
    expect(rest).toEqual([]);
    expect(d!.message).toContain(
      'does not match the required pattern "^{project}-{stack}-" (for this stack: "^billing-dev-")',
    );
    expect(d!.message).toContain('e.g. to "billing-dev-auth0-main"');
  });

  it("a stricter description length", async () => {
    await configure({ [DESCRIPTION_POLICY]: { minLength: 60 } });
    const diagnostics = await analyze();
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining("At least 60 characters")]);
  });

  it("an allowlist of exact tenants and wildcards", async () => {
    await configure({ [TENANT_ALLOWLIST_POLICY]: { allowedDomains: ["acme.auth0.com", "*.us.auth0.com"] } });
    expect(
      await analyze({ credentials: { domain: "acme.auth0.com", audience: "https://acme.auth0.com/api/v2/" } }),
    ).toEqual([]);
    expect(
      await analyze({ credentials: { domain: "x.us.auth0.com", audience: "https://x.us.auth0.com/api/v2/" } }),
    ).toEqual([]);
    const diagnostics = await analyze();
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('"billing-dev.eu.auth0.com", which is not approved'),
    ]);
    expect(diagnostics[0]!.message).toContain('"acme.auth0.com", "*.us.auth0.com"');
  });

  it("audience rules: same-tenant, listed, extra audiences", async () => {
    await configure({ [AUDIENCE_POLICY]: { rule: "same-tenant" } });
    expect(await analyze({ credentials: { audience: "https://billing-dev.eu.auth0.com/userinfo" } })).toEqual([]);
    expect(byPolicy(await analyze({ credentials: { audience: "https://other.eu.auth0.com/api/v2/" } }))).toEqual([
      AUDIENCE_POLICY,
    ]);
    await configure({
      [AUDIENCE_POLICY]: {
        rule: "listed",
        allowedAudiences: ["https://{domain}/api/v2/", "https://api.billing.example"],
      },
    });
    expect(await analyze({ credentials: { audience: "https://api.billing.example" } })).toEqual([]);
    expect(await analyze()).toEqual([]);
    expect(byPolicy(await analyze({ credentials: { audience: "https://billing-dev.eu.auth0.com/userinfo" } }))).toEqual(
      [AUDIENCE_POLICY],
    );
    await configure({ [AUDIENCE_POLICY]: { rule: "any" } });
    expect(await analyze({ credentials: { audience: "https://anything.example/" } })).toEqual([]);
  });

  it("org-level connections allowed by name, projects restricted", async () => {
    await configure({
      [SCOPE_POLICY]: { allowedOrgLevelNames: ["shared-auth0"], allowedProjectIds: ["proj-billing"] },
    });
    expect(await analyze({ name: "shared-auth0", projectId: undefined })).toEqual([]);
    expect(await analyze()).toEqual([]);
    const diagnostics = await analyze({ projectId: "proj-other" });
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('project "proj-other", which is not approved'),
    ]);
  });
});

describe("the documented example config", () => {
  it("passes the CLI's schema check and runs", async () => {
    const doc = readFileSync(path.resolve(__dirname, "../../guides/policy.md"), "utf8");
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)![1]!) as UserConfig;
    await configure(example);
    const diagnostics = await analyze();
    // The example approves other tenants than the fixture's: exactly that is reported.
    expect(byPolicy(diagnostics)).toEqual([TENANT_ALLOWLIST_POLICY]);
  });
});

describe("config that fails its schema", () => {
  it.each([
    [{ [DESCRIPTION_POLICY]: { minLength: "ten" } }, "/minLength must be integer"],
    [{ [DESCRIPTION_POLICY]: { minLength: 0 } }, "/minLength must be >= 1"],
    [{ [TENANT_ALLOWLIST_POLICY]: { allowedDomains: ["*.AUTH0.com"] } }, "/allowedDomains/0 must match pattern"],
    [{ [AUDIENCE_POLICY]: { rule: "whatever" } }, "/rule must be equal to one of the allowed values"],
    [{ [SCOPE_POLICY]: { allowedOrgLevelNames: "shared" } }, "/allowedOrgLevelNames must be array"],
    [{ [UNIQUE_NAMES_POLICY]: { acrossScopes: "yes" } }, "/acrossScopes must be boolean"],
  ] as const)("the CLI rejects %j", (user, words) => {
    const result = engineConfig(policies, user as UserConfig);
    expect("errors" in result && result.errors.join("\n")).toContain(words);
  });

  it("the pack itself refuses a bad config that reaches it, naming the policy and the key", async () => {
    await host.configure({ [DESCRIPTION_POLICY]: { enforcementLevel: "mandatory", properties: { minLength: "ten" } } });
    await expect(host.analyze(connection())).rejects.toThrow(
      /Invalid policy config for "infisical-auth0-connection-description".*minLength/s,
    );
  });

  it("catches a misspelt key that the CLI's schema lets through", async () => {
    expect("config" in engineConfig(policies, { [TENANT_ALLOWLIST_POLICY]: { alowedDomains: ["a.b"] } })).toBe(true);
    await configure({ [TENANT_ALLOWLIST_POLICY]: { alowedDomains: ["a.b"] } });
    await expect(host.analyze(connection())).rejects.toThrow(/alowedDomains/);
  });

  it("refuses a pattern that is not a regular expression", async () => {
    await configure({ [NAME_FORMAT_POLICY]: { pattern: "^(unclosed" } });
    const failure = host.analyze(connection());
    await expect(failure).rejects.toThrow(/not a valid regular expression/);
    await expect(failure).rejects.toThrow(/Invalid policy config for "infisical-auth0-connection-name".*pattern/s);
  });
});

describe("unknown values during preview", () => {
  // Every check that reads the field is on: a known bad value in its place is reported (see the tests above).
  beforeAll(() => configure({ [NAME_FORMAT_POLICY]: { pattern: "^{project}-{stack}-" } }));

  it.each([
    ["name", { name: UNKNOWN_STRING, projectId: undefined }],
    ["description", { description: UNKNOWN_STRING }],
    ["projectId", { projectId: UNKNOWN_STRING }],
    ["domain and audience", { credentials: { domain: UNKNOWN_STRING, audience: UNKNOWN_STRING } }],
    ["all credentials", { credentials: UNKNOWN_STRING }],
  ])("an unknown %s is no violation and no diagnostic", async (_, overrides) => {
    expect(await analyze(overrides)).toEqual([]);
  });

  it("the known fields next to an unknown one are still checked", async () => {
    const diagnostics = await analyze({
      name: "Bad Name",
      credentials: { domain: "evil.example.com", audience: UNKNOWN_STRING },
    });
    // The slug rule and the pattern, and the tenant; the audience (compared with the tenant) waits.
    expect(byPolicy(diagnostics)).toEqual([NAME_FORMAT_POLICY, NAME_FORMAT_POLICY, TENANT_ALLOWLIST_POLICY]);
  });

  it("AnalyzeStack skips connections whose name or project is unknown", async () => {
    await configure();
    const a = connection({}, "a");
    const b = connection({ name: UNKNOWN_STRING }, "b");
    const c = connection({ projectId: UNKNOWN_STRING }, "c");
    expect(await host.analyzeStack([a, b, c])).toEqual([]);
  });
});

describe("AnalyzeStack: unique names per scope", () => {
  beforeAll(() => configure());

  it("reports the second connection with the same name in one project, with its URN", async () => {
    const first = connection({}, "first");
    const second = connection({}, "second");
    const diagnostics = await host.analyzeStack([first, second, connection({ name: "other" }, "third")]);
    seen.push(...diagnostics.map((d) => d.message));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.policyName).toBe(UNIQUE_NAMES_POLICY);
    expect(diagnostics[0]!.urn).toBe(urnOf(second));
    expect(diagnostics[0]!.message).toContain(
      '2 connections use the name "billing-dev-auth0" in project "proj-billing"',
    );
    expect(diagnostics[0]!.message).toContain("already exists");
  });

  it("compares trimmed names and reports each extra duplicate in the organization scope", async () => {
    const org = { projectId: undefined };
    const diagnostics = await host.analyzeStack([
      connection({ ...org, name: "shared" }, "a"),
      connection({ ...org, name: " shared " }, "b"),
      connection({ ...org, name: undefined }, "shared"),
      { type: "aws:s3/bucket:Bucket", name: "shared", props: { name: "shared" } },
    ]);
    expect(diagnostics.map((d) => d.urn)).toEqual([urnOf(connection({}, "b")), urnOf(connection({}, "shared"))]);
    expect(diagnostics[0]!.message).toContain("in the organization");
  });

  it("allows the same name in different scopes, unless acrossScopes is set", async () => {
    const resources = [
      connection({ projectId: undefined }, "org"),
      connection({}, "billing"),
      connection({ projectId: "proj-other" }, "other"),
    ];
    expect(await host.analyzeStack(resources)).toEqual([]);
    await configure({ [UNIQUE_NAMES_POLICY]: { acrossScopes: true } });
    const diagnostics = await host.analyzeStack(resources);
    expect(diagnostics.map((d) => d.urn)).toEqual([urnOf(resources[1]!), urnOf(resources[2]!)]);
    expect(diagnostics[0]!.message).toContain("in the stack");
  });
});

describe("secrets", () => {
  it("never appear in a diagnostic or the pack's output", async () => {
    await configure();
    const diagnostics = await analyze({
      name: "Bad Name",
      description: "",
      projectId: undefined,
      credentials: { domain: "evil.example.com", audience: "not a url" },
    });
    expect(diagnostics.length).toBeGreaterThan(3);
    expect(seen.length).toBeGreaterThan(20);
    for (const text of [...seen, host.stderr()]) expect(text).not.toContain(CLIENT_SECRET);
  });
});
