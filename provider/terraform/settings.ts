// The provider block → the client's settings input. Env fallbacks, defaults and the checks themselves are the
// client's resolveSettings; this file only reads the block and words its errors with the block's attribute names.
// From settings.ts itself, not the package index: the HTTP client must not load at start-up.
import { resolveSettings } from "../infisical/settings";
import type { InfisicalSettingsInput, Logger as ClientLogger } from "../infisical/types";
import { type AttributePath, type Diagnostic, error, isUnknown } from "./plugin";
import type { ProviderConfig } from "./schema";

export type SettingsResult =
  | { kind: "ok"; input: InfisicalSettingsInput }
  /** Some value is only known after apply (e.g. from another resource). */
  | { kind: "unknown" }
  | { kind: "invalid"; diagnostics: Diagnostic[] };

/** The client's phrases for its options, as the provider block names them. */
const WORDING: [RegExp, string, AttributePath][] = [
  [/the host option/g, "host", ["host"]],
  [/the clientSecret option/g, "auth.universal.client_secret", ["auth", "universal", "client_secret"]],
  [/the clientId option/g, "auth.universal.client_id", ["auth", "universal", "client_id"]],
  [/the token \/ clientId \+ clientSecret options/g, "auth.token or auth.universal in the provider block", ["auth"]],
];

function diagnosticFor(message: string): Diagnostic {
  let text = message;
  let path: AttributePath | undefined;
  for (const [pattern, name, attributePath] of WORDING) {
    if (pattern.test(text)) {
      path ??= attributePath;
      text = text.replace(pattern, name);
    }
  }
  // "No credentials" names both environment variables and the block: no single attribute is at fault.
  if (/^No Infisical credentials/.test(text)) path = undefined;
  return error("Invalid Infisical provider configuration", text, path);
}

export function settingsFromConfig(config: ProviderConfig, logger?: ClientLogger): SettingsResult {
  const auth = config.auth;
  const universal = auth && !isUnknown(auth) ? auth.universal : null;
  const values = {
    host: config.host,
    token: auth && !isUnknown(auth) ? auth.token : null,
    clientId: universal && !isUnknown(universal) ? universal.client_id : null,
    clientSecret: universal && !isUnknown(universal) ? universal.client_secret : null,
  };
  if (isUnknown(auth) || isUnknown(universal) || Object.values(values).some(isUnknown)) return { kind: "unknown" };
  const input: InfisicalSettingsInput = {};
  for (const [k, v] of Object.entries(values) as [keyof typeof values, unknown][]) {
    if (typeof v === "string" && v !== "") input[k] = v;
  }
  if (logger) input.logger = logger;
  try {
    resolveSettings(input);
  } catch (e) {
    return { kind: "invalid", diagnostics: [diagnosticFor(e instanceof Error ? e.message : String(e))] };
  }
  return { kind: "ok", input };
}
