import { type MaybeUnknown, type PlannedConnection, UNKNOWN, isUnknown } from "./model";
import { type FieldNamer, coreFieldName } from "./wording";
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

/** `record[key]` if it is the record's own property: a key inherited through a prototype is never read. */
export function ownField(record: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/**
 * Validates declared inputs with Infisical's own rules, before any API call. Unknown values pass (they are checked
 * again once known). Paths are camelCase input paths (`credentials.audience`); messages name fields with `fieldName`,
 * so each engine's users read their own attribute names.
 */
export function validateConnectionInput(
  raw: RawConnectionInput,
  fieldName: FieldNamer = coreFieldName,
): ValidationResult {
  const failures: RuleFailure[] = [];
  const fail = (path: string, message: string) => failures.push({ path, message });

  const readString = (path: string, value: unknown, opts: { optional: boolean }): MaybeUnknown<string> | null => {
    if (isUnknown(value)) return UNKNOWN;
    if (value === undefined || value === null) {
      if (!opts.optional) fail(path, `${fieldName(path)} is required`);
      return null;
    }
    if (typeof value !== "string") {
      fail(path, `${fieldName(path)} must be a string, got ${typeof value}`);
      return null;
    }
    return value.trim();
  };
  const input = (key: keyof RawConnectionInput) => ownField(raw, key);

  const name = readString("name", input("name"), { optional: false });
  if (typeof name === "string") {
    const problem = nameProblem(name);
    if (problem) {
      const hint = suggestSlug(name);
      fail("name", `${problem} (got ${JSON.stringify(name)}${hint && hint !== name ? `; try "${hint}"` : ""})`);
    }
  }

  const description = readString("description", input("description"), { optional: true });
  if (typeof description === "string") {
    const problem = descriptionProblem(description);
    if (problem) fail("description", `${problem} (got ${description.length})`);
  }

  const projectId = readString("projectId", input("projectId"), { optional: true });
  if (projectId === "") {
    fail("projectId", `${fieldName("projectId")} must not be empty: omit it for an org-level connection`);
  }

  const method = readString("method", input("method"), { optional: true }) ?? AUTH0_METHOD;
  if (typeof method === "string" && method !== AUTH0_METHOD) {
    fail(
      "method",
      `method must be "${AUTH0_METHOD}" (the only method Infisical offers for Auth0), got ${JSON.stringify(method)}`,
    );
  }

  const credentials = {} as ValidatedConnection["credentials"];
  const rawCredentials = input("credentials");
  if (isUnknown(rawCredentials)) {
    for (const field of CREDENTIAL_FIELDS) credentials[field] = UNKNOWN;
  } else if (rawCredentials === undefined || rawCredentials === null || typeof rawCredentials !== "object") {
    const fields = CREDENTIAL_FIELDS.map((field) => fieldName(`credentials.${field}`).split(".").pop());
    fail("credentials", `${fieldName("credentials")} is required: { ${fields.join(", ")} }`);
    for (const field of CREDENTIAL_FIELDS) credentials[field] = "";
  } else {
    for (const field of CREDENTIAL_FIELDS) {
      const path = `credentials.${field}`;
      const declared = ownField(rawCredentials, field);
      const value = readString(path, declared, { optional: true }) ?? "";
      credentials[field] = value;
      const wrongType =
        declared !== undefined && declared !== null && !isUnknown(declared) && typeof declared !== "string";
      if (typeof value === "string" && !wrongType) {
        const problem = credentialProblem(field, value);
        // Never echo the client secret, not even a bad one.
        if (problem) fail(path, field === "audience" && value ? `${problem}: ${JSON.stringify(value)}` : problem);
      }
    }
  }

  const readBoolean = (path: string, value: unknown): MaybeUnknown<boolean> => {
    if (isUnknown(value)) return UNKNOWN;
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") {
      fail(path, `${fieldName(path)} must be a boolean, got ${typeof value}`);
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
      adoptExisting: readBoolean("adoptExisting", input("adoptExisting")),
      ignoreCredentialRefresh: readBoolean("ignoreCredentialRefresh", input("ignoreCredentialRefresh")),
    },
    failures,
  };
}
