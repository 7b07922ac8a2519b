import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll } from "vitest";
import { request } from "undici";
import { startEmulator, type EmulatorOptions, type EmulatorSeed, type RunningEmulator } from "../../emulator/index";

export interface ApiReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/** One real HTTP call to the emulator; `token` goes in `Authorization: Bearer`. */
export async function api(
  base: string,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  opts: { body?: unknown; token?: string; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiReply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await request(`${base}${path}`, { method, headers, body });
  const text = await res.body.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, text };
}

export async function login(em: RunningEmulator, identity = em.seed.identity): Promise<string> {
  const res = await api(em.url, "POST", "/api/v1/auth/universal-auth/login", { body: identity });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return res.body.accessToken as string;
}

/** An emulator without rate limits (unless asked), plus a logged-in token for the seed identity. */
export async function startWithToken(options: EmulatorOptions = {}): Promise<{ em: RunningEmulator; token: string }> {
  const em = await startEmulator({ rateLimit: false, ...options });
  return { em, token: await login(em) };
}

/** For a test file: an emulator with a token, started before its tests and closed after them. */
export function useEmulatorWithToken(
  assign: (started: { em: RunningEmulator; token: string }) => void,
  options: EmulatorOptions = {},
): void {
  let em: RunningEmulator | undefined;
  beforeAll(async () => {
    const started = await startWithToken(options);
    em = started.em;
    assign(started);
  });
  afterAll(async () => {
    await em?.close();
  });
}

export const AUTH0 = "/api/v1/app-connections/auth0";

export function createBody(em: RunningEmulator, name: string, extra: Record<string, unknown> = {}) {
  return { name, method: "client-credentials", credentials: { ...em.seed.auth0 }, ...extra };
}

export async function createConnection(
  em: RunningEmulator,
  token: string,
  name: string,
  extra: Record<string, unknown> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const res = await api(em.url, "POST", AUTH0, { token, body: createBody(em, name, extra) });
  if (res.status !== 200) throw new Error(`create ${name} failed: ${res.status} ${res.text}`);
  return res.body.appConnection;
}

/** The seed a restarted emulator (same data file) should give at its new URL. */
export function seedAt(seed: EmulatorSeed, url: string): EmulatorSeed {
  return { ...seed, url, oidc: { ...seed.oidc, mintUrl: `${url}/__emulator/oidc/token` } };
}

export const REQ_ID = /^req-[A-Za-z0-9]{14}$/;

/** A clock a test moves by hand (`EmulatorOptions.now`), for token lifetimes and lockouts without sleeping. */
export function manualClock(start = Date.now()): { now: () => number; advance: (ms: number) => void } {
  let at = start;
  return {
    now: () => at,
    advance: (ms) => {
      at += ms;
    },
  };
}

/** The first line a spawned command prints on stdout (rejects if it exits first). */
export function firstStdoutLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`exited before printing a line (exit code ${code})`)));
  });
}
