import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InfisicalClient, resolveSettings } from "../../provider/infisical";
import { leaks, loginToken, rejection, startEnv, type TestEnv } from "./harness";

/** Secrets never reach error messages, logs or a printed client: searched for as literals. */

let env: TestEnv;
const errors: unknown[] = [];
const WRONG_AUTH0_SECRET = "zz-wrong-auth0-secret-9f3a";
const WRONG_IDENTITY_SECRET = "zz-wrong-identity-secret-77c1";

beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env.close();
});

function everything(): string {
  const parts = [
    ...env.logs.map((l) => `${l.msg} ${JSON.stringify(l.fields)}`),
    ...errors.flatMap((e) => [String(e), (e as Error).stack ?? "", inspect(e, { depth: 5 }), JSON.stringify(e)]),
  ];
  return parts.join("\n");
}

describe("no secret in errors or logs", () => {
  it("across successes, failures, retries and re-logins", async () => {
    const token = await loginToken(env.emu);
    const client = env.client();
    const creds = { ...env.emu.seed.auth0 };
    const c = await client.createAuth0Connection({ name: "secret-check", credentials: creds });
    await client.updateAuth0Connection(c.id, { credentials: creds });

    errors.push(
      await rejection(() =>
        client.createAuth0Connection({
          name: "secret-bad",
          credentials: { ...creds, clientSecret: WRONG_AUTH0_SECRET },
        }),
      ),
    );
    errors.push(
      await rejection(() =>
        client.updateAuth0Connection(c.id, { credentials: { ...creds, clientSecret: WRONG_AUTH0_SECRET } }),
      ),
    );
    errors.push(
      await rejection(() =>
        client.createAuth0Connection({ name: "Bad Name", credentials: { ...creds, audience: "nope" } }),
      ),
    );
    errors.push(await rejection(() => client.createAuth0Connection({ name: "secret-check", credentials: creds })));

    await env.emu.admin.injectFault({
      method: "POST",
      path: "/api/v1/app-connections/auth0",
      fault: { kind: "commitThenDrop" },
    });
    await client.createAuth0Connection({ name: "secret-ctd", credentials: creds });
    await env.emu.admin.expireTokens();
    await client.getAuth0Connection(c.id);

    errors.push(await rejection(() => env.client({ clientSecret: WRONG_IDENTITY_SECRET }).listAuth0Connections()));
    errors.push(await rejection(() => env.client({ token }).listAuth0Connections()));
    const down = new InfisicalClient(resolveSettings({ host: "http://127.0.0.1:1", token, maxRetries: 0 }, {}));
    errors.push(await rejection(() => down.listAuth0Connections()));
    await down.close();

    expect(errors).toHaveLength(7);
    expect(env.logs.length).toBeGreaterThan(10);
    const text = everything();
    // The search itself works: the non-secret parts are there.
    expect(text).toContain("/api/v1/app-connections/auth0");
    expect(leaks(text, [...env.secrets(), token, WRONG_AUTH0_SECRET, WRONG_IDENTITY_SECRET])).toEqual([]);
    // Neither are bearer tokens issued during the test (any JWT-looking string).
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it("a printed or serialised client shows no credential", () => {
    const client = env.client({ clientSecret: "zz-identity-secret-printed" });
    const token = env.client({ token: "zz-token-printed-123" });
    const text = [inspect(client), JSON.stringify(client), String(client), inspect(token), JSON.stringify(token)].join(
      "\n",
    );
    expect(text).toContain(env.emu.url);
    expect(leaks(text, ["zz-identity-secret-printed", "zz-token-printed-123"])).toEqual([]);
  });
});
