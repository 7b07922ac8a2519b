// The provider block → the client's settings input. Env fallbacks, defaults, the choice of the login method and the
// checks themselves are the client's resolveSettings; this file reads the block (in the shape of Infisical's own
// provider, so a configuration moves over by changing the provider's name) and words its errors with the block's
// attribute names.
// From settings.ts itself, not the package index: the HTTP client must not load at start-up.
import { ENV, resolveSettings } from "../infisical/settings";
import type { InfisicalSettingsInput, Logger as ClientLogger, SettingKey } from "../infisical/types";
import { type AttributePath, type Diagnostic, type Unknown, error, isUnknown } from "./plugin";
import type { ProviderConfig } from "./schema";

export type SettingsResult =
  | { kind: "ok"; input: InfisicalSettingsInput }
  /** Some value is only known after apply (e.g. from another resource). */
  | { kind: "unknown" }
  | { kind: "invalid"; diagnostics: Diagnostic[] };

/** The `auth` block's login methods, in Infisical's provider's order of precedence. */
const METHODS = ["oidc", "universal", "kubernetes", "aws_iam", "token"] as const;
type BlockMethod = (typeof METHODS)[number];

const CLIENT_METHOD: Record<BlockMethod, string> = {
  oidc: "oidc",
  universal: "universal",
  kubernetes: "kubernetes",
  aws_iam: "aws-iam",
  token: "token",
};

/** INFISICAL_AUTH_METHOD's values → the block's method (for naming identity_id when the environment chose). */
const ENV_METHODS: Record<string, BlockMethod> = {
  oidc: "oidc",
  universal: "universal",
  kubernetes: "kubernetes",
  aws_iam: "aws_iam",
  token: "token",
};

interface Setting {
  /** The attribute a diagnostic is pinned to; none for settings that only the environment gives. */
  path?: AttributePath;
  /** How messages name it. */
  name: string;
}

const IDENTITY_METHODS = ["oidc", "kubernetes", "aws_iam"] as const;

/**
 * The provider block's attribute for each of the client's setting keys (contract 3), and its environment variable.
 * `identity_id` is in the block of the login method in use (`method`), when one is known.
 */
function settingsFor(method: BlockMethod | undefined): Partial<Record<SettingKey, Setting>> {
  const at = (path: AttributePath, env?: string): Setting => ({
    path,
    name: env ? `${path.join(".")} (or ${env})` : path.join("."),
  });
  const identity =
    method && (IDENTITY_METHODS as readonly string[]).includes(method)
      ? at(["auth", method, "identity_id"], ENV.identityId)
      : {
          name:
            `${IDENTITY_METHODS.map((m) => `auth.${m}.identity_id`)
              .join(", ")
              .replace(/, ([^,]*)$/, " or $1")} ` + `(or ${ENV.identityId})`,
        };
  return {
    host: at(["host"], ENV.host),
    clientId: at(["auth", "universal", "client_id"], ENV.clientId),
    clientSecret: at(["auth", "universal", "client_secret"], ENV.clientSecret),
    token: at(["auth", "token"], ENV.token),
    authMethod: {
      name: `${ENV.authMethod} (or an auth.oidc, auth.universal, auth.kubernetes, auth.aws_iam or auth.token block)`,
    },
    identityId: identity,
    jwt: { name: `${ENV.jwt} (or the variable named by auth.oidc.token_environment_variable_name)` },
    tokenEnvironmentVariableName: at(
      ["auth", "oidc", "token_environment_variable_name"],
      ENV.tokenEnvironmentVariableName,
    ),
    githubActionsAudience: at(["auth", "oidc", "github_actions_audience"]),
    serviceAccountToken: at(["auth", "kubernetes", "service_account_token"], ENV.serviceAccountToken),
    serviceAccountTokenPath: at(["auth", "kubernetes", "service_account_token_path"], ENV.serviceAccountTokenPath),
    organizationSlug: at(["auth", "organization_slug"], ENV.organizationSlug),
  };
}

/** The block's method, else the one INFISICAL_AUTH_METHOD names (as the client will resolve it). */
function methodInUse(block: BlockMethod | undefined, env: NodeJS.ProcessEnv): BlockMethod | undefined {
  const fromEnv = env[ENV.authMethod]?.trim() ?? "";
  return block ?? (Object.hasOwn(ENV_METHODS, fromEnv) ? ENV_METHODS[fromEnv] : undefined);
}

/** Contract 3: how the client names a setting in its messages, in the provider block's words. */
export function terraformSettingNamer(
  method?: BlockMethod,
  env: NodeJS.ProcessEnv = process.env,
): (key: SettingKey) => string {
  const settings = settingsFor(methodInUse(method, env));
  return (key) => settings[key]?.name ?? key;
}

/** The names when no login method is known (identity_id of any of the identity methods). */
export const terraformSettingName = (key: string): string => settingsFor(undefined)[key as SettingKey]?.name ?? key;

/** A settings error on the attribute it names (the client's `settings` keys, contract 3); worded by the client. */
export function settingsDiagnostic(e: unknown, method?: BlockMethod, env: NodeJS.ProcessEnv = process.env): Diagnostic {
  const text = e instanceof Error ? e.message : String(e);
  const keys = (e as { settings?: unknown }).settings;
  // Several keys ("no credentials": the token or the universal pair) mean no single attribute is at fault.
  const path =
    Array.isArray(keys) && keys.length === 1
      ? settingsFor(methodInUse(method, env))[keys[0] as SettingKey]?.path
      : undefined;
  return error("Invalid Infisical provider configuration", text, path);
}

type Auth = Exclude<ProviderConfig["auth"], null | Unknown>;
/** Reads the block into the client's input; `unknown` when any value is known only after apply. */
function readBlock(
  config: ProviderConfig,
): { kind: "unknown" } | { kind: "ok"; input: InfisicalSettingsInput; methods: BlockMethod[] } {
  const values: Partial<Record<SettingKey, unknown>> = { host: config.host };
  const methods: BlockMethod[] = [];
  if (isUnknown(config.auth)) return { kind: "unknown" };
  const auth = config.auth as Auth | null;
  if (auth) {
    values.organizationSlug = auth.organization_slug;
    values.token = auth.token;
    if (typeof auth.token === "string" && auth.token !== "") methods.push("token");
    const { universal, oidc, kubernetes, aws_iam } = auth;
    if ([universal, oidc, kubernetes, aws_iam].some(isUnknown)) return { kind: "unknown" };
    // Known here; a missing key (a hand-made config) counts as not set.
    const blocks = {
      universal: (universal ?? null) as Exclude<Auth["universal"], Unknown>,
      oidc: (oidc ?? null) as Exclude<Auth["oidc"], Unknown>,
      kubernetes: (kubernetes ?? null) as Exclude<Auth["kubernetes"], Unknown>,
      aws_iam: (aws_iam ?? null) as Exclude<Auth["aws_iam"], Unknown>,
    };
    if (blocks.universal) {
      values.clientId = blocks.universal.client_id;
      values.clientSecret = blocks.universal.client_secret;
    }
    if (blocks.oidc) {
      values.identityId = blocks.oidc.identity_id;
      values.tokenEnvironmentVariableName = blocks.oidc.token_environment_variable_name;
      values.githubActionsAudience = blocks.oidc.github_actions_audience;
    }
    if (blocks.kubernetes) {
      values.identityId = blocks.kubernetes.identity_id;
      values.serviceAccountToken = blocks.kubernetes.service_account_token;
      values.serviceAccountTokenPath = blocks.kubernetes.service_account_token_path;
    }
    if (blocks.aws_iam) values.identityId = blocks.aws_iam.identity_id;
    for (const m of ["universal", "oidc", "kubernetes", "aws_iam"] as const) if (blocks[m]) methods.push(m);
  }
  if (Object.values(values).some(isUnknown)) return { kind: "unknown" };
  const input: InfisicalSettingsInput = {};
  for (const [k, v] of Object.entries(values) as [keyof InfisicalSettingsInput, unknown][]) {
    if (typeof v === "string" && v !== "") (input as Record<string, unknown>)[k] = v;
  }
  methods.sort((a, b) => METHODS.indexOf(a) - METHODS.indexOf(b));
  if (methods[0]) input.authMethod = CLIENT_METHOD[methods[0]];
  return { kind: "ok", input, methods };
}

/** Exactly one login method in the `auth` block (none: the environment chooses). */
function methodDiagnostics(methods: BlockMethod[]): Diagnostic[] {
  if (methods.length <= 1) return [];
  return [
    error(
      "Conflicting Infisical login methods",
      `The auth block sets ${methods.map((m) => `auth.${m}`).join(" and ")}: set exactly one login method, ` +
        `${METHODS.join(", ").replace(/, ([^,]*)$/, " or $1")}.`,
      ["auth"],
    ),
  ];
}

/**
 * The client's settings input from the provider block. With `validateOnly`, only mistakes in the block itself are
 * reported (`terraform validate` must pass without credentials in the environment): a conflict of methods, or a
 * value the block sets that the client refuses; a value missing from the block may still come from the environment.
 */
export function settingsFromConfig(
  config: ProviderConfig,
  logger?: ClientLogger,
  opts: { validateOnly?: boolean; env?: NodeJS.ProcessEnv } = {},
): SettingsResult {
  const env = opts.env ?? process.env;
  const block = readBlock(config);
  if (block.kind === "unknown") return block;
  const conflicts = methodDiagnostics(block.methods);
  if (conflicts.length > 0) return { kind: "invalid", diagnostics: conflicts };
  const { input } = block;
  const method = block.methods[0];
  if (logger) input.logger = logger;
  input.settingName = terraformSettingNamer(method, env);
  try {
    resolveSettings(input, env);
  } catch (e) {
    const keys = (e as { settings?: unknown }).settings;
    const fromBlock = Array.isArray(keys) && keys.length > 0 && keys.every((k) => k in input && k !== "authMethod");
    if (opts.validateOnly && !fromBlock) return { kind: "ok", input };
    return { kind: "invalid", diagnostics: [settingsDiagnostic(e, method, env)] };
  }
  return { kind: "ok", input };
}
