// The connection's private state: empty whenever it would only repeat the state's own credentials_hash, and every
// form an earlier version wrote still read.
import { describe, expect, it } from "vitest";
import { decodePrivate, encodePrivate } from "../../provider/terraform/private-state";

const H1 = "1".repeat(64);
const H2 = "2".repeat(64);

describe("connection private state", () => {
  it("stores nothing when the applied hash is the state's own, or there is none", () => {
    expect(encodePrivate({ appliedCredentialsHash: H1, credentialsHash: H1 })).toHaveLength(0);
    expect(encodePrivate({ appliedCredentialsHash: null, credentialsHash: H1 })).toHaveLength(0);
    expect(encodePrivate({ appliedCredentialsHash: null, credentialsHash: null })).toHaveLength(0);
    // ...which reads as "nothing recorded": the resource then baselines on the state's own hash, the same value.
    expect(decodePrivate(Buffer.alloc(0))).toEqual({ appliedCredentialsHash: null });
  });

  it("records a hash that differs from the state's (a rewrite outside Terraform) in the form every version reads", () => {
    const bytes = encodePrivate({ appliedCredentialsHash: H1, credentialsHash: H2 });
    expect(JSON.parse(bytes.toString("utf8"))).toEqual({ v: 1, appliedCredentialsHash: H1 });
    expect(decodePrivate(bytes)).toEqual({ appliedCredentialsHash: H1 });
  });

  it("reads the private state earlier versions wrote for every connection, and tolerates foreign bytes", () => {
    // As Terraform stored it (base64) before the empty form: the applied hash equal to the state's.
    const old = Buffer.from(
      "eyJ2IjoxLCJhcHBsaWVkQ3JlZGVudGlhbHNIYXNoIjoiNzQ4YTkzMDA2ZDJhOWRlMGNlYWYwN2E3NTgxN2NiM2Q0MGViM2Y2NDRkNjEzZjcxODAxNjg0MjE4MjMyM2M2MSJ9",
      "base64",
    );
    expect(decodePrivate(old)).toEqual({
      appliedCredentialsHash: "748a93006d2a9de0ceaf07a75817cb3d40eb3f644d613f718016842182323c61",
    });
    expect(decodePrivate(Buffer.from('{"v":1,"appliedCredentialsHash":null}'))).toEqual({
      appliedCredentialsHash: null,
    });
    expect(decodePrivate(Buffer.from("not json"))).toEqual({ appliedCredentialsHash: null });
    expect(decodePrivate(Buffer.from('{"other":1}'))).toEqual({ appliedCredentialsHash: null });
  });
});
