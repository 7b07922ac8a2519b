import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const created: string[] = [];
// Registered when a test file imports this module: its temp dirs go when the file's tests are done.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export type TfJson = {
  terraform: { required_providers: Record<string, { source: string; version: string }>; backend?: unknown };
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
  import?: { id: string; to: string; provider?: string }[];
};

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function readStack(stackDir: string): TfJson {
  return JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as TfJson;
}

/** Every file under `dir`, concatenated: to prove a literal secret appears nowhere in the synthesized output. */
export function allText(dir: string): string {
  let text = "";
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    text += statSync(path).isDirectory() ? allText(path) : readFileSync(path, "utf8");
  }
  return text;
}

/** Seed-like settings for the example stack (values only need to look real for synthesis). */
export const SAMPLE_SETTINGS = {
  host: "http://127.0.0.1:9",
  projectId: "project-1234",
  auth0: {
    domain: "tenant.us.auth0.com",
    clientId: "auth0-client-id",
    audience: "https://tenant.us.auth0.com/api/v2/",
  },
  namePrefix: "t-",
};
