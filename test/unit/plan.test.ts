import { describe, expect, it } from "vitest";
import {
  type ConnectionState,
  type DesiredConnection,
  UNKNOWN,
  buildPatch,
  credentialsRewritten,
  differingFields,
  fingerprintSecret,
  planChange,
  refreshState,
  sameReturnedFields,
  secretMatchesFingerprint,
  validateConnectionInput,
} from "../../provider/connection";
import type { Auth0Connection } from "../../provider/infisical/types";

const state: ConnectionState = {
  id: "6f1c1e9e-0000-4000-8000-000000000001",
  name: "auth0-prod",
  description: "tenant",
  projectId: null,
  orgId: "org",
  method: "client-credentials",
  credentials: { domain: "t.auth0.com", clientId: "cid", audience: "https://t.auth0.com/api/v2/" },
  credentialsHash: "a".repeat(64),
  appliedCredentialsHash: "a".repeat(64),
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};
/** The connection as Infisical returns it for `state`. */
const liveOf = (recorded: ConnectionState, over: Partial<Auth0Connection> = {}): Auth0Connection => ({
  ...recorded,
  version: 1,
  isPlatformManagedCredentials: false,
  gatewayId: null,
  app: "auth0",
  ...over,
});

const desired: DesiredConnection = {
  name: "auth0-prod",
  description: "tenant",
  projectId: null,
  method: "client-credentials",
  credentials: { ...state.credentials, clientSecret: "s3cret" },
  adoptExisting: false,
  ignoreCredentialRefresh: false,
};

describe("planChange", () => {
  it("plans nothing when nothing changed", () => {
    expect(planChange(state, desired, false)).toMatchObject({ action: "none", sendCredentials: false });
  });
  it("updates a description without sending credentials", () => {
    const plan = planChange(state, { ...desired, description: "new" }, false);
    expect(plan).toMatchObject({ action: "update", updateFields: ["description"], sendCredentials: false });
    expect(buildPatch(plan, { ...desired, description: "new" })).toEqual({ description: "new" });
  });
  it("treats an empty and an absent description alike", () => {
    expect(planChange({ ...state, description: "" }, { ...desired, description: null }, false).action).toBe("none");
  });
  it("clears a description with null", () => {
    const plan = planChange(state, { ...desired, description: null }, false);
    expect(buildPatch(plan, { ...desired, description: null })).toEqual({ description: null });
  });
  it("sends all four credentials when one credential field changes", () => {
    const next = { ...desired, credentials: { ...desired.credentials, audience: "https://x.example/" } };
    const plan = planChange(state, next, false);
    expect(plan).toMatchObject({ action: "update", updateFields: ["credentials.audience"], sendCredentials: true });
    expect(buildPatch(plan, next)).toEqual({ credentials: next.credentials });
  });
  it("sends credentials when only the secret changed", () => {
    expect(planChange(state, desired, true)).toMatchObject({
      updateFields: ["credentials.clientSecret"],
      sendCredentials: true,
    });
  });
  it("replaces on projectId or method, and when either is unknown", () => {
    expect(planChange(state, { ...desired, projectId: "p" }, false)).toMatchObject({
      action: "replace",
      replaceFields: ["projectId"],
    });
    expect(planChange(state, { ...desired, projectId: UNKNOWN }, false).action).toBe("replace");
  });
  it("treats unknown values as changes", () => {
    expect(planChange(state, { ...desired, name: UNKNOWN }, false).updateFields).toEqual(["name"]);
    expect(planChange(state, desired, UNKNOWN).sendCredentials).toBe(true);
  });
  it("re-sends credentials rewritten outside the tool", () => {
    const drifted = { ...state, credentialsHash: "b".repeat(64) };
    expect(planChange(drifted, desired, false)).toMatchObject({
      action: "update",
      credentialsDrift: "rewritten",
      sendCredentials: true,
    });
  });
  it("leaves the ignore-credential-refresh rule to refreshState: a recorded rewrite is re-sent", () => {
    // refreshState keeps the recorded state for an ignored refresh, so a rewrite that reaches the plan is real.
    const drifted = { ...state, credentialsHash: "b".repeat(64) };
    const opted = { ...desired, ignoreCredentialRefresh: true };
    expect(planChange(drifted, opted, false)).toMatchObject({ action: "update", credentialsDrift: "rewritten" });
  });
  it("does not compare adoptExisting: it only matters at create", () => {
    const recorded = { ignoreCredentialRefresh: false };
    expect(planChange(state, { ...desired, adoptExisting: true }, false, recorded).action).toBe("none");
  });
  it("records a changed option with an update that sends nothing", () => {
    const next = { ...desired, ignoreCredentialRefresh: true };
    const plan = planChange(state, next, false, { ignoreCredentialRefresh: false });
    expect(plan).toMatchObject({ action: "update", updateFields: [], optionFields: ["ignoreCredentialRefresh"] });
    expect(buildPatch(plan, next)).toEqual({});
    // Without recorded options (Terraform compares its own attributes) there is nothing to plan.
    expect(planChange(state, next, false).action).toBe("none");
  });
});

describe("differingFields", () => {
  const live = liveOf(state);
  it("is empty for what the declaration would create, whatever the secret", () => {
    expect(differingFields(live, desired)).toEqual([]);
    expect(differingFields({ ...live, description: "" }, { ...desired, description: null })).toEqual([]);
  });
  it("names each declared field that differs", () => {
    const other = { ...live, description: "x", credentials: { ...live.credentials, audience: "https://o/" } };
    expect(differingFields(other, desired)).toEqual(["description", "credentials.audience"]);
    expect(differingFields({ ...live, name: "auth0-old" }, desired)).toEqual(["name"]);
  });
});

describe("sameReturnedFields", () => {
  it("ignores hash and times, and an empty against an absent description", () => {
    const moved = { ...state, credentialsHash: "c".repeat(64), updatedAt: "2026-03-01T00:00:00.000Z" };
    expect(sameReturnedFields(state, moved)).toBe(true);
    expect(sameReturnedFields(state, { ...state, description: "" })).toBe(false);
    expect(sameReturnedFields({ ...state, description: null }, { ...state, description: "" })).toBe(true);
  });
  it.each([
    ["name", { name: "auth0-old" }],
    ["description", { description: "other" }],
    ["projectId", { projectId: "p1" }],
    ["method", { method: "other" as unknown as "client-credentials" }],
    ["domain", { credentials: { ...state.credentials, domain: "o.auth0.com" } }],
    ["audience", { credentials: { ...state.credentials, audience: "https://o/" } }],
  ])("tells a different %s", (_field, over: Partial<ConnectionState>) => {
    expect(sameReturnedFields(state, { ...state, ...over })).toBe(false);
  });
});

describe("credentialsRewritten", () => {
  it("only when both hashes are known and differ", () => {
    expect(credentialsRewritten({ ...state, credentialsHash: "c".repeat(64) })).toBe(true);
    expect(credentialsRewritten(state)).toBe(false);
    // Nothing written by this tool yet (an older state), or no hash read: no verdict.
    expect(credentialsRewritten({ ...state, appliedCredentialsHash: null })).toBe(false);
    expect(credentialsRewritten({ ...state, credentialsHash: null })).toBe(false);
  });
  it("an unknown method forces a replace, like an unknown project", () => {
    expect(planChange(state, { ...desired, method: UNKNOWN }, false)).toMatchObject({
      action: "replace",
      replaceFields: ["method"],
    });
  });
});

describe("refreshState", () => {
  const live = liveOf(state, { credentialsHash: "c".repeat(64), updatedAt: "2026-02-01T00:00:00.000Z" });
  it("records the live hash by default, keeping what was applied", () => {
    const next = refreshState(state, live, { ignoreCredentialRefresh: false });
    expect(next.credentialsHash).toBe("c".repeat(64));
    expect(next.appliedCredentialsHash).toBe("a".repeat(64));
  });
  it("keeps the recorded state for a hash-only change when ignoring refreshes", () => {
    expect(refreshState(state, live, { ignoreCredentialRefresh: true })).toBe(state);
    const renamed = { ...live, name: "renamed" };
    expect(refreshState(state, renamed, { ignoreCredentialRefresh: true }).name).toBe("renamed");
  });
});

describe("validateConnectionInput", () => {
  it("trims and defaults", () => {
    const { value, failures } = validateConnectionInput({
      name: " a ",
      credentials: { domain: " d ", clientId: "c", clientSecret: " s ", audience: "https://a/" },
    });
    expect(failures).toEqual([]);
    expect(value).toMatchObject({ name: "a", description: null, projectId: null, method: "client-credentials" });
    expect(value.credentials).toEqual({ domain: "d", clientId: "c", clientSecret: "s", audience: "https://a/" });
  });
  it("names each bad field and never echoes the secret", () => {
    const { failures } = validateConnectionInput({
      name: 5,
      projectId: "",
      adoptExisting: "yes",
      credentials: { domain: "", clientId: "c", clientSecret: 42, audience: "nope" },
    });
    expect(failures.map((f) => f.path)).toEqual([
      "name",
      "projectId",
      "credentials.domain",
      "credentials.clientSecret",
      "credentials.audience",
      "adoptExisting",
    ]);
    expect(JSON.stringify(failures)).not.toContain("42");
  });
  it("passes unknowns through", () => {
    const { value, failures } = validateConnectionInput({ name: UNKNOWN, credentials: UNKNOWN });
    expect(failures).toEqual([]);
    expect(value.name).toBe(UNKNOWN);
    expect(value.credentials.clientSecret).toBe(UNKNOWN);
  });
});

describe("secret fingerprints", () => {
  it("match the same secret only, and are salted", () => {
    const fp = fingerprintSecret("s3cret");
    expect(secretMatchesFingerprint("s3cret", fp)).toBe(true);
    expect(secretMatchesFingerprint("other", fp)).toBe(false);
    expect(secretMatchesFingerprint("s3cret", undefined)).toBe(false);
    expect(secretMatchesFingerprint("s3cret", "v1:zz:zz")).toBe(false);
    expect(fingerprintSecret("s3cret")).not.toBe(fp);
    expect(fp).not.toContain("s3cret");
  });
});
