import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  credentialProblem,
  descriptionProblem,
  nameProblem,
  type CredentialField,
} from "../../provider/connection/rules";
import { InfisicalApiError, type CreateAuth0ConnectionInput, type InfisicalClient } from "../../provider/infisical";
import { startEnv, type TestEnv } from "./harness";

/**
 * The project's validation rules (provider/connection/rules.ts, applied to trimmed values) must accept exactly what
 * the server accepts: POST answered 422 ⇔ a rule reports a problem, on the same field.
 */

let env: TestEnv;
let client: InfisicalClient;
let seq = 0;
const RUNS = { numRuns: 150 };

beforeAll(async () => {
  env = await startEnv({ rateLimit: false });
  client = env.client({ maxRetries: 0 });
});
afterAll(async () => {
  await env.close();
});

/** Whitespace JS `trim()` removes, plus look-alikes it does not (zero-width space). */
const space = fc.constantFrom(" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\ufeff", "\u200b");
const padded = (core: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.array(space, { maxLength: 2 }), core, fc.array(space, { maxLength: 2 }))
    .map(([a, s, b]) => a.join("") + s + b.join(""));
const unicode = fc.string({ unit: "grapheme", maxLength: 80 });

type Outcome = { accepted: true } | { accepted: false; fields: { path: string; message: string }[] };

/** POSTs a create and classifies the answer: 422 = rejected by validation; 200, or a 400 from the service = accepted. */
async function submit(input: CreateAuth0ConnectionInput): Promise<Outcome> {
  try {
    const c = await client.createAuth0Connection(input);
    await client.deleteAuth0Connection(c.id);
    return { accepted: true };
  } catch (err) {
    if (!(err instanceof InfisicalApiError)) throw err;
    if (err.status === 422) return { accepted: false, fields: err.fieldErrors ?? [] };
    // Duplicate name or the Auth0 check refusing changed credentials: both come after validation passed.
    if (err.status === 400) return { accepted: true };
    throw err;
  }
}

function freshName(): string {
  seq += 1;
  return `prop-${seq}`;
}

const base = (): CreateAuth0ConnectionInput => ({ name: freshName(), credentials: { ...env.emu.seed.auth0 } });

function expectAgreement(outcome: Outcome, path: string, problem: string | undefined, caseInsensitive = false): void {
  if (problem === undefined) {
    expect(outcome).toEqual({ accepted: true });
    return;
  }
  expect(outcome.accepted).toBe(false);
  const fields = outcome.accepted ? [] : outcome.fields;
  const norm = (s: string) => (caseInsensitive ? s.toLowerCase() : s);
  expect(fields.map((f) => ({ path: f.path, message: norm(f.message) }))).toContainEqual({
    path,
    message: norm(problem),
  });
}

describe("rules.ts agrees with the server", () => {
  it("names", async () => {
    const name = fc.oneof(
      fc.stringMatching(/^[a-z0-9-]{0,70}$/),
      padded(fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}$/)),
      padded(fc.stringMatching(/^[a-zA-Z0-9 _.-]{0,20}$/)),
      unicode,
      fc.constantFrom("", "   ", "a".repeat(64), "a".repeat(65), "-a", "a-", "a--b", "ä", "A"),
    );
    await fc.assert(
      fc.asyncProperty(name, async (raw) => {
        // A unique suffix keeps valid names from clashing between cases without changing validity.
        const value = nameProblem(raw.trim()) === undefined && raw.trim().length <= 56 ? `${raw.trim()}-${++seq}` : raw;
        const outcome = await submit({ ...base(), name: value });
        expectAgreement(outcome, "name", nameProblem(value.trim()));
      }),
      RUNS,
    );
  });

  const descriptionAgrees = (description: fc.Arbitrary<string>) =>
    fc.assert(
      fc.asyncProperty(description, async (value) => {
        const outcome = await submit({ ...base(), description: value });
        expectAgreement(outcome, "description", descriptionProblem(value.trim()));
      }),
      RUNS,
    );

  it("descriptions (BMP text: one UTF-16 unit per character)", async () => {
    const bmp = fc.string({
      unit: fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
      maxLength: 300,
    });
    await descriptionAgrees(
      fc.oneof(
        padded(fc.string({ maxLength: 300 })),
        padded(bmp),
        fc.integer({ min: 250, max: 262 }).map((n) => "d".repeat(n)),
        fc.integer({ min: 250, max: 262 }).chain((n) => padded(fc.constant("é".repeat(n)))),
      ),
    );
  });

  it("descriptions with astral characters (emoji): the limit counts UTF-16 units, as Infisical's zod 3 does", async () => {
    // 129 emoji = 258 UTF-16 units > 256: Infisical rejects it (zod 4 would count code points and accept it).
    const probe = await submit({ ...base(), description: "😀".repeat(129) });
    expect(probe.accepted).toBe(false);
    await descriptionAgrees(
      fc.oneof(
        padded(fc.string({ unit: "grapheme", minLength: 120, maxLength: 280 })),
        fc.integer({ min: 120, max: 132 }).map((n) => "😀".repeat(n)),
      ),
    );
  });

  it("audiences", async () => {
    const audience = fc.oneof(
      padded(fc.webUrl()),
      padded(fc.string({ maxLength: 30 })),
      fc.string({ maxLength: 20 }).map((s) => `https://${s}`),
      fc.string({ maxLength: 10 }).map((s) => `${s}:${s}`),
      unicode,
      fc.constantFrom(
        "",
        " ",
        "urn:x",
        "mailto:a@b",
        "http://",
        "https://ex ample.com",
        "//x",
        "a:",
        "https://ä.com/ü",
      ),
    );
    await fc.assert(
      fc.asyncProperty(audience, async (value) => {
        const input = base();
        const outcome = await submit({ ...input, credentials: { ...input.credentials, audience: value } });
        // Case-insensitive: Infisical (zod 3) says "Invalid url"; an emulator built on zod 4 may say "Invalid URL".
        expectAgreement(outcome, "credentials.audience", credentialProblem("audience", value.trim()), true);
      }),
      RUNS,
    );
  });

  it("required credential fields, whitespace and unicode", async () => {
    const field = fc.constantFrom<CredentialField>("domain", "clientId", "clientSecret");
    const value = fc.oneof(
      fc.array(space, { maxLength: 3 }).map((a) => a.join("")),
      padded(unicode),
    );
    await fc.assert(
      fc.asyncProperty(field, value, async (f, v) => {
        const input = base();
        const outcome = await submit({ ...input, credentials: { ...input.credentials, [f]: v } });
        expectAgreement(outcome, `credentials.${f}`, credentialProblem(f, v.trim()));
      }),
      RUNS,
    );
  });
});
