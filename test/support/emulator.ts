import type { RunningEmulator } from "../../emulator/types";

/** Logs in directly over HTTP (no client) and returns a real access token: for token-mode tests and raw API calls. */
export async function loginToken(emu: RunningEmulator, identity = emu.seed.identity): Promise<string> {
  const res = await fetch(`${emu.url}/api/v1/auth/universal-auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientId: identity.clientId, clientSecret: identity.clientSecret }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
