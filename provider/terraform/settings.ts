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

/** The provider block's attribute for each of the client's setting keys (contract 3), and its environment variable. */
const SETTINGS: Record<string, { path: AttributePath; env: string }> = {
  host: { path: ["host"], env: "INFISICAL_HOST" },
  clientId: { path: ["auth", "universal", "client_id"], env: "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID" },
  clientSecret: { path: ["auth", "universal", "client_secret"], env: "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET" },
  token: { path: ["auth", "token"], env: "INFISICAL_TOKEN" },
};

/** Contract 3: how the client names a setting in its messages, in the provider block's words. */
export const terraformSettingName = (key: string): string => {
  const setting = SETTINGS[key];
  return setting ? `${setting.path.join(".")} (or ${setting.env})` : key;
};

/** A settings error on the attribute it names (the client's `settings` keys, contract 3); worded by the client. */
export function settingsDiagnostic(e: unknown): Diagnostic {
  const text = e instanceof Error ? e.message : String(e);
  const keys = (e as { settings?: unknown }).settings;
  // Several keys ("no credentials": the token or the universal pair) mean no single attribute is at fault.
  const path = Array.isArray(keys) && keys.length === 1 ? SETTINGS[String(keys[0])]?.path : undefined;
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
  input.settingName = terraformSettingName;
  try {
    resolveSettings(input);
  } catch (e) {
    return { kind: "invalid", diagnostics: [settingsDiagnostic(e)] };
  }
  return { kind: "ok", input };
}
