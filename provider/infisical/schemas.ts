import * as z from "zod/mini";
import { InfisicalApiError } from "./errors";
import type { AppConnectionOption, Auth0Connection, Auth0ConnectionListItem, AvailableConnection } from "./types";

/**
 * Response parsers, with zod's tree-shakable `zod/mini` API and `z.compile` (zod's generated fast path). Measured
 * (issue 13): classic zod bundled ~570 KB (every locale, the JSON-schema code) and cost ~40 ms of CPU to load; zod/mini
 * alone is ~20 KB but parses without a fast path, ~8 µs of CPU more per request than classic zod (a 5 % slower GET);
 * mini with `compile` is ~75 KB, parses a connection in well under 1 µs, and compiles each schema once, on its first
 * use (~1-3 ms). The schemas are built inside `buildParsers()` and held by each client instance, never at module
 * level: Pulumi serializes a dynamic provider's code with the values its functions capture, and cannot serialize
 * zod's schema objects. Objects are
 * non-strict: fields newer servers add are accepted and dropped. Fields older servers lack (gatewayId, ...) default.
 * Parsed objects hold only the declared keys, on fresh objects: a `__proto__` key in an answer cannot reach a
 * prototype (`constructor` and `prototype` are ordinary keys, dropped unless declared).
 */
export interface Parsers {
  connection(body: unknown, where: string): Auth0Connection;
  connectionList(body: unknown, where: string): Auth0ConnectionListItem[];
  available(body: unknown, where: string): AvailableConnection[];
  options(body: unknown, where: string): AppConnectionOption[];
}

/** An issue in words. zod/mini loads no locale (its messages are all "Invalid input"): worded here. */
function problem(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") return issue.input === undefined ? "missing" : `expected ${issue.expected}`;
  if (issue.code === "invalid_value") return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
  return issue.message;
}

function invalid(where: string, error: z.core.$ZodError): InfisicalApiError {
  const detail = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${problem(i)}`)
    .join("; ");
  return new InfisicalApiError({
    kind: "invalid-response",
    status: 200,
    message: `Unexpected answer from Infisical for ${where}: ${detail}`,
  });
}

export function buildParsers(): Parsers {
  const string = z.string();
  const nullableString = z._default(z.nullable(z.string()), null);
  const credentials = z.object({ domain: string, clientId: string, audience: string });
  const connectionShape = {
    id: string,
    name: string,
    description: nullableString,
    version: z.number(),
    orgId: string,
    projectId: nullableString,
    createdAt: string,
    updatedAt: string,
    isPlatformManagedCredentials: z._default(z.boolean(), false),
    gatewayId: nullableString,
    credentialsHash: nullableString,
    app: z.literal("auth0"),
    method: z.literal("client-credentials"),
    credentials,
  };
  const connection = z.object(connectionShape);
  const project = z._default(z.nullable(z.object({ id: string, name: string, slug: string, type: string })), null);
  const listItem = z.object({ ...connectionShape, project });
  const one = z.object({ appConnection: connection });
  const list = z.object({ appConnections: z.array(listItem) });
  const available = z.object({
    appConnections: z.array(
      z.object({ app: string, name: string, id: string, projectId: nullableString, orgId: string }),
    ),
  });
  const options = z.object({
    appConnectionOptions: z.array(z.looseObject({ name: string, app: string, methods: z.array(string) })),
  });

  /** A parser compiled on first use (a process that never lists never compiles the list schema). */
  const parser = <T>(schema: z.ZodMiniType<T>) => {
    let compiled: z.ZodMiniType<T> | undefined;
    return (body: unknown, where: string): T => {
      compiled ??= z.compile(schema);
      // reportInput: to tell a missing field from one of the wrong type (the input is never put into a message).
      const r = compiled.safeParse(body, { reportInput: true });
      if (!r.success) throw invalid(where, r.error);
      return r.data;
    };
  };
  const parseOne = parser(one);
  const parseList = parser(list);
  const parseAvailable = parser(available);
  const parseOptions = parser(options);
  return {
    connection: (body, where) => parseOne(body, where).appConnection,
    connectionList: (body, where) => parseList(body, where).appConnections,
    available: (body, where) => parseAvailable(body, where).appConnections,
    options: (body, where) => parseOptions(body, where).appConnectionOptions as AppConnectionOption[],
  };
}
