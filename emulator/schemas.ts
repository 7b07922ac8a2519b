import { z } from "zod";

/**
 * The route schemas, written from Infisical's behaviour (not shared with this project's client: a shared bug would
 * pass every test). Request schemas first; unknown keys are dropped, as Infisical's zod objects do.
 */

const NOT_SUPPORTED = "Not supported for Auth0 Connections";

/** Infisical's `slugSchema`: trimmed, 1–64 characters of `^[a-z0-9]+(-[a-z0-9]+)*$`, messages naming the field. */
export const slugField = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} field must be at least 1 lowercase character`)
    .max(64, `${field} field must be at most 64 lowercase characters`)
    .refine((slug) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug), {
      message: `${field} field can only contain lowercase letters, numbers, and hyphens`,
    });

export const connectionName = slugField("name");

// Infisical validates with zod 3, whose length checks count UTF-16 code units; zod 4's max() does not (for emoji),
// and its url() is stricter than zod 3's `new URL()` check. Both are spelled out to stay faithful.
const description = z
  .string()
  .trim()
  .refine((value) => value.length <= 256, { message: "Description cannot exceed 256 characters" })
  .nullable()
  .optional();

export function parsesAsUrl(value: string): boolean {
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

/** Every login takes it (Infisical's tools send it only when set): the sub-organization to scope the token to. */
export const organizationSlug = slugField("Slug").optional();

export const loginBody = z.object({ clientId: z.string().trim(), clientSecret: z.string().trim(), organizationSlug });
export const tokenBody = z.object({ accessToken: z.string().trim() });

/**
 * Response schemas: strict, so a field a route adds by mistake (a `clientSecret` above all) fails the response with
 * a 500 instead of reaching the client.
 */
/** Credential keys Infisical never returns: whatever looks like a secret (an AWS access key ID is not one). */
const SECRET_KEY = /secret|password|token|key/i;
export const isPublicCredentialKey = (key: string): boolean => !SECRET_KEY.test(key) || key === "accessKeyId";

const publicAuth0Credentials = z.strictObject({ domain: z.string(), clientId: z.string(), audience: z.string() });

const connectionFields = {
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  version: z.literal(1),
  orgId: z.string(),
  projectId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  isPlatformManagedCredentials: z.literal(false),
  gatewayId: z.null(),
  isAutoRotationEnabled: z.literal(false),
  gatewayPoolId: z.null(),
  credentialsHash: z.string().nullable(),
};

const projectSummary = z.strictObject({ id: z.string(), name: z.string(), slug: z.string(), type: z.string() });

export const auth0Connection = z.strictObject({
  ...connectionFields,
  app: z.literal("auth0"),
  method: z.literal("client-credentials"),
  credentials: publicAuth0Credentials,
});

export const auth0ConnectionReply = z.strictObject({ appConnection: auth0Connection });

export const auth0ListReply = z.strictObject({
  appConnections: z.array(auth0Connection.extend({ project: projectSummary.nullable() })),
});

export const availableReply = z.strictObject({
  appConnections: z.array(
    z.strictObject({
      app: z.literal("auth0"),
      name: z.string(),
      id: z.string(),
      projectId: z.string().nullable(),
      orgId: z.string(),
    }),
  ),
});

/** A connection of any app: each app has its own credential fields, none of them secret. */
export const anyConnection = z.strictObject({
  ...connectionFields,
  app: z.string(),
  method: z.string(),
  credentials: z.record(z.string().refine(isPublicCredentialKey, { message: "a secret credential field" }), z.string()),
});

export const anyConnectionListReply = z.strictObject({
  appConnections: z.array(anyConnection.extend({ project: projectSummary.nullable() })),
});

export const optionsReply = z.strictObject({
  appConnectionOptions: z.array(z.strictObject({ name: z.string(), app: z.string(), methods: z.array(z.string()) })),
});

export const tokenReply = z.strictObject({
  accessToken: z.string(),
  expiresIn: z.number(),
  accessTokenMaxTTL: z.number(),
  tokenType: z.literal("Bearer"),
});

export const messageReply = z.strictObject({ message: z.string() });
