import { z } from "zod";

/** The request schemas, written from the facts (not shared with the client: a shared bug would pass every test). */

const NOT_SUPPORTED = "Not supported for Auth0 Connections";

export const connectionName = z
  .string()
  .trim()
  .min(1, "name field must be at least 1 lowercase character")
  .max(64, "name field must be at most 64 lowercase characters")
  .refine((name) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name), {
    message: "name field can only contain lowercase letters, numbers, and hyphens",
  });

// Infisical validates with zod 3, whose length checks count UTF-16 code units; zod 4's max() does not (for emoji),
// and its url() is stricter than zod 3's `new URL()` check. Both are spelled out to stay faithful.
const description = z
  .string()
  .trim()
  .refine((value) => value.length <= 256, { message: "Description cannot exceed 256 characters" })
  .nullable()
  .optional();

function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export const auth0Credentials = z.object({
  domain: z.string().trim().min(1, "Domain required"),
  clientId: z.string().trim().min(1, "Client ID required"),
  clientSecret: z.string().trim().min(1, "Client Secret required"),
  audience: z.string().trim().min(1, "Audience required").refine(parsesAsUrl, { message: "Invalid url" }),
});
export type Auth0Credentials = z.infer<typeof auth0Credentials>;

const isPlatformManagedCredentials = z.literal(false, { message: NOT_SUPPORTED }).optional();
const gatewayId = z.null({ message: NOT_SUPPORTED }).optional();

export const createAuth0Body = z.object({
  name: connectionName,
  description,
  method: z.literal("client-credentials"),
  credentials: auth0Credentials,
  projectId: z.string().optional(),
  isPlatformManagedCredentials,
  gatewayId,
});

/** `method` and `projectId` are not listed, so zod strips them: they cannot change on update. */
export const updateAuth0Body = z.object({
  name: connectionName.optional(),
  description,
  credentials: auth0Credentials.optional(),
  isPlatformManagedCredentials,
  gatewayId,
});

export const connectionIdParams = z.object({ connectionId: z.guid({ message: "Invalid uuid" }) });
export const connectionNameParams = z.object({ connectionName: z.string() });
export const projectQuery = z.object({ projectId: z.string().optional() });

export const loginBody = z.object({ clientId: z.string().trim(), clientSecret: z.string().trim() });
export const tokenBody = z.object({ accessToken: z.string().trim() });
