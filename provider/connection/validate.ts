import { type MaybeUnknown, type PlannedConnection, UNKNOWN, isUnknown } from "./model";
import {
  AUTH0_METHOD,
  CREDENTIAL_FIELDS,
  type RuleFailure,
  credentialProblem,
  descriptionProblem,
  nameProblem,
  suggestSlug,
} from "./rules";

/** The declared inputs as an engine hands them over (camelCase), values possibly UNKNOWN. */
export interface RawConnectionInput {
  name?: unknown;
  description?: unknown;
  projectId?: unknown;
  method?: unknown;
  credentials?: unknown;
  adoptExisting?: unknown;
  ignoreCredentialRefresh?: unknown;
}

export type ValidatedConnection = PlannedConnection & {
  credentials: PlannedConnection["credentials"] & { clientSecret: MaybeUnknown<string> };
};

export interface ValidationResult {
  /** Normalised (trimmed) values; meaningful only when `failures` is empty. */
  value: ValidatedConnection;
  failures: RuleFailure[];
}

/**
 * Validates declared inputs with Infisical's own rules, before any API call. Unknown values pass (they are checked
 * again once known). Paths are camelCase input paths (`credentials.audience`); adapters map them to their naming.
 */
export function validateConnectionInput(raw: RawConnectionInput): ValidationResult {
  const failures: RuleFailure[] = [];
  const fail = (path: string, message: string) => failures.push({ path, message });

  const str = (path: string, value: unknown, opts: { optional: boolean }): MaybeUnknown<string> | null => {
    if (isUnknown(value)) return UNKNOWN;
    if (value === undefined || value === null) {
      if (!opts.optional) fail(path, `${path} is required`);
      return null;
    }
    if (typeof value !== "string") {
      fail(path, `${path} must be a string, got ${typeof value}`);
      return null;
    }
    return value.trim();
  };

  const name = str("name", raw.name, { optional: false });
  if (typeof name === "string") {
    const problem = nameProblem(name);
    if (problem) {
      const hint = suggestSlug(name);
      fail("name", `${problem} (got ${JSON.stringify(name)}${hint && hint !== name ? `; try "${hint}"` : ""})`);
    }
  }

  const description = str("description", raw.description, { optional: true });
  if (typeof description === "string") {
    const problem = descriptionProblem(description);
    if (problem) fail("description", `${problem} (got ${description.length})`);
  }

  const projectId = str("projectId", raw.projectId, { optional: true });
  if (projectId === "") fail("projectId", "projectId must not be empty: omit it for an org-level connection");

  const method = str("method", raw.method, { optional: true }) ?? AUTH0_METHOD;
  if (typeof method === "string" && method !== AUTH0_METHOD) {
    fail(
      "method",
      `method must be "${AUTH0_METHOD}" (the only method Infisical offers for Auth0), got ${JSON.stringify(method)}`,
    );
  }

  const credentials = {} as ValidatedConnection["credentials"];
  const rawCredentials = raw.credentials;
  if (isUnknown(rawCredentials)) {
    for (const field of CREDENTIAL_FIELDS) credentials[field] = UNKNOWN;
  } else if (rawCredentials === undefined || rawCredentials === null || typeof rawCredentials !== "object") {
    fail("credentials", "credentials is required: { domain, clientId, clientSecret, audience }");
    for (const field of CREDENTIAL_FIELDS) credentials[field] = "";
  } else {
    const record = rawCredentials as Record<string, unknown>;
    for (const field of CREDENTIAL_FIELDS) {
      const path = `credentials.${field}`;
      const given = record[field];
      const value = str(path, given, { optional: true }) ?? "";
      credentials[field] = value;
      const wrongType = given !== undefined && given !== null && !isUnknown(given) && typeof given !== "string";
      if (typeof value === "string" && !wrongType) {
        const problem = credentialProblem(field, value);
        // Never echo the client secret, not even a bad one.
        if (problem) fail(path, field === "audience" && value ? `${problem}: ${JSON.stringify(value)}` : problem);
      }
    }
  }

  const bool = (path: string, value: unknown): MaybeUnknown<boolean> => {
    if (isUnknown(value)) return UNKNOWN;
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") {
      fail(path, `${path} must be a boolean, got ${typeof value}`);
      return false;
    }
    return value;
  };

  return {
    value: {
      name: name ?? "",
      description: description === "" ? null : description,
      projectId: projectId === "" ? null : projectId,
      method: method as MaybeUnknown<typeof AUTH0_METHOD>,
      credentials,
      adoptExisting: bool("adoptExisting", raw.adoptExisting),
      ignoreCredentialRefresh: bool("ignoreCredentialRefresh", raw.ignoreCredentialRefresh),
    },
    failures,
  };
}
