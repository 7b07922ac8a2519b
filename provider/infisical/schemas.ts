import { z } from "zod";
import { InfisicalApiError } from "./errors";
import type { AppConnectionOption, Auth0Connection, Auth0ConnectionListItem, AvailableConnection } from "./types";

/**
 * Response parsers. The zod schemas are built inside `buildParsers()` and held by each client instance, never at
 * module level: Pulumi's closure serializer cannot capture zod values (shared/facts/pulumi-engine.md). Objects are
 * non-strict: fields newer servers add are accepted and dropped. Fields older servers lack (gatewayId, ...) default.
 */
export interface Parsers {
  connection(body: unknown, where: string): Auth0Connection;
  connectionList(body: unknown, where: string): Auth0ConnectionListItem[];
  available(body: unknown, where: string): AvailableConnection[];
  options(body: unknown, where: string): AppConnectionOption[];
}

function invalid(where: string, error: z.ZodError): InfisicalApiError {
  const detail = error.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.map(String).join(".");
      const missing = i.code === "invalid_type" && i.message.includes("received undefined");
      return `${path || "(body)"}: ${missing ? "missing" : i.message}`;
    })
    .join("; ");
  return new InfisicalApiError({
    kind: "invalid-response",
    status: 200,
    message: `Unexpected answer from Infisical for ${where}: ${detail}`,
  });
}

export function buildParsers(): Parsers {
  const credentials = z.object({ domain: z.string(), clientId: z.string(), audience: z.string() });
  const connection = z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable().default(null),
    version: z.number(),
    orgId: z.string(),
    projectId: z.string().nullable().default(null),
    createdAt: z.string(),
    updatedAt: z.string(),
    isPlatformManagedCredentials: z.boolean().default(false),
    gatewayId: z.string().nullable().default(null),
    credentialsHash: z.string().nullable().default(null),
    app: z.literal("auth0"),
    method: z.literal("client-credentials"),
    credentials,
  });
  const project = z
    .object({ id: z.string(), name: z.string(), slug: z.string(), type: z.string() })
    .nullable()
    .default(null);
  const listItem = connection.extend({ project });
  const one = z.object({ appConnection: connection });
  const list = z.object({ appConnections: z.array(listItem) });
  const available = z.object({
    appConnections: z.array(
      z.object({
        app: z.string(),
        name: z.string(),
        id: z.string(),
        projectId: z.string().nullable().default(null),
        orgId: z.string(),
      }),
    ),
  });
  const options = z.object({
    appConnectionOptions: z.array(z.looseObject({ name: z.string(), app: z.string(), methods: z.array(z.string()) })),
  });

  const parse = <T>(schema: z.ZodType<T>, body: unknown, where: string): T => {
    const r = schema.safeParse(body);
    if (!r.success) throw invalid(where, r.error);
    return r.data;
  };
  return {
    connection: (body, where) => parse(one, body, where).appConnection,
    connectionList: (body, where) => parse(list, body, where).appConnections,
    available: (body, where) => parse(available, body, where).appConnections,
    options: (body, where) => parse(options, body, where).appConnectionOptions as AppConnectionOption[],
  };
}
