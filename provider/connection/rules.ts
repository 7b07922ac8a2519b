/**
 * Infisical's input rules for Auth0 App Connections (its backend's zod schemas for the create and update bodies,
 * `backend/src/services/app-connection/auth0`), as pure functions. The Pulumi
 * `check`, Terraform's `ValidateResourceConfig` and the policy pack all use these, so a bad value fails at preview or
 * `terraform validate` with the same words the server would use, before any API call.
 */

export const NAME_MAX_LENGTH = 64;
export const DESCRIPTION_MAX_LENGTH = 256;
export const AUTH0_METHOD = "client-credentials" as const;
export const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A failed rule: the input path (`credentials.audience`) and the message. */
export interface RuleFailure {
  path: string;
  message: string;
}

/** Returns why `name` (already trimmed) is not a valid connection name, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (name.length < 1) return "name field must be at least 1 lowercase character";
  if (name.length > NAME_MAX_LENGTH) return `name field must be at most ${NAME_MAX_LENGTH} lowercase characters`;
  if (!NAME_PATTERN.test(name)) return "name field can only contain lowercase letters, numbers, and hyphens";
  return undefined;
}

export function descriptionProblem(description: string): string | undefined {
  if (description.length > DESCRIPTION_MAX_LENGTH)
    return `Description cannot exceed ${DESCRIPTION_MAX_LENGTH} characters`;
  return undefined;
}

/** Infisical parses the audience with `new URL()` (zod's url check). */
export function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const CREDENTIAL_REQUIRED: Record<"domain" | "clientId" | "clientSecret" | "audience", string> = {
  domain: "Domain required",
  clientId: "Client ID required",
  clientSecret: "Client Secret required",
  audience: "Audience required",
};
export type CredentialField = keyof typeof CREDENTIAL_REQUIRED;
export const CREDENTIAL_FIELDS = Object.keys(CREDENTIAL_REQUIRED) as CredentialField[];

/** Why a (trimmed) credential field value is invalid, or undefined. */
export function credentialProblem(field: CredentialField, value: string): string | undefined {
  if (value.length === 0) return CREDENTIAL_REQUIRED[field];
  if (field === "audience" && !isUrl(value)) return "Invalid url";
  return undefined;
}

/** What Infisical would turn a user's name into before storing it: trimmed (never lowercased on current servers). */
export function normalizeName(name: string): string {
  return name.trim();
}

/** Infisical's slugify, used to suggest a fix in error messages: `Auth0 Prod!` → `auth0-prod`. */
export function suggestSlug(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, NAME_MAX_LENGTH)
    .replace(/-+$/g, "");
}
