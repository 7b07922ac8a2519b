/**
 * How policies read an Auth0AppConnection's inputs without tripping over values that are unknown during preview.
 *
 * @pulumi/policy does not hand unknowns over as `undefined`: its props are a proxy that throws `UnknownValueError` on
 * the first access of an unknown value, and the SDK then reports "can't run policy ... during preview" as an advisory
 * diagnostic and skips every other check of that policy. Reading field by field lets the known fields still be
 * checked and keeps unknowns from producing any diagnostic at all.
 */
import { UnknownValueError } from "@pulumi/policy";

/** The Pulumi type token of the dynamic resource, defined once beside it. */
export { AUTH0_APP_CONNECTION_TYPE } from "../pulumi/type-token";

export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;
/** A value that may be absent (`undefined`) or not known until apply (`UNKNOWN`). */
export type Maybe<T> = T | undefined | Unknown;

// The engine marshals every computed value as the string sentinel; the others are what the SDK also recognises.
const UNKNOWN_SENTINELS = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}

function isUnknownValueError(error: unknown): boolean {
  // A second copy of @pulumi/policy (a pack with its own node_modules) defeats `instanceof`: also match by name.
  return (
    error instanceof UnknownValueError || (error instanceof Error && error.constructor.name === "UnknownValueError")
  );
}

/** `obj[key]`, with unknowns (proxy or sentinel) turned into UNKNOWN. */
export function readField(obj: unknown, key: string): unknown {
  if (isUnknown(obj)) return UNKNOWN;
  if (obj === null || typeof obj !== "object") return undefined;
  let value: unknown;
  try {
    value = (obj as Record<string, unknown>)[key];
  } catch (error) {
    if (isUnknownValueError(error)) return UNKNOWN;
    throw error;
  }
  return isUnknown(value) ? UNKNOWN : value;
}

function readString(obj: unknown, key: string): Maybe<string> {
  const value = readField(obj, key);
  if (value === UNKNOWN) return UNKNOWN;
  return typeof value === "string" ? value : undefined;
}

/** The inputs the policies look at. The client secret is deliberately not part of it. */
export interface ConnectionView {
  /** The name the program sets; the resource defaults it to the logical name, and so do we. */
  name: Maybe<string>;
  description: Maybe<string>;
  /** Absent: an org-level connection. */
  projectId: Maybe<string>;
  domain: Maybe<string>;
  audience: Maybe<string>;
}

export function connectionView(props: unknown, logicalName: string): ConnectionView {
  const name = readString(props, "name");
  const credentials = readField(props, "credentials");
  return {
    name: name === undefined ? logicalName : name,
    description: readString(props, "description"),
    projectId: readString(props, "projectId"),
    domain: readString(credentials, "domain"),
    audience: readString(credentials, "audience"),
  };
}

export function known<T>(value: Maybe<T>): value is T {
  return value !== undefined && value !== UNKNOWN;
}
